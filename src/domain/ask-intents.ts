/**
 * THE table of /ask intents: each row is an intent with its English and Korean patterns and the
 * function that answers it from the film data. answerQuestion (ask.ts) tries the rows in order and
 * takes the first that matches and answers; rows for things the data does not hold come first, so
 * "is it dubbed?" is refused instead of being read as a question about the film's language.
 *
 * Patterns run on folded text (lowercase, no punctuation, contractions expanded). A row `reads`
 * either the text as typed or the text with every named film replaced by "it" (`masked`).
 * Named groups: `p` a person or character, `f` a film.
 */
import type { PersonMatch } from './catalogue.ts';
import type { CastMember, Film } from './film.ts';
import { releaseStatus } from './film-text.ts';
import {
  actorIn,
  characterIn,
  countryIn,
  descriptionIn,
  directorIn,
  directorRoleIn,
  directorWorksIn,
  disambiguationIn,
  filmLabelIn,
  genresIn,
  languageIn,
  listIn,
  nameWithAliasesIn,
  otherWorksIn,
  otherWorksNoteIn,
  platformIn,
  regionIn,
  runtimeIn,
  synopsisIn,
  titleIn,
  whereIn,
  workIn,
} from './i18n/film-words.ts';
import type { Locale, MessageKey, MessageVars } from './i18n/index.ts';
import { foldText, quoteUserText } from './names.ts';
import type { Answer, AskContext, AskIntent } from './ask-types.ts';
import type { Scope } from './ask-reading.ts';

/** One question being answered: how it reads, which language patterns apply, which language replies. */
export interface Question {
  scope: Scope;
  /** The language the question is written in: which patterns apply. */
  lang: Locale;
  /** The language of the reply. */
  locale: Locale;
  ctx: AskContext;
  /** Set by a row that read a person slot nobody in the film matches; reported if no row answers. */
  unknownPerson?: { slot: string; film: Film };
}

export interface Slots {
  p?: string;
  f?: string;
}

type Reply = Answer | undefined;

export interface IntentRow {
  intent: AskIntent;
  reads: 'text' | 'masked';
  en: readonly RegExp[];
  ko: readonly RegExp[];
  /** The answer, or undefined when the data does not fit this reading after all (try the next row). */
  answer(q: Question, slots: Slots): Reply | Promise<Reply>;
}

/** Topics people ask about that no film file holds; each has a refusal naming it. */
export type Topic =
  | 'dubbing'
  | 'subtitles'
  | 'filming'
  | 'age'
  | 'budget'
  | 'reviews'
  | 'sequel'
  | 'music'
  | 'trailer'
  | 'scary'
  | 'awards'
  | 'personal'
  | 'crew'
  | 'source'
  | 'ending'
  | 'other';

// ---------------------------------------------------------------------------------------------
// Korean boundaries: \b only knows ASCII words, so Korean patterns spell out "start or space".
const S = '(?:^| )';

const outOfScope = (topic: Topic, en: readonly RegExp[], ko: readonly RegExp[]): IntentRow => ({
  intent: 'unknown',
  reads: 'text',
  en,
  ko,
  answer: (q) => refusal(q, topic),
});

