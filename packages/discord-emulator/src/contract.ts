import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandCreateRequestSchema,
  ApplicationCommandPatchRequestPartialSchema,
  ApplicationCommandUpdateRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  CreatePrivateChannelRequestSchema,
  ExternalScheduledEventCreateRequestSchema,
  ExternalScheduledEventPatchRequestPartialSchema,
  IncomingWebhookRequestPartialSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  MessageCreateRequestSchema,
  MessageEditRequestPartialSchema,
  ModalInteractionCallbackRequestSchema,
  PongInteractionCallbackRequestSchema,
  StageScheduledEventCreateRequestSchema,
  StageScheduledEventPatchRequestPartialSchema,
  UpdateMessageInteractionCallbackRequestSchema,
  VoiceScheduledEventCreateRequestSchema,
  VoiceScheduledEventPatchRequestPartialSchema,
} from 'discord-api-spec/zod';
import { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';

// The spec's zod build uses zod/mini, whose messages are "Invalid input" unless a locale is loaded.
z.config(z.locales.en());

export interface ContractIssue {
  /** Where in the body, e.g. `data.embeds[0].fields[2].value`. */
  path: string;
  message: string;
}

export interface ContractViolation {
  at: number;
  method: string;
  /** The request path with interaction and webhook tokens replaced by `<token>`. */
  path: string;
  route: string;
  issues: ContractIssue[];
  body: unknown;
}

type Issue = {
  code: string;
  path: PropertyKey[];
  message: string;
  format?: string;
  input?: unknown;
  errors?: Issue[][];
};

const isoWithOffset = z.iso.datetime({ offset: true });

const formatPath = (path: readonly PropertyKey[]): string =>
  path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('') || '(body)';

/**
 * A failed union lists every branch's failures; report only the branch the body was aiming at
 * (the one whose discriminating `type` matched, else the one with the fewest problems).
 */
function flatten(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[],
  body: unknown,
): ContractIssue[] {
  const out: ContractIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const ranked = [...issue.errors].sort((a, b) => score(a) - score(b));
      out.push(...flatten(ranked[0] ?? [], path, body));
      continue;
    }
    // OpenAPI date-time is RFC 3339, which allows offsets; the generated zod only allows `Z`.
    if (issue.code === 'invalid_format' && issue.format === 'datetime') {
      const value = valueAt(body, path);
      if (typeof value === 'string' && isoWithOffset.safeParse(value).success) continue;
    }
    out.push({ path: formatPath(path), message: issue.message });
  }
  return out;
}

const score = (branch: readonly Issue[]): number =>
  branch.reduce(
    (n, i) =>
      n + (i.path.length === 1 && i.path[0] === 'type' && i.code === 'invalid_value' ? 100 : 1),
    0,
  );

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let node = body;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function validate(schema: ZodMiniType, body: unknown): ContractIssue[] {
  const result = schema.safeParse(body);
  return result.success ? [] : flatten(result.error.issues, [], body);
}

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

const field = (body: unknown, key: string): unknown =>
  body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;

/**
 * Discord documents `default_member_permissions` as a string of bits (and discord.js sends one);
 * the OpenAPI file says integer. Compare like with like.
 */
function normaliseCommand(command: unknown): unknown {
  const perms = field(command, 'default_member_permissions');
  return typeof perms === 'string' && /^\d+$/.test(perms)
    ? { ...(command as object), default_member_permissions: Number(perms) }
    : command;
}

// ---- rules Discord enforces that the schemas cannot express ----

const EMBED_TOTAL_LIMIT = 6000;

function embedRules(embeds: unknown, prefix: string): ContractIssue[] {
  if (!Array.isArray(embeds)) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v.length : 0);
  let total = 0;
  for (const e of embeds as Record<string, unknown>[]) {
    total +=
      text(e.title) +
      text(e.description) +
      text(field(e.footer, 'text')) +
      text(field(e.author, 'name'));
    for (const f of (Array.isArray(e.fields) ? e.fields : []) as unknown[])
      total += text(field(f, 'name')) + text(field(f, 'value'));
  }
  return total > EMBED_TOTAL_LIMIT
    ? [
        {
          path: `${prefix}embeds`,
          message: `embeds hold ${total} characters in total; Discord allows ${EMBED_TOTAL_LIMIT}`,
        },
      ]
    : [];
}

function componentRules(components: unknown, prefix: string): ContractIssue[] {
  if (!Array.isArray(components)) return [];
  const seen = new Map<string, string>();
  const issues: ContractIssue[] = [];
  const walk = (node: unknown, path: string) => {
    const id = field(node, 'custom_id');
    if (typeof id === 'string') {
      const earlier = seen.get(id);
      if (earlier !== undefined)
        issues.push({
          path: `${path}.custom_id`,
          message: `custom_id "${id}" is also used at ${earlier}; Discord requires unique ids per message`,
        });
      else seen.set(id, path);
    }
    const children = field(node, 'components');
    if (Array.isArray(children)) children.forEach((c, i) => walk(c, `${path}.components[${i}]`));
  };
  components.forEach((c, i) => walk(c, `${prefix}components[${i}]`));
  return issues;
}

