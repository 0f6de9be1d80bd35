import { AllowedMentionsTypes, type APIAllowedMentions } from 'discord-api-types/v10';
import { Errors } from './errors.ts';

export interface Mentions {
  everyone: boolean;
  users: string[];
  roles: string[];
}

export interface MentionContext {
  /** Undefined in DMs, where @everyone and roles mean nothing. */
  guildId?: string;
  /** Whether the sender holds Mention @everyone, @here and All Roles in this channel. */
  canMentionEveryone: boolean;
  /** Roles anyone may ping (Discord's "mentionable" flag). */
  mentionableRoles: ReadonlySet<string>;
}

/**
 * Who a message actually pings, as Discord decides it: the mentions written in `content`, filtered
 * by `allowed_mentions`. No `allowed_mentions` at all means "parse everything". Embeds never ping.
 */
export function resolveMentions(
  content: string,
  allowed: APIAllowedMentions | null | undefined,
  context: MentionContext,
): Mentions {
  if (
    allowed?.parse?.includes(AllowedMentionsTypes.User) &&
    allowed.users !== undefined &&
    allowed.users.length > 0
  ) {
    throw Errors.invalidFormBody(
      ['allowed_mentions'],
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      'parse:["users"] and users: [ids...] are mutually exclusive.',
    );
  }
  if (
    allowed?.parse?.includes(AllowedMentionsTypes.Role) &&
    allowed.roles !== undefined &&
    allowed.roles.length > 0
  ) {
    throw Errors.invalidFormBody(
      ['allowed_mentions'],
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      'parse:["roles"] and roles: [ids...] are mutually exclusive.',
    );
  }
  const parse =
    allowed?.parse ??
    (allowed
      ? []
      : [AllowedMentionsTypes.User, AllowedMentionsTypes.Role, AllowedMentionsTypes.Everyone]);
  const written = {
    users: [...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] ?? ''),
    roles: [...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] ?? ''),
    everyone: /@(everyone|here)\b/.test(content),
  };
  const users = written.users.filter(
    (id) => parse.includes(AllowedMentionsTypes.User) || (allowed?.users ?? []).includes(id),
  );
  const roles =
    context.guildId === undefined
      ? []
      : written.roles.filter(
          (id) =>
            (parse.includes(AllowedMentionsTypes.Role) || (allowed?.roles ?? []).includes(id)) &&
            (context.canMentionEveryone || context.mentionableRoles.has(id)),
        );
  const everyone =
    context.guildId !== undefined &&
    written.everyone &&
    parse.includes(AllowedMentionsTypes.Everyone) &&
    context.canMentionEveryone;
  return { everyone, users: [...new Set(users)], roles: [...new Set(roles)] };
}