/** The rows, in the order they are tried. */
export const INTENTS: readonly IntentRow[] = [
  // Things the data does not hold: refused, never answered with a neighbouring fact.
  outOfScope(
    'dubbing',
    [/\b(?:dub|dubs|dubbed|dubbing|voice ?overs?|voiced|english audio|audio track)\b/],
    [/더빙|dub/],
  ),
  outOfScope(
    'subtitles',
    [/\b(?:subs|subtitles?|subtitled|captions?|closed captions?|cc)\b/],
    [/자막/],
  ),
  outOfScope(
    'scary',
    [
      /\b(?:scary|scare|scared|frightening|creepy|gory|gore|violent|bloody|suitable|kids|kid|children|child|family friendly|age rating|rated|certificate|year old|pg|parental)\b/,
    ],
    [/무서|무섭|잔인|관람 ?등급|관람가|몇 ?세|애들|아이들|아이랑|청소년|19금|야해/],
  ),
  outOfScope(
    'filming',
    [/\b(?:filmed|shot|shoot|filming|shooting|locations?|set in what|where was it made)\b/],
    [/촬영|찍었|찍은|로케/],
  ),
  outOfScope(
    'age',
    [/\bhow old\b|\bage\b|\bages\b|\bborn\b|\bbirthday\b|\bbirth\b/],
    [/나이|몇 ?살|생일|태어|출생/],
  ),
  outOfScope(
    'budget',
    [
      /\b(?:budget|cost|costs|box office|gross|grossed|money|earn|earned|revenue|how many (?:people|viewers)|viewers|views|price|subscription)\b/,
    ],
    [/제작비|예산|흥행|관객 ?수|수익|박스 ?오피스|돈을? (?:얼마|많이)|구독료/],
  ),
  outOfScope(
    'reviews',
    [
      /\b(?:rotten|tomatoes|imdb|rating|ratings|score|scores|review|reviews|reviewed|critics?|any good|worth|good|better than|best|worst|recommend|similar|like it|enjoy|boring|overrated)\b/,
    ],
    [/평점|평가|재밌|재미있|재미 ?있|볼 ?만|추천|명작|별점|후기|리뷰|비슷한/],
  ),
  outOfScope(
    'sequel',
    [/\b(?:sequel|sequels|prequel|part 2|part two|season 2|season two|ballerina 2|follow up)\b/],
    [/속편|후속|2편|시즌 ?2|프리퀄|다음 ?편/],
  ),
  outOfScope(
    'music',
    [/\b(?:music|song|songs|soundtrack|composer|composed|ost|theme tune|score by|playlist)\b/],
    [/음악|ost|사운드 ?트랙|노래|작곡/],
  ),
  outOfScope('trailer', [/\b(?:trailer|trailers|teaser|clip|clips)\b/], [/예고편|트레일러|티저/]),
  outOfScope(
    'awards',
    [/\b(?:award|awards|oscar|oscars|won|win|wins|nominated|nomination|festival)\b/],
    [/상을? 받|수상|시상|노미네이트|후보에|영화제/],
  ),
  outOfScope(
    'personal',
    [
      /\b(?:married|wife|husband|dating|girlfriend|boyfriend|instagram|twitter|tiktok|tall|height|net worth|partner|religion)\b/,
    ],
    [/결혼|연애|사귀|남자 ?친구|여자 ?친구|남친|여친|인스타|키가|키는/],
  ),
  outOfScope(
    'crew',
    [
      /\b(?:stunts?|stuntman|cinematographer|cinematography|producer|producers|produced|studio|production company|editor|edited|choreograph\w*|costumes?|distributor)\b/,
    ],
    [/제작사|제작했|제작한|누가 제작|프로듀서|촬영 ?감독|스턴트|배급|무술 감독|의상/],
  ),
  outOfScope(
    'source',
    [
      /\b(?:true story|based on|webtoon|book|novel|remake|adaptation|adapted|inspired by|real events)\b/,
    ],
    [/실화|원작|웹툰|소설|리메이크/],
  ),
  outOfScope(
    'ending',
    [/\b(?:end|ending|ends|die|dies|died|dying|survive|survives|twist|spoilers?|post credits?)\b/],
    [/결말|마지막에|끝에|끝나|죽(?:어|나|는지|어요|냐|음을 맞|지 않)(?: |$)|살아남|스포|쿠키/],
  ),
  outOfScope(
    'other',
    [
      /\b(?:weather|kpop|k pop|other (?:korean |netflix )?(?:movies|films|shows) (?:are )?(?:on|like|to)|what should i watch|similar movies?)\b/,
    ],
    [/날씨|다른 한국 영화|다른 넷플릭스 영화|뭐 볼까/],
  ),

  // The other Ballerina (John Wick): answered with the film's own note, never with its facts.
  {
    intent: 'disambiguation',
    reads: 'text',
    en: [/(?:)/],
    ko: [/(?:)/],
    answer(q) {
      const film = q.scope.confusion();
      if (film === undefined) return undefined;
      const note = disambiguationIn(film, q.locale, q.ctx.now);
      if (note === undefined) return undefined;
      const yesNo =
        q.lang === 'ko'
          ? /(?:야|예요|이에요|인가요|나와|나오|맞아|맞나|같은|출연|관련)/.test(q.scope.text)
          : /^(?:is|was|are|does|did|has|have|isnt|is not|same|wait is) /.test(q.scope.masked);
      return yesNo
        ? reply(q, 'disambiguation', film, say(q, 'ask.disambiguation.no', { note }))
        : reply(
            q,
            'disambiguation',
            film,
            say(q, 'ask.disambiguation.onlyTrack', { film: label(q, film), note }),
          );
    },
  },

  // The original (Korean) title.
  {
    intent: 'title',
    reads: 'masked',
    en: [
      /\b(?:korean|original|hangul|native|real|english) (?:title|name)\b/,
      /\btitle in (?:korean|hangul|english)\b/,
      /\bcalled in (?:korean|korea|hangul)\b/,
      /\b(?:say|write|spell) (?:it|ballerina|the title) in (?:korean|hangul)\b/,
      /\bkorean (?:name|title) (?:of|for) (?:it|the film|the movie)\b/,
      /^(?:is there|does it have) an? (?:korean|original) (?:title|name)$/,
    ],
    ko: [/(?:영어|영문|한국어|한국|한글|원래|오리지널|외국|국내) ?(?:제목|이름|타이틀)|원제/],
    answer: (q) => titleAnswer(q, q.scope.film()),
  },

  // The whole cast.
  {
    intent: 'cast',
    reads: 'masked',
    en: [
      /^(?:who|whom) (?:is|are|was|were|stars?|starred|starring|acts?|acted|appears?|appeared|plays?|played) in(?: (?<f>.+))?$/,
      /^(?:who|what) (?:is|are) (?:the )?(?:cast|actors|stars|cast list|main cast|leads?|lead actors)(?: (?:of|in|for) (?<f>.+))?$/,
      /^(?:the |full |whole )?(?:cast|cast list|actors|stars)(?: (?:of|in|for) (?<f>.+))?$/,
      /^(?:who|whom) (?:is|are) (?:starring|the stars?) (?:in )?(?<f>.+)$/,
      /^who is starring$/,
      /\b(?:cast|actors|actresses|starring|line ?up)\b(?! as\b)(?: (?:of|in|for) (?<f>.+))?/,
    ],
    ko: [],
    answer: (q, s) => castAnswer(q, q.scope.film(s.f)),
  },

  // Why the hero wants revenge and whom she blames: the synopsis and the character lines answer it.
  {
    intent: 'motive',
    reads: 'text',
    en: [
      /\b(?:why|how come)\b.*\b(?:revenge|avenge|hunt|hunting|hunts|after|angry|kill|killing|go after|goes after|chase|chasing|chases|want|wants|mad)\b/,
      /\b(?:motive|motivation|reason)\b/,
      /\b(?:blame|blames|blamed|responsible|killed|killer|murdered|murderer)\b/,
      /^who (?:is|does) .+ (?:hunting|after|chasing|going after|taking revenge on|hunt|chase|want revenge on)$/,
      /\brevenge on\b/,
      /\bwhat message\b|\bmessage did\b|\bask .+ to do\b/,
    ],
    ko: [
      /왜|이유|동기|탓|책임|죽게 한|죽인 사람|범인/,
      /복수(?! ?(?:영화|스릴러|극))/,
      new RegExp(`${S}누구(?:를|한테|에게)? (?:쫓|찾)`),
    ],
    answer: (q) => motiveAnswer(q, q.scope.film()),
  },

  // What else someone was in or has made.
  {
    intent: 'other-works',
    reads: 'text',
    en: [
      /^what (?:else|other (?:films?|movies?|shows?|series|things?|work|roles?|projects?|stuff)) (?:has|have|did|does|was|is|were|will) (?<p>.+?) (?:been in|appeared in|starred in|acted in|done|made|directed|written|worked on|do|make|direct|write|star in|act in|appear in|work on|been|in)(?: before)?$/,
      /^what (?:films?|movies?|shows?|series|projects?|roles?|works?) (?:has|have|did|was|is|were) (?<p>.+?) (?:been in|appeared in|starred in|acted in|done|made|directed|in|do|make|direct|known for|famous for)(?: before)?$/,
      /^what (?:has|have|did|else did) (?<p>.+?) (?:been in|appeared in|starred in|acted in|done|made|directed|written|worked on|do before|make before|direct before)(?: before)?$/,
      /^what (?:was|were|has|is) (?<p>.+?) (?:in|been in) before$/,
      /^what (?:is|was|are) (?<p>.+?) (?:known|famous|best known|most famous) for$/,
      /^where (?:have i|do i know|did i|might i have|could i have|would i have|have we) (?:seen|know|heard of|heard) (?<p>.+?)(?: from| before)?$/,
      /^(?:other|previous|earlier|past) (?:works?|films?|movies?|roles?|credits?|shows?) (?:of|by|for|from|with) (?<p>.+)$/,
      /^(?<p>.+?) (?:other|previous|earlier|past) (?:works?|films?|movies?|roles?|credits?|shows?)$/,
      /^(?:filmography|credits) (?:of|for) (?<p>.+)$/,
      /^(?<p>.+?) (?:filmography|credits)$/,
      /^(?:has|was|is|did) (?<p>.+?) (?:been |done |acted |starred )?(?:in|made|directed|done) (?:anything|any other|other) ?(?:else|films?|movies?|shows?|work|stuff)?$/,
      /^(?:has|did) (?<p>.+?) (?:done|made|directed) (?:other|any other|anything) ?(?:stuff|films?|movies?|shows?|work|else)?$/,
    ],
    ko: [
      /다른 ?(?:출연)?작품|출연작|전작|필모|대표작|전에 (?:나온|뭐|만든)|나왔었|어디서 봤|나온 적|다른 (?:데|영화|드라마)|만든 다른|뭐에 나왔|뭐 만들었|뭐 찍었/,
    ],
    answer(q, s) {
      const film = q.scope.film();
      const people = peopleOf(q, film, s.p, { director: true });
      if (people.length > 0) return otherWorksAnswer(q, film, people);
      noteUnknownPerson(q, s.p, film);
      return undefined;
    },
  },

  // Who directed (and wrote) it.
  {
    intent: 'director',
    reads: 'masked',
    en: [
      /^who (?:wrote|write|writes|did) (?:the )?(?:script|screenplay|story|writing)\b/,
      /^who (?:wrote|write) and directed (?<f>.+)$/,
      /^who (?:directed|directs|is directing|was directing|made|makes|helmed|created|wrote|write|writes|is behind|was behind|direct)(?: (?<f>.+))?$/,
      /^who (?:is|was|are|were) (?:the )?(?:director|directors|writer|writers|filmmaker|screenwriter|writer and director|creator|dir)(?: (?:of|for|behind) (?<f>.+))?$/,
      /^(?:the )?(?:director|writer|filmmaker|screenwriter)(?: (?:of|for|behind) (?<f>.+))?$/,
      /^(?:what is the name of|name|name of) (?:the )?(?:director|writer)(?: (?:of|for) (?<f>.+))?$/,
      /\b(?:directed|director|directors|filmmaker|screenwriter|written by|writer|wrote|direct|script)\b/,
    ],
    ko: [
      /^(?<f>[^ ]+?)(?:의)? (?:감독|연출|각본)/,
      /감독|연출|각본|누가 만든|만든 사람|누가 만들|누가 썼/,
    ],
    answer(q, s) {
      // "이충현 감독은 누구야?" names the director: a who-is question, answered by a later row.
      const known = q.scope.filmIfKnown();
      if (q.lang === 'ko' && known !== undefined) {
        if (q.scope.peopleInKorean(known, { director: false }).length > 0) return undefined;
      }
      const film = q.scope.film(s.f);
      const asksWriter =
        q.lang === 'ko'
          ? /각본|썼|시나리오/.test(q.scope.text)
          : /\b(?:wrote|write|writes|writer|writers|written|screenwriter|script)\b/.test(
              q.scope.masked,
            );
      return directorAnswer(q, film, asksWriter);
    },
  },

  // Whether someone is in it (English: "is X in it?").
  {
    intent: 'in-cast',
    reads: 'text',
    en: [
      /^(?:is|was|does|did) (?<p>.+?) (?:in|star in|act in|appear in|play in|starring in|acting in) (?<f>.+)$/,
    ],
    ko: [],
    answer: (q, s) => inCastAnswer(q, s),
  },

  // Who plays someone, or whom someone plays.
  {
    intent: 'who-plays',
    reads: 'text',
    en: [
      /^who (?:plays|played|is playing|was playing|will play|portrays|portrayed|plays the role of|played the role of|plays the part of|is the actor (?:for|playing|who plays|of)|is the actress (?:for|playing|who plays|of)|is the actor|is the actress|acts as|stars as|is cast as|was cast as)(?: the role of)? (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:which|what) (?:actor|actress|person|performer) (?:plays|played|is playing|portrays|portrayed|is) (?<p>.+?)(?: in (?<f>.+))?$/,
      /^who (?:is|was) (?:the )?(?:actor|actress) (?:who|that) (?:plays|played|is playing) (?<p>.+?)(?: in (?<f>.+))?$/,
      /^who (?:is|was) (?<p>.+?) played by(?: in (?<f>.+))?$/,
      /^(?<p>.+?) (?:is|was) played by (?:who|whom|which actor)(?: in (?<f>.+))?$/,
      /^(?:who|whom|what (?:role|character|part)|which (?:role|character|part)) (?:does|did|will|is) (?<p>.+?) (?:play|playing|portray|portraying|have|has|get|got)(?: in (?<f>.+))?$/,
      /^(?:who|whom|what (?:role|character|part)) (?:is|was) (?<p>.+?) playing(?: in (?<f>.+))?$/,
      /^(?:actor|actress) (?:for|of|playing) (?<p>.+?)(?: in (?<f>.+))?$/,
    ],
    ko: [
      /누가|누구 ?역|무슨 ?역|어떤 ?역|역할은|배역|맡은|맡았|맡아|역 ?배우|배우가? 누구|연기(?:해|했|하|함)|역은 누구|역이 누구/,
    ],
    answer(q, s) {
      const film = q.scope.film(s.f);
      const people = peopleOf(q, film, s.p, { director: false });
      if (people.length > 0) return whoPlaysAnswer(q, film, people);
      noteUnknownPerson(q, s.p, film);
      return undefined;
    },
  },

  // Who someone is, or who the villain is.
  {
    intent: 'who-is',
    reads: 'text',
    en: [
      /^(?:who|whom) (?:is|was|are|were) (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:tell me|what do you know|talk) about (?<p>.+?)(?: in (?<f>.+))?$/,
      /^(?:what|which) (?:character|role) is (?<p>.+?)(?: in (?<f>.+))?$/,
    ],
    ko: [/누구|어떤 ?(?:인물|캐릭터|사람|역|배우)|누군지|소개/],
    answer(q, s) {
      // "tell me about Ballerina" is about the film, not the ballerina of its title.
      if (
        s.p !== undefined &&
        ((/^(?:tell|what do|talk)/.test(q.scope.text) && q.scope.isFilm(s.p)) ||
          q.scope.isFilmReference(s.p))
      ) {
        return undefined;
      }
      const film = q.scope.film(s.f);
      const people = peopleOf(q, film, s.p, { director: false, named: true });
      if (people.length > 0) return whoIsAnswer(q, film, people);
      noteUnknownPerson(q, s.p, film);
      return undefined;
    },
  },

  // Korean: the whole cast ("출연진 알려줘", "누가 나와?").
  {
    intent: 'cast',
    reads: 'text',
    en: [],
    ko: [
      /출연진|캐스트|캐스팅|누가 나와|누가 나오|누구누구|배우 ?누구|배우들|출연 ?배우|주연 ?배우|누가 출연|등장인물/,
    ],
    answer: (q) => castAnswer(q, q.scope.film()),
  },

  // How long until the release, before "how long" is taken as the runtime.
  {
    intent: 'release',
    reads: 'masked',
    en: [
      /\bhow (?:long|many (?:days|hours|weeks|minutes|sleeps)) (?:until|till|til|before|to go|left|is it until|is it till|do we have|do i have)\b/,
    ],
    ko: [/며칠|얼마나 남|몇 ?(?:시간|일) 남|남았/],
    answer: async (q) => releaseAnswer(q, q.scope.film()),
  },

  // Year (Korean "언제 만든" before the release's "언제").
  {
    intent: 'year',
    reads: 'masked',
    en: [
      /^what year (?:is|was) (?<f>.+?)(?: from| made| released)?$/,
      /\b(?:what year|which year|when was it (?:made|produced)|year did it come out|is it a \d{4} (?:film|movie))\b/,
      /^when was (?:it|the film|the movie) made$/,
    ],
    ko: [/몇 ?년|연도|언제 만든|언제 나온 영화/],
    answer: (q, s) => yearAnswer(q, q.scope.film(s.f)),
  },

  // Runtime.
  {
    intent: 'runtime',
    reads: 'masked',
    en: [
      /^(?:how long|what) (?:is|was) (?:the )?(?<f>.+?) (?:runtime|run time|running time|length|duration)$/,
      /^how long (?:is|was) (?<f>.+?)(?: in minutes| in hours| exactly| roughly)?$/,
      /^how long (?:does|will|did) (?<f>.+?) (?:last|run|take|go on|go for)$/,
      /\b(?:runtime|run time|running time|length|duration) (?:of|for) (?<f>.+)$/,
      /^how many (?:minutes|hours|mins) (?:is|long is|does) (?<f>.+?)(?: last| run)?$/,
      /\b(?:how long|runtime|run time|running time|length|duration|how many minutes|how many hours|minutes long|hours long|hour movie|hour film|is it long)\b/,
    ],
    ko: [
      /러닝 ?타임|런닝 ?타임|상영 ?시간|몇 ?분|몇 ?시간 ?짜리|몇 ?시간이야|길이|얼마나 길|분 ?짜리|시간 ?짜리/,
    ],
    answer: (q, s) => runtimeAnswer(q, q.scope.film(s.f)),
  },

  // Genre.
  {
    intent: 'genre',
    reads: 'masked',
    en: [
      /^what (?:genre|genres|kind of (?:film|movie)|type of (?:film|movie)|sort of (?:film|movie)) (?:is|was) (?<f>.+)$/,
      /\b(?:genre|genres) (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) genre$/,
      /\b(?:genre|genres|kind of (?:film|movie)|type of (?:film|movie)|sort of (?:film|movie)|category|what is it like)\b/,
      /^is (?:it|this|that) (?:a |an )?(?:horror|comedy|action|thriller|drama|romance|romcom|sci ?fi|fantasy|documentary|animated|cartoon|musical|revenge|rom com|war|crime|mystery)\b/,
    ],
    ko: [
      /장르|액션|스릴러|종류의 영화|어떤 종류|공포 영화|호러|코미디|로맨스|드라마야|무슨 종류|어떤 장르/,
    ],
    answer: (q, s) => genreAnswer(q, q.scope.film(s.f)),
  },

  // Country and language.
  {
    intent: 'origin',
    reads: 'masked',
    en: [
      /\b(?:language|languages|country|nationality|in korean|korean film|korean movie|where is it from|where is the movie from|where is the film from|is it korean|from korea)\b/,
    ],
    ko: [/어느 나라|나라 영화|한국 영화|언어|한국어로|국적|어디 영화/],
    answer(q) {
      const film = q.scope.film();
      return film.country === undefined && film.language === undefined
        ? undefined
        : originAnswer(q, film);
    },
  },

  // When and where to watch.
  {
    intent: 'release',
    reads: 'masked',
    en: [
      /^when (?:is|does|will|can i (?:watch|see|stream)|do we get|do i get) (?<f>.+?)(?: (?:come out|coming out|be out|out|released|release|be released|premiere|premiering|premieres|available|streaming|on netflix|come to netflix|coming to netflix|land|drop|air|be available|be on netflix|start|starting|come|coming|arrive|arriving|launch|launching|hit netflix|hitting netflix|on))+(?: in (?:the )?uk)?$/,
      /^where (?:can|do|could|should|will|would) (?:i|we|you|people) (?:watch|see|stream|find|get) (?<f>.+?)(?: in (?:the )?uk)?$/,
      /^(?:is|has) (?<f>.+?) (?:out|on netflix|available|released|streaming|come out|came out)(?: yet| now| already)?$/,
      /^(?:the )?release date (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) release (?:date|day|time)$/,
      /^when (?:is|was) (?:the )?release (?:date |day )?(?:of|for) (?<f>.+)$/,
      /\b(?:when|release|released|releases|releasing|come out|comes out|coming out|out yet|out now|is it out|premiere|premieres|available|streaming|stream|watch|netflix|air|airs|date|where can|where to|where do|where is|what time|launch|drop|drops|see it|countdown|is it on|platform|uk|cinemas?|theaters?|theatres?|disney|hulu|prime video)\b/,
    ],
    ko: [
      /언제|몇 ?시|공개|개봉|출시|나왔|볼 ?수|어디서 (?:봐|볼|보)|스트리밍|넷플릭스에|넷플에|극장|영화관/,
    ],
    answer: async (q, s) => releaseAnswer(q, q.scope.film(s.f)),
  },

  // What it's about.
  {
    intent: 'synopsis',
    reads: 'masked',
    en: [
      /^what (?:is|was) (?<f>.+?) about$/,
      /^what (?:happens|happened) in (?<f>.+)$/,
      /\b(?:plot|synopsis|story|storyline|summary|premise|summarise|summarize) (?:of|for) (?<f>.+)$/,
      /^what is (?:the )?(?<f>.+?) (?:plot|synopsis|story|storyline|premise)$/,
      /^(?:tell me|what do you know|talk) about (?<f>.+)$/,
      /\b(?:about|plot|synopsis|story|storyline|summary|premise|summarise|summarize|what happens|happen|happens|describe|goes on)\b/,
    ],
    ko: [/줄거리|내용|이야기|얘기|스토리|시놉시스|요약|무슨 영화|어떤 영화/],
    answer: (q, s) => synopsisAnswer(q, q.scope.film(s.f)),
  },

  // Korean: whether someone is in it ("전종서 나와?"), after every other reading of 나와.
  {
    intent: 'in-cast',
    reads: 'text',
    en: [],
    ko: [/^(?<p>.+?) (?:이 영화에 |영화에 |여기 |여기에 )?(?:나와|나오|출연|나옴)/],
    answer: (q, s) => inCastAnswer(q, s),
  },
];

