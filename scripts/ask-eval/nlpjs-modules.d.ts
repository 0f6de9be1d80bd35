// NLP.js ships no type declarations; these cover the calls the comparison makes.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): NlpJs;
  }
  export interface NlpJs {
    settings: { autoSave: boolean; log?: boolean };
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  }
  export function containerBootstrap(): Promise<Container>;
}
declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-ko' {
  export const LangKo: unknown;
}