/** A bot's message content (the OpenAPI file allows 4,000, Nitro users' limit; bots get 2,000). */
const CONTENT_LIMIT = 2000;
/** Action rows in a message without the components-v2 flag. */
const ACTION_ROW_LIMIT = 5;
const IS_COMPONENTS_V2 = 1 << 15;

function contentAndRowRules(body: unknown, prefix: string): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const content = field(body, 'content');
  if (typeof content === 'string' && content.length > CONTENT_LIMIT)
    issues.push({
      path: `${prefix}content`,
      message: `content is ${content.length} characters; Discord allows ${CONTENT_LIMIT}`,
    });
  const components = field(body, 'components');
  const flags = field(body, 'flags');
  const v2 = typeof flags === 'number' && (flags & IS_COMPONENTS_V2) !== 0;
  if (!v2 && Array.isArray(components) && components.length > ACTION_ROW_LIMIT)
    issues.push({
      path: `${prefix}components`,
      message: `${components.length} action rows; Discord allows ${ACTION_ROW_LIMIT}`,
    });
  return issues;
}

const messageRules = (body: unknown, prefix = ''): ContractIssue[] => [
  ...contentAndRowRules(body, prefix),
  ...embedRules(field(body, 'embeds'), prefix),
  ...componentRules(field(body, 'components'), prefix),
];

/** Autocomplete answers: the schema's union hides the count in a vague message; say it plainly. */
const CHOICE_LIMIT = 25;
function choiceRules(body: unknown): ContractIssue[] {
  const choices = field(field(body, 'data'), 'choices');
  return Array.isArray(choices) && choices.length > CHOICE_LIMIT
    ? [
        {
          path: 'data.choices',
          message: `${choices.length} choices; Discord allows ${CHOICE_LIMIT}`,
        },
      ]
    : [];
}

const COMMAND_NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function commandRules(command: unknown, prefix: string): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const name = field(command, 'name');
  const type = field(command, 'type') ?? 1;
  // Context-menu commands (types 2 and 3) may use spaces and capitals; slash commands and options may not.
  if (type !== 2 && type !== 3 && typeof name === 'string' && !COMMAND_NAME.test(name)) {
    issues.push({
      path: `${prefix}name`,
      message: `"${name}" is not a valid name (lowercase letters, digits, - and _ only)`,
    });
  }
  const options = field(command, 'options');
  if (!Array.isArray(options)) return issues;
  let sawOptional = false;
  options.forEach((o, i) => {
    const path = `${prefix}options[${i}]`;
    const optionType = field(o, 'type');
    if (optionType === 1 || optionType === 2) {
      issues.push(...commandRules(o, `${path}.`));
      return;
    }
    const optionName = field(o, 'name');
    if (typeof optionName === 'string' && !COMMAND_NAME.test(optionName)) {
      issues.push({
        path: `${path}.name`,
        message: `"${optionName}" is not a valid option name (lowercase letters, digits, - and _ only)`,
      });
    }
    const choices = field(o, 'choices');
    if (field(o, 'autocomplete') === true && Array.isArray(choices) && choices.length > 0) {
      issues.push({ path, message: 'an option cannot have both choices and autocomplete' });
    }
    if (field(o, 'required') === true && sawOptional) {
      issues.push({ path, message: 'required options must be placed before optional ones' });
    }
    if (field(o, 'required') !== true) sawOptional = true;
  });
  return issues;
}

function commandsArray(body: unknown): ContractIssue[] {
  if (!Array.isArray(body)) return [{ path: '(body)', message: 'expected an array of commands' }];
  const issues: ContractIssue[] = [];
  body.forEach((command, i) => {
    issues.push(
      ...validate(ApplicationCommandUpdateRequestSchema, normaliseCommand(command)).map((x) => ({
        ...x,
        path: x.path === '(body)' ? `[${i}]` : `[${i}].${x.path}`,
      })),
      ...commandRules(command, `[${i}].`),
    );
  });
  const names = body.map((c) => `${text(field(c, 'type') ?? 1)}:${text(field(c, 'name'))}`);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      issues.push({
        path: `[${i}].name`,
        message: `duplicate command name ${n.split(':')[1] ?? ''}`,
      });
  });
  return issues;
}

function interactionCallback(body: unknown): ContractIssue[] {
  const type = field(body, 'type');
  const data = field(body, 'data');
  switch (type) {
    case 1:
      return validate(PongInteractionCallbackRequestSchema, body);
    case 4:
    case 5:
      return [
        ...validate(CreateMessageInteractionCallbackRequestSchema, body),
        ...messageRules(data, 'data.'),
      ];
    case 6:
    case 7:
      return [
        ...validate(UpdateMessageInteractionCallbackRequestSchema, body),
        ...messageRules(data, 'data.'),
      ];
    case 8:
      return [
        ...validate(ApplicationCommandAutocompleteCallbackRequestSchema, body),
        ...choiceRules(body),
      ];
    case 9:
      return validate(ModalInteractionCallbackRequestSchema, body);
    default:
      return [{ path: 'type', message: `unknown interaction callback type ${String(type)}` }];
  }
}