// ---------------------------------------------------------------------------------------------
// People in a question

/** "the actress who plays Ok-ju" → "ok ju"; "Choi's actor" → "choi". */
function personSlot(slot: string): string {
  return slot
    .replace(
      /^(?:the )?(?:actor|actress|person|guy|girl|woman|man|one) (?:who|that) (?:plays|played|is playing|plays as) /,
      '',
    )
    .replace(/ (?:actor|actress|character|role|part)$/, '');
}

/**
 * People the question names: in English from the pattern's `p` slot, in Korean anywhere in the
 * sentence. `named` skips role words standing for the director ("감독"), so "감독이 누구야?" stays a
 * director question.
 */
function peopleOf(
  q: Question,
  film: Film,
  slot: string | undefined,
  { director, named = false }: { director: boolean; named?: boolean },
): PersonMatch[] {
  if (q.lang === 'ko' && slot === undefined) {
    return q.scope.peopleInKorean(film, { director: director && !named });
  }
  if (slot === undefined) return [];
  const asTyped = q.scope.people(film, slot);
  const found = asTyped.length > 0 ? asTyped : q.scope.people(film, personSlot(slot));
  return named || director ? found : found.filter((p) => p.kind !== 'director' || !named);
}

function noteUnknownPerson(q: Question, slot: string | undefined, film: Film): void {
  if (slot === undefined || q.scope.isFilmReference(slot)) return;
  q.unknownPerson ??= { slot, film };
}

