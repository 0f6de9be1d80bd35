/**
 * Turning what people type into something comparable: film titles and people's names.
 *
 * Users type titles and Korean names in every shape: `BALLERINA!`, `balerina`, `발레리나`,
 * `Jun Jong-seo` for Jeon Jong-seo, `Ji-hun Kim` for Kim Ji-hun, `Chung-Hyun Lee` for Lee Chung-hyun.
 * Everything here is pure string work so the catalogue and /ask can share it.
 */

/** Characters that render as nothing (zero-width, bidi marks, variation selectors, BOM) or control the terminal. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Co}\p{Cs}]/gu;
const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE63\uFF0D';
const APOSTROPHES = /['\u2018\u2019\u02BC\u0060\u00B4]/gu;

/**
 * What a user "really" typed: NFC, invisible characters removed, whitespace collapsed, trimmed.
 * Used before length checks so `\u200b` padding or RTL marks do not make an empty option look full.
 */
export function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

/**
 * Lowercase words of letters and numbers only: accents and other combining marks stripped,
 * compatibility forms unified (full-width letters, ligatures), punctuation gone.
 * Hangul survives: NFD splits a syllable into jamo, which are letters, and NFC puts it back together.
 */
export function foldText(raw: string): string {
  return cleanText(raw)
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A title as one comparable string: `Ballerina (2023)!` → `ballerina2023`. */
export const titleKey = (raw: string): string => foldText(raw).replaceAll(' ', '');

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), counted in code points.
 * Stops early and returns `max + 1` once the distance is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[t.length] ?? max + 1;
}

/** How many typos a key of this length may carry and still count as the same title. */
export function titleTypoAllowance(key: string): number {
  const n = Array.from(key).length;
  if (n <= 3) return 0;
  if (n <= 5) return 1;
  if (n <= 12) return 2;
  return 3;
}

/** Same for a folded person key; names are short, so be stricter than with titles. */
export function nameTypoAllowance(key: string): number {
  const n = Array.from(key).length;
  if (n < 5) return 0;
  if (n < 8) return 1;
  return 2;
}

/** Words that never identify a person on their own ("the ballerina" is the ballerina). */
const NAME_STOPWORDS = new Set(['the', 'a', 'an', 'mr', 'mrs', 'ms', 'miss', 'dr']);

/** Whole-word spellings that no letter rule can reach: 이 is Lee, Yi, Rhee or Ri; 박 is Park or Pak. */
// A Map, not an object: the word is the user's, and `constructor` must not find Object's.
const WORD_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['yi', 'lee'],
  ['park', 'pak'],
]);

/**
 * Fold one romanised word so that the common spellings of the same Korean syllables meet:
 * Revised Romanization vs McCune–Reischauer vs English habit (Jeon/Jun/Chun, Lee/Rhee/Ri,
 * Park/Pak/Bak, Kim/Gim, Choi/Choe, Ji-hun/Jee-hoon, Yu-rim/Yoo-rim, Seo/Suh…).
 * The result is only ever compared with another folded word, never shown.
 */
function foldRomanisedWord(word: string): string {
  const w = WORD_VARIANTS.get(word) ?? word;
  return w
    .replace(/rh/g, 'r')
    .replace(/eo|oo|ou/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/oe/g, 'oi')
    .replace(/ch/g, 'j')
    .replace(/sh/g, 's')
    .replace(/uh$/g, 'u')
    .replace(/k/g, 'g')
    .replace(/p/g, 'b')
    .replace(/t/g, 'd')
    .replace(/l/g, 'r')
    .replace(/(.)\1+/gu, '$1');
}

/**
 * A name as folded words. Hyphens between letters join syllables ("Ji-hun" is one given name),
 * honorific-ish stopwords drop out.
 */
export function nameWords(raw: string): string[] {
  const joined = cleanText(raw).replace(new RegExp(`(?<=\\p{L})[${DASHES}]+(?=\\p{L})`, 'gu'), '');
  return foldText(joined)
    .split(' ')
    .filter((w) => w !== '' && !NAME_STOPWORDS.has(w))
    .map(foldRomanisedWord);
}

/** The query side of a name comparison: the folded words, concatenated in the order typed. */
export const personQueryKey = (raw: string): string => nameWords(raw).join('');

function* arrangements(words: readonly string[]): Generator<string[]> {
  if (words.length === 0) {
    yield [];
    return;
  }
  for (let i = 0; i < words.length; i++) {
    const rest = [...words.slice(0, i), ...words.slice(i + 1)];
    for (const tail of arrangements(rest)) yield [words[i] ?? '', ...tail];
  }
}