function scheduledEvent(body: unknown, patch: boolean): ContractIssue[] {
  const schemas = patch
    ? {
        1: StageScheduledEventPatchRequestPartialSchema,
        2: VoiceScheduledEventPatchRequestPartialSchema,
        3: ExternalScheduledEventPatchRequestPartialSchema,
      }
    : {
        1: StageScheduledEventCreateRequestSchema,
        2: VoiceScheduledEventCreateRequestSchema,
        3: ExternalScheduledEventCreateRequestSchema,
      };
  const type = field(body, 'entity_type');
  if (type === 1 || type === 2 || type === 3) return validate(schemas[type], body);
  if (patch && type === undefined) {
    const results = Object.values(schemas).map((s) => validate(s, body));
    return results.find((r) => r.length === 0) ?? results[2] ?? [];
  }
  return [
    {
      path: 'entity_type',
      message: `entity_type must be 1 (stage), 2 (voice) or 3 (external), got ${String(type)}`,
    },
  ];
}

/** Request-body contracts by route, from Discord's published OpenAPI schemas (npm discord-api-spec). */
const CONTRACTS: Record<string, (body: unknown) => ContractIssue[]> = {
  'POST /channels/:channel_id/messages': (b) => [
    ...validate(MessageCreateRequestSchema, b),
    ...messageRules(b),
  ],
  'PATCH /channels/:channel_id/messages/:message_id': (b) => [
    ...validate(MessageEditRequestPartialSchema, b),
    ...messageRules(b),
  ],
  'POST /interactions/:interaction_id/:interaction_token/callback': interactionCallback,
  'POST /webhooks/:webhook_id/:webhook_token': (b) => [
    ...validate(IncomingWebhookRequestPartialSchema, b),
    ...messageRules(b),
  ],
  'PATCH /webhooks/:webhook_id/:webhook_token/messages/:message_id': (b) => [
    ...validate(IncomingWebhookUpdateRequestPartialSchema, b),
    ...messageRules(b),
  ],
  'PUT /applications/:application_id/commands': commandsArray,
  'PUT /applications/:application_id/guilds/:guild_id/commands': commandsArray,
  'POST /applications/:application_id/commands': (b) => [
    ...validate(ApplicationCommandCreateRequestSchema, normaliseCommand(b)),
    ...commandRules(b, ''),
  ],
  'POST /applications/:application_id/guilds/:guild_id/commands': (b) => [
    ...validate(ApplicationCommandCreateRequestSchema, normaliseCommand(b)),
    ...commandRules(b, ''),
  ],
  'PATCH /applications/:application_id/commands/:command_id': (b) =>
    validate(ApplicationCommandPatchRequestPartialSchema, normaliseCommand(b)),
  'PATCH /applications/:application_id/guilds/:guild_id/commands/:command_id': (b) =>
    validate(ApplicationCommandPatchRequestPartialSchema, normaliseCommand(b)),
  'POST /guilds/:guild_id/scheduled-events': (b) => scheduledEvent(b, false),
  'PATCH /guilds/:guild_id/scheduled-events/:event_id': (b) => scheduledEvent(b, true),
  'POST /users/@me/channels': (b) => validate(CreatePrivateChannelRequestSchema, b),
};

/**
 * The issues with `body` for `route` (`METHOD /pattern`), or undefined when no contract covers it:
 * the check every request gets (400 50035 when it finds any), for tests that build bodies offline.
 */
export function checkContract(route: string, body: unknown): ContractIssue[] | undefined {
  const contract = CONTRACTS[route];
  return contract?.(body);
}

export const contractRoutes = (): string[] => Object.keys(CONTRACTS);

/** Violations as readable lines: route, method and path, then each offending field and why. */
export const formatViolations = (violations: readonly ContractViolation[]): string =>
  violations
    .map(
      (v) =>
        `${v.route} (${v.method} ${v.path}):\n${v.issues.map((i) => `    ${i.path}: ${i.message}`).join('\n')}`,
    )
    .join('\n');

/**
 * Remembers how many violations an emulator had recorded (`mark`), and throws an Error listing
 * every one recorded since (`check`). `emulator` is read at each call, so it may start later.
 */
export function contractGuard(
  emulator: () => { readonly violations: readonly ContractViolation[] } | undefined,
): {
  mark(): void;
  check(): void;
} {
  let seen = 0;
  return {
    mark() {
      seen = emulator()?.violations.length ?? 0;
    },
    check() {
      const fresh = emulator()?.violations.slice(seen) ?? [];
      seen += fresh.length;
      if (fresh.length > 0)
        throw new Error(`the bot broke Discord's API contract:\n${formatViolations(fresh)}`);
    },
  };
}