// ---------------------------------------------------------------------------------------------
// Composing answers (from the data only, in the reply's language)

function say(q: Question, key: MessageKey, vars?: MessageVars): string {
  return q.ctx.t(q.locale, key, vars);
}

export const label = (q: Question, film: Film): string => filmLabelIn(film, q.locale, q.ctx.t);

function reply(q: Question, intent: AskIntent, film: Film, text: string, answered = true): Answer {
  return {
    intent,
    film,
    answered,
    text,
    locale: q.locale,
    footer: say(q, 'ask.footer', { film: label(q, film) }),
  };
}

const actor = (q: Question, m: CastMember) => actorIn(m, q.locale);
const character = (q: Question, m: CastMember) => characterIn(m, q.locale);
const description = (q: Question, m: CastMember) => descriptionIn(m, q.locale);
const withDescription = (q: Question, line: string, m: CastMember) => {
  const d = description(q, m);
  return d === undefined ? line : `${line} ${d}`;
};

/** "Jeon Jong-seo (Jang Ok-ju), …" for one line. */
export function castInline(q: Question, film: Film): string {
  return listIn(
    q.locale,
    film.cast.map((m) =>
      say(q, 'ask.cast.inline', { actor: actor(q, m), character: character(q, m) }),
    ),
  );
}