/** Every key under which a name can be found. */
export interface NameForms {
  /** The whole name in any word order: `Kim Ji-hun` and `Ji-hun Kim` share these. */
  full: ReadonlySet<string>;
  /** Part of the name, in any order: the surname `Kim`, the given name `Ji-hun`. */
  partial: ReadonlySet<string>;
}

/** One word of Hangul syllables only (no jamo, no Latin). */
export const isHangulWord = (word: string): boolean => /^[\uAC00-\uD7A3]+$/u.test(word);

/**
 * Endings Korean glues onto a name: particles (전종서가, 최는, 옥주한테), honorifics (씨, 님) and
 * the role nouns people attach (최역, 민희역할). Longest first, so 이랑 wins over 이.
 */
const KOREAN_NAME_ENDINGS = [
  '캐릭터',
  '배우',
  '역할',
  '에게',
  '한테',
  '께서',
  '이랑',
  '으로',
  '이야',
  '이는',
  '이가',
  '이도',
  '씨',
  '님',
  '역',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '도',
  '만',
  '랑',
  '와',
  '과',
  '로',
  '야',
  '아',
].sort((a, b) => b.length - a.length);

/**
 * Does `token` (a folded word of a Korean sentence) consist of the name `key` plus only particles,
 * honorifics or role nouns? `최는` is 최, `최근` (recently) is not.
 * Hand-written: Korean morphological analysers on npm ship dictionaries far larger than this need.
 */
export function isNameWithEndings(token: string, key: string): boolean {
  if (!token.startsWith(key)) return false;
  let rest = token.slice(key.length);
  while (rest !== '') {
    const ending = KOREAN_NAME_ENDINGS.find((e) => rest.startsWith(e));
    if (ending === undefined) return false;
    rest = rest.slice(ending.length);
  }
  return true;
}

/** Build the lookup keys for one spelling of a name. */
export function nameForms(raw: string): NameForms {
  const words = nameWords(raw);
  const full = new Set<string>();
  const partial = new Set<string>();
  // A name has two or three words; beyond four the permutations explode and order matters less.
  const orderable = words.length <= 4;
  if (orderable) {
    for (const arrangement of arrangements(words)) full.add(arrangement.join(''));
  } else {
    full.add(words.join(''));
    full.add([...words].reverse().join(''));
  }
  if (words.length > 1) {
    const count = 1 << words.length;
    for (let mask = 1; mask < count - 1 && orderable; mask++) {
      const subset = words.filter((_, i) => (mask & (1 << i)) !== 0);
      for (const arrangement of arrangements(subset)) partial.add(arrangement.join(''));
    }
    if (!orderable) for (const w of words) partial.add(w);
  }
  // A Hangul name is written without spaces (전종서): its given name (종서) is a part of it, as
  // Jong-seo is of Jeon Jong-seo. A lone surname syllable is not: 이 and 김 are everyday words too.
  const [only] = words;
  if (words.length === 1 && only !== undefined && isHangulWord(only) && only.length >= 3) {
    partial.add(only.slice(1));
  }
  for (const key of full) partial.delete(key);
  full.delete('');
  partial.delete('');
  return { full, partial };
}

/** How well a query matches a name: 0 whole name, 1 part of it, 2+ with typos; undefined: no match. */
export function nameMatchScore(queryKey: string, forms: NameForms): number | undefined {
  if (queryKey === '') return undefined;
  if (forms.full.has(queryKey)) return 0;
  if (forms.partial.has(queryKey)) return 1;
  const allowance = nameTypoAllowance(queryKey);
  if (allowance === 0) return undefined;
  let best: number | undefined;
  for (const key of [...forms.full, ...forms.partial]) {
    if (Array.from(key).length < 5) continue;
    const d = editDistance(queryKey, key, allowance);
    if (d <= allowance && (best === undefined || d < best)) best = d;
  }
  return best === undefined ? undefined : 1 + best;
}

/**
 * User text to quote back in a reply, made inert: it can neither ping (`@everyone`, `<@id>`)
 * nor break formatting, because only letters, numbers, spaces and a little harmless punctuation survive.
 * The domain may not import discord.js's escapeMarkdown, so it keeps to an allow-list instead.
 */
export function quoteUserText(raw: string, max = 60): string {
  const safe = cleanText(raw)
    .replace(/[^\p{L}\p{N}\p{M} .,'’!?&:/+-]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const shown = safe === '' ? '…' : truncate(safe, max);
  return `“${shown}”`;
}

/**
 * Cut `text` to at most `max` UTF-16 units (Discord's limits are at least that generous), ending with
 * an ellipsis, never splitting a surrogate pair, preferring a word boundary close to the limit.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/u);
  if (space > 0 && cut.length - space <= 24) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
