import {
  Locale as DiscordLocale,
  type APIApplicationCommandOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Locale } from '../src/domain/i18n/index.ts';

/**
 * Command names and descriptions in the languages other than English, as Discord shows them in a
 * client set to that language (`name_localizations`, `description_localizations`).
 *
 * Keyed by path: `film` (a command), `film.title` (its option), `reminders.cancel.reminder` (an option
 * of a subcommand), `remindme.when=week` (a choice, by value: choices have a name only). Kept apart
 * from the command modules so the English data stays where its handler is and a translator edits one
 * table. Names follow Discord's rule `^[-_\p{L}\p{N}]{1,32}$` (Hangul has no case); descriptions are
 * 1–100 characters: test/commands/command-data.test.ts checks both, and that every path is here.
 */
export interface CommandText {
  name: string;
  /** Commands and options have one; choices do not. */
  description?: string;
}

type Translated = Exclude<Locale, 'en'>;

/** The Discord locale codes each of the bot's languages is shown to (Discord has one Korean: `ko`). */
export const DISCORD_LOCALES: Readonly<Record<Translated, readonly DiscordLocale[]>> = {
  ko: [DiscordLocale.Korean],
};

const title: CommandText = {
  name: '제목',
  description: '영화: 입력하다가 목록에서 고르거나 제목을 입력하세요',
};
const timezone = (description: string): CommandText => ({ name: '시간대', description });

export const COMMAND_TEXT: Readonly<Record<Translated, Readonly<Record<string, CommandText>>>> = {
  ko: {
    film: {
      name: '영화',
      description: '영화 한눈에 보기: 감독, 상영 시간, 장르, 공개 시각, 줄거리, 출연진',
    },
    'film.title': title,
    cast: { name: '출연진', description: '영화에서 누가 누구를 연기하는지, 그리고 다른 출연작' },
    'cast.title': title,
    'cast.person': {
      name: '인물',
      description: '배우나 등장인물 한 명(어떤 표기든). 비워 두면 출연진 전체',
    },
    synopsis: { name: '줄거리', description: '영화의 줄거리' },
    'synopsis.title': title,
    ask: {
      name: '질문',
      description: '영화에 대해 물어보세요: "최 역은 누가 맡았어?", "러닝타임이 얼마야?"',
    },
    'ask.question': { name: '질문', description: '질문 내용, 예: "감독이 누구야?"' },
    'ask.title': title,
    remindme: { name: '알림받기', description: '영화가 공개되기 전에 알림 받기' },
    'remindme.title': title,
    'remindme.when': { name: '언제', description: '알림을 받을 때 (기본: 하루 전)' },
    'remindme.when=week': { name: '일주일 전' },
    'remindme.when=day': { name: '하루 전 (기본)' },
    'remindme.when=hour': { name: '한 시간 전' },
    'remindme.when=release': { name: '공개 시각에' },
    'remindme.where': { name: '어디서', description: '알림을 받을 곳 (기본: DM)' },
    'remindme.where=dm': { name: 'DM으로 (기본)' },
    'remindme.where=here': { name: '여기, 이 채널에서 (나만 멘션)' },
    reminders: { name: '알림목록', description: '내 알림을 보고 취소하기' },
    'reminders.list': { name: '목록', description: '내 알림 목록, 알림마다 취소 버튼 포함' },
    'reminders.cancel': { name: '취소', description: '내 알림 하나 취소하기' },
    'reminders.cancel.reminder': {
      name: '알림',
      description: '취소할 알림: 영화 제목을 입력하거나 /알림목록 목록(/reminders list)의 번호',
    },
    'reminders.clear': {
      name: '모두삭제',
      description: '내 알림 전부와 저에게 저장된 내 정보를 모두 삭제',
    },
    countdown: {
      name: '카운트다운',
      description: '이 서버 채널에 자동 카운트다운 게시 (서버 관리 권한 필요)',
    },
    'countdown.start': { name: '시작', description: '채널에서 영화 카운트다운 시작' },
    'countdown.start.channel': { name: '채널', description: '카운트다운을 게시할 텍스트 채널' },
    'countdown.start.title': title,
    'countdown.start.time': {
      name: '시각',
      description: '매일 게시할 시각, 24시간 HH:MM (기본 09:00)',
    },
    'countdown.start.timezone': timezone(
      '그 시각의 시간대, 예: Asia/Seoul (기본: 이 서버의 시간대, 없으면 런던)',
    ),
    'countdown.start.style': {
      name: '방식',
      description: '매일 새 게시물, 또는 계속 갱신되는 메시지 하나',
    },
    'countdown.start.style=post': { name: 'post: 매일 새 게시물' },
    'countdown.start.style=live': { name: 'live: 계속 수정되는 메시지 하나' },
    'countdown.start.event': {
      name: '이벤트',
      description: '공개일 서버 이벤트도 추가 (이벤트 관리 권한 필요)',
    },
    'countdown.stop': { name: '중지', description: '채널의 카운트다운 중지' },
    'countdown.stop.channel': { name: '채널', description: '채널 (기본: 이 채널)' },
    'countdown.status': {
      name: '현황',
      description: '이 서버의 카운트다운: 일정, 다음 게시, 최근 결과',
    },
    release: { name: '공개일', description: '영화의 공개 시각으로 제가 쓰는 값' },
    'release.show': { name: '보기', description: '영화가 정확히 언제 공개되는지' },
    'release.show.title': title,
    'release.set': {
      name: '변경',
      description: '공개일 변경 (봇 소유자만). 알림도 함께 옮겨지고 구독자에게 알려요',
    },
    'release.set.title': title,
    'release.set.date': {
      name: '날짜',
      description: '현지 날짜와 시각: YYYY-MM-DD HH:mm, 예: 2023-10-06 08:00',
    },
    'release.set.timezone': timezone('그 현지 시각의 IANA 시간대 (기본: 영화의 공개 시간대)'),
    help: {
      name: '도움말',
      description: 'Premiere가 하는 일, 명령어, 저장하는 정보와 삭제 방법',
    },
  },
};