/** "Jeon Jong-seo as Jang Ok-ju", one per cast member: suggestions under a refusal. */
export function castSuggestions(q: Question, film: Film): string[] {
  return film.cast.map((m) =>
    say(q, 'ask.cast.suggestion', { actor: actor(q, m), character: character(q, m) }),
  );
}

function castAnswer(q: Question, film: Film): Answer {
  const lines = film.cast.map((m) =>
    say(q, 'ask.cast.line', { actor: actor(q, m), character: character(q, m) }),
  );
  return reply(
    q,
    'cast',
    film,
    [say(q, 'ask.cast.heading', { film: label(q, film) }), ...lines].join('\n'),
  );
}

function whoPlaysAnswer(q: Question, film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') {
      return say(q, 'ask.whoPlays.director', {
        director: directorIn(film, q.locale),
        role: directorRoleIn(film, q.locale),
        film: label(q, film),
      });
    }
    const { member } = p;
    return p.via === 'character'
      ? withDescription(
          q,
          say(q, 'ask.whoPlays.byCharacter', {
            character: character(q, member),
            actor: nameWithAliasesIn({ ...member.actor, ko: member.ko?.actor }, q.locale, q.ctx.t),
          }),
          member,
        )
      : withDescription(
          q,
          say(q, 'ask.whoPlays.byActor', {
            actor: actor(q, member),
            character: character(q, member),
            film: label(q, film),
          }),
          member,
        );
  });
  return reply(q, 'who-plays', film, lines.join('\n'));
}

function whoIsAnswer(q: Question, film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') return directorSentence(q, film);
    const { member } = p;
    if (p.via === 'character') {
      return withDescription(
        q,
        say(q, 'ask.whoIs.character', {
          character: nameWithAliasesIn(
            { ...member.character, ko: member.ko?.character },
            q.locale,
            q.ctx.t,
          ),
          actor: actor(q, member),
          film: label(q, film),
        }),
        member,
      );
    }
    const line = say(q, 'ask.whoIs.actor', {
      actor: nameWithAliasesIn({ ...member.actor, ko: member.ko?.actor }, q.locale, q.ctx.t),
      character: character(q, member),
      film: label(q, film),
    });
    const note = otherWorksNoteIn(member, q.locale);
    const works = otherWorksIn(member, q.locale);
    if (note !== undefined) return `${line} ${note}`;
    if (works.length === 0) return line;
    const listed = listIn(
      q.locale,
      works.map((w) => workIn(w, q.locale, q.ctx.t)),
    );
    return `${line} ${say(q, 'ask.whoIs.alsoIn', { works: listed })}`;
  });
  return reply(q, 'who-is', film, lines.join('\n'));
}

function inCastAnswer(q: Question, s: Slots): Answer | undefined {
  // "is it in cinemas?" asks about the film, not a person in it.
  if (s.p === undefined || q.scope.isFilmReference(s.p)) return undefined;
  const film = q.scope.film(q.lang === 'ko' ? undefined : s.f);
  const slot = q.lang === 'ko' ? s.p : personSlot(s.p);
  const people =
    q.lang === 'ko'
      ? q.scope.peopleInKorean(film, { director: false })
      : q.scope.people(film, slot);
  if (people.length > 0) {
    const lines = people.map((p) =>
      p.kind === 'director'
        ? say(q, 'ask.inCast.director', {
            director: directorIn(film, q.locale),
            role: directorRoleIn(film, q.locale),
            film: label(q, film),
          })
        : say(q, p.via === 'character' ? 'ask.inCast.yesCharacter' : 'ask.inCast.yesActor', {
            actor: actor(q, p.member),
            character: character(q, p.member),
            film: label(q, film),
          }),
    );
    return reply(q, 'in-cast', film, lines.join('\n'));
  }
  const name = q.lang === 'ko' ? s.p.replace(/(?:도|는|은|이|가|씨|님)$/u, '') : s.p;
  return reply(
    q,
    'in-cast',
    film,
    say(q, 'ask.inCast.no', {
      name: quoteUserText(q.scope.original(name)),
      film: label(q, film),
      cast: castInline(q, film),
    }),
  );
}