type Node = RESTPostAPIChatInputApplicationCommandsJSONBody | APIApplicationCommandOption;

/** Every path a command's data needs a translation for, in order: what the table must hold. */
export function commandTextPaths(data: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const walk = (node: Node, path: string): string[] => [
    path,
    ...('choices' in node && node.choices !== undefined
      ? node.choices.map((c) => `${path}=${String(c.value)}`)
      : []),
    ...('options' in node && node.options !== undefined
      ? node.options.flatMap((o) => walk(o, `${path}.${o.name}`))
      : []),
  ];
  return walk(data, data.name);
}

function localizations(path: string, field: keyof CommandText): LocalizationMap | undefined {
  const map: LocalizationMap = {};
  for (const [locale, table] of Object.entries(COMMAND_TEXT) as [
    Translated,
    typeof COMMAND_TEXT.ko,
  ][]) {
    const text = table[path]?.[field];
    if (text === undefined) continue;
    for (const discordLocale of DISCORD_LOCALES[locale]) {
      map[discordLocale] = text;
    }
  }
  return Object.keys(map).length === 0 ? undefined : map;
}

/**
 * The command data with `name_localizations` and `description_localizations` filled in from
 * `COMMAND_TEXT` at every level (command, subcommand, option, choice). A path missing from the table
 * stays English only (the test fails on it). Pure: returns new objects, the input is untouched.
 */
export function localizeCommand(
  data: RESTPostAPIChatInputApplicationCommandsJSONBody,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const withText = <T extends Node>(node: T, path: string): T => {
    const names = localizations(path, 'name');
    const descriptions = localizations(path, 'description');
    const out: Record<string, unknown> = {
      ...node,
      ...(names === undefined ? {} : { name_localizations: names }),
      ...(descriptions === undefined ? {} : { description_localizations: descriptions }),
    };
    if ('choices' in node && node.choices !== undefined) {
      out['choices'] = node.choices.map((choice) => {
        const choiceNames = localizations(`${path}=${String(choice.value)}`, 'name');
        return choiceNames === undefined ? choice : { ...choice, name_localizations: choiceNames };
      });
    }
    if ('options' in node && node.options !== undefined) {
      out['options'] = node.options.map((o) => withText(o, `${path}.${o.name}`));
    }
    return out as T;
  };
  return withText(data, data.name);
}