function otherWorksAnswer(q: Question, film: Film, people: readonly PersonMatch[]): Answer {
  const lines = people.map((p) => {
    if (p.kind === 'director') {
      const works = directorWorksIn(film, q.locale).map((w) => workIn(w, q.locale, q.ctx.t));
      const director = directorIn(film, q.locale);
      return works.length === 0
        ? say(q, 'ask.otherWorks.directorNone', { director, film: label(q, film) })
        : say(q, 'ask.otherWorks.director', {
            director,
            film: label(q, film),
            works: listIn(q.locale, works),
          });
    }
    const { member } = p;
    const who =
      p.via === 'character'
        ? `${say(q, 'ask.otherWorks.viaCharacter', { character: character(q, member), actor: actor(q, member) })} `
        : '';
    const note = otherWorksNoteIn(member, q.locale);
    if (note !== undefined) return `${who}${note}`;
    const works = otherWorksIn(member, q.locale).map((w) => workIn(w, q.locale, q.ctx.t));
    return works.length === 0
      ? `${who}${say(q, 'ask.otherWorks.actorNone', { actor: actor(q, member) })}`
      : `${who}${say(q, 'ask.otherWorks.actor', { actor: actor(q, member), film: label(q, film), works: listIn(q.locale, works) })}`;
  });
  return reply(q, 'other-works', film, lines.join('\n'));
}

function directorSentence(q: Question, film: Film): string {
  const works = directorWorksIn(film, q.locale).map((w) => workIn(w, q.locale, q.ctx.t));
  const sentence = say(q, 'ask.director.sentence', {
    film: label(q, film),
    director: nameWithAliasesIn(film.director, q.locale, q.ctx.t),
    role: directorRoleIn(film, q.locale),
  });
  return works.length === 0
    ? sentence
    : `${sentence} ${say(q, 'ask.director.earlier', { works: listIn(q.locale, works) })}`;
}

function directorAnswer(q: Question, film: Film, asksWriter: boolean): Answer {
  if (asksWriter && !/writ/i.test(film.director.role)) {
    return reply(
      q,
      'director',
      film,
      say(q, 'ask.director.noWriter', {
        film: label(q, film),
        director: directorIn(film, q.locale),
      }),
      false,
    );
  }
  return reply(q, 'director', film, directorSentence(q, film));
}

function runtimeAnswer(q: Question, film: Film): Answer {
  return reply(
    q,
    'runtime',
    film,
    say(q, 'ask.runtime', {
      film: label(q, film),
      minutes: film.runtimeMinutes,
      runtime: runtimeIn(film.runtimeMinutes, q.locale, q.ctx.t),
    }),
  );
}

function genreAnswer(q: Question, film: Film): Answer {
  return reply(
    q,
    'genre',
    film,
    say(q, 'ask.genre', { film: label(q, film), genres: genresIn(film, q.locale).join(', ') }),
  );
}

function originAnswer(q: Question, film: Film): Answer {
  const country = countryIn(film, q.locale);
  const language = languageIn(film, q.locale);
  const vars = { film: label(q, film), country: country ?? '', language: language ?? '' };
  const key: MessageKey =
    country !== undefined && language !== undefined
      ? 'ask.origin.both'
      : country !== undefined
        ? 'ask.origin.country'
        : 'ask.origin.language';
  return reply(q, 'origin', film, say(q, key, vars));
}

function yearAnswer(q: Question, film: Film): Answer {
  return reply(
    q,
    'year',
    film,
    say(q, 'ask.year', { title: titleIn(film, q.locale), year: film.year }),
  );
}

function titleAnswer(q: Question, film: Film): Answer {
  const original = film.ko?.title ?? film.originalTitle;
  return reply(
    q,
    'title',
    film,
    original === undefined || original === film.title
      ? say(q, 'ask.title.only', { film: label(q, film), title: film.title })
      : say(q, 'ask.title.original', { film: label(q, film), original, title: film.title }),
  );
}

function synopsisAnswer(q: Question, film: Film): Answer {
  return reply(q, 'synopsis', film, synopsisIn(film, q.locale));
}

/** Why the hero wants revenge and on whom: the synopsis, then the character the data says she blames. */
function motiveAnswer(q: Question, film: Film): Answer {
  const lines = [say(q, 'ask.motive.lead', { synopsis: synopsisIn(film, q.locale) })];
  const blamed = film.cast.find((m) =>
    /\b(?:antagonist|villain|responsible)\b/.test(foldText(m.character.description ?? '')),
  );
  const hero = film.cast.find((m) =>
    /\b(?:hero|heroine|protagonist)\b/.test(foldText(m.character.description ?? '')),
  );
  if (blamed !== undefined && hero !== undefined) {
    lines.push(
      say(q, 'ask.motive.blamed', {
        hero: character(q, hero),
        character: character(q, blamed),
        actor: actor(q, blamed),
        description: description(q, blamed) ?? '',
      }).trim(),
    );
  }
  return reply(q, 'motive', film, lines.join('\n'));
}

/** Places and platforms people ask about besides the one release the data holds. */
const ELSEWHERE_EN =
  /\b(?:in|on|at) (?:the )?(?<place>us|usa|u s|united states|america|the states|canada|australia|korea|south korea|japan|india|ireland|europe|france|germany|spain|italy|brazil|mexico|new zealand|new york|ny|nyc|la|los angeles|california|tokyo|seoul|sydney|toronto|paris|berlin|est|edt|pst|pdt|cst|et|pt|my time ?zone|my country|cinemas?|theaters?|theatres?|disney(?: plus)?|prime(?: video)?|amazon|hulu|hbo|apple tv|youtube|tv|dvd|blu ray)\b/;
const ELSEWHERE_KO =
  /(?<place>한국|미국|일본|캐나다|호주|뉴욕|엘에이|도쿄|서울|중국|유럽|프랑스|독일|극장|영화관|디즈니|왓챠|티빙|쿠팡|웨이브|아마존)/;

async function releaseAnswer(q: Question, film: Film): Promise<Answer> {
  const release = await q.ctx.releaseOf(film);
  const { format, now } = q.ctx;
  const status = releaseStatus(release, now);
  const title = titleIn(film, q.locale);
  const where = whereIn(film, q.locale, q.ctx.t);
  const main =
    status.state === 'out'
      ? say(q, 'ask.release.out', { title, where, date: format.date(release) })
      : say(q, 'ask.release.upcoming', {
          title,
          where,
          dateTime: format.dateTime(release),
          relative: format.relative(release),
        });
  const place = (q.lang === 'ko' ? ELSEWHERE_KO : ELSEWHERE_EN).exec(q.scope.text)?.groups?.place;
  const known = [
    film.release.region,
    film.release.platform,
    'uk',
    'united kingdom',
    'britain',
    'london',
    'england',
    'netflix',
  ].map(foldText);
  if (place === undefined || known.includes(foldText(place))) {
    return reply(q, 'release', film, main);
  }
  const caveat = say(q, 'ask.release.onlyRegion', {
    region: regionIn(film, q.locale),
    asked: quoteUserText(q.scope.original(place)),
  });
  return reply(q, 'release', film, `${caveat}\n${main}`);
}

/** "I don't know that", naming what the data does not hold, with the questions it can answer. */
export function refusal(q: Question, topic: Topic | undefined): Answer {
  const film = q.scope.filmIfKnown();
  const lead =
    film === undefined
      ? say(q, 'ask.unknown.noFilm')
      : topic === undefined || topic === 'other'
        ? say(q, 'ask.unknown.withFilm', { film: label(q, film) })
        : say(q, 'ask.unknown.topic', {
            film: label(q, film),
            topic: say(q, `ask.topic.${topic}`),
          });
  return {
    intent: 'unknown',
    film,
    answered: false,
    locale: q.locale,
    footer: film === undefined ? undefined : say(q, 'ask.footer', { film: label(q, film) }),
    text: [
      lead,
      say(q, 'ask.unknown.canAnswer'),
      ...exampleQuestionsIn(film, q.locale, q.ctx.t).map((line) => `• ${line}`),
    ].join('\n'),
  };
}

/** Questions /ask can answer, with names taken from the film so they are true for it. */
export function exampleQuestionsIn(
  film: Film | undefined,
  locale: Locale,
  t: AskContext['t'],
): string[] {
  const [first, second] = film?.cast ?? [];
  const sample = second ?? first;
  const s = (key: MessageKey, vars?: MessageVars) => t(locale, key, vars);
  const questions = [
    s('ask.examples.whoPlays', {
      character:
        first === undefined ? s('ask.exampleDefaults.character') : characterIn(first, locale),
    }),
    s('ask.examples.whoIs', {
      actor: first === undefined ? s('ask.exampleDefaults.actor') : actorIn(first, locale),
    }),
    s('ask.examples.director'),
    s('ask.examples.otherWorks', {
      actor: sample === undefined ? s('ask.exampleDefaults.actor') : actorIn(sample, locale),
    }),
    s('ask.examples.runtime'),
    s('ask.examples.genre'),
    s('ask.examples.release', {
      platform: film === undefined ? s('ask.exampleDefaults.platform') : platformIn(film, locale),
    }),
    s('ask.examples.synopsis'),
  ];
  const confused =
    locale === 'ko'
      ? (film?.ko?.confusedWith[0] ?? film?.disambiguation?.confusedWith[0])
      : film?.disambiguation?.confusedWith[0];
  if (confused !== undefined) questions.push(s('ask.examples.confusion', { other: confused }));
  return questions;
}
