import {
  EmbedType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIAllowedMentions,
} from 'discord-api-types/v10';
import { Errors } from './errors.ts';
import { resolveMentions } from './mentions.ts';
import type { ActionRow, Channel, Embed, StoredMessage, World } from './world.ts';

/** The message fields a bot sends, in Discord's JSON names. */
export interface MessageBody {
  content?: string | null;
  embeds?: Embed[] | null;
  components?: ActionRow[] | null;
  flags?: number | null;
  allowed_mentions?: APIAllowedMentions | null;
  nonce?: string | number | null;
  enforce_nonce?: boolean | null;
}

export const asMessageBody = (body: unknown): MessageBody =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};

/** Discord stores every embed it accepts as a "rich" embed. */
const normaliseEmbeds = (embeds: Embed[] | null | undefined): Embed[] =>
  (embeds ?? []).map((e) => ({ type: EmbedType.Rich, ...e }));

function mentionsFor(
  world: World,
  channel: Channel,
  authorId: string,
  content: string,
  allowed: APIAllowedMentions | null | undefined,
) {
  const guild = channel.guildId === undefined ? undefined : world.guilds.get(channel.guildId);
  return resolveMentions(content, allowed, {
    ...(guild ? { guildId: guild.id } : {}),
    canMentionEveryone:
      guild !== undefined &&
      (world.permissionsIn(channel, authorId) & PermissionFlagsBits.MentionEveryone) !== 0n,
    mentionableRoles: new Set(),
  });
}

export interface NewMessage {
  channel: Channel;
  authorId: string;
  body: MessageBody;
  type?: MessageType;
  webhookId?: string;
  interaction?: StoredMessage['interaction'];
  ephemeralFor?: string;
  /** Deferred interaction responses start as "Premiere is thinking…" with no content. */
  loading?: boolean;
}

/** Build, store and return a message, enforcing Discord's "Cannot send an empty message". */
export function createMessage(world: World, m: NewMessage): StoredMessage {
  const content = m.body.content ?? '';
  const embeds = normaliseEmbeds(m.body.embeds);
  const components = m.body.components ?? [];
  if (!m.loading && content === '' && embeds.length === 0 && components.length === 0)
    throw Errors.emptyMessage();
  const flags =
    ((m.body.flags ?? 0) & ~MessageFlags.Loading) |
    (m.loading ? MessageFlags.Loading : 0) |
    (m.ephemeralFor === undefined ? 0 : MessageFlags.Ephemeral);
  const message: StoredMessage = {
    id: world.ids.next(),
    channelId: m.channel.id,
    ...(m.channel.guildId === undefined ? {} : { guildId: m.channel.guildId }),
    authorId: m.authorId,
    type: m.type ?? MessageType.Default,
    content,
    embeds,
    components,
    flags,
    createdAt: world.now(),
    editedAt: null,
    ...(m.body.nonce === undefined || m.body.nonce === null ? {} : { nonce: m.body.nonce }),
    mentions: mentionsFor(world, m.channel, m.authorId, content, m.body.allowed_mentions),
    ...(m.webhookId === undefined ? {} : { webhookId: m.webhookId }),
    ...(m.interaction === undefined ? {} : { interaction: m.interaction }),
    ...(m.ephemeralFor === undefined ? {} : { ephemeralFor: m.ephemeralFor }),
    deleted: false,
  };
  world.addMessage(message);
  world.emit('messageCreate', message);
  return message;
}

/** Apply an edit: only the fields present change; a deferred reply stops "thinking". */
export function editMessage(
  world: World,
  message: StoredMessage,
  body: MessageBody,
): StoredMessage {
  const content = body.content === undefined ? message.content : (body.content ?? '');
  const embeds = body.embeds === undefined ? message.embeds : normaliseEmbeds(body.embeds);
  const components = body.components === undefined ? message.components : (body.components ?? []);
  if (content === '' && embeds.length === 0 && components.length === 0) throw Errors.emptyMessage();
  message.content = content;
  message.embeds = embeds;
  message.components = components;
  // Only Suppress Embeds may be toggled on an existing message; ephemerality is fixed at creation.
  if (body.flags !== undefined && body.flags !== null) {
    message.flags =
      (message.flags & ~MessageFlags.SuppressEmbeds) | (body.flags & MessageFlags.SuppressEmbeds);
  }
  message.flags &= ~MessageFlags.Loading;
  const channel = world.channels.get(message.channelId);
  if (channel)
    message.mentions = mentionsFor(
      world,
      channel,
      message.authorId,
      content,
      body.allowed_mentions,
    );
  message.editedAt = world.now();
  world.emit('messageUpdate', message);
  return message;
}

export function deleteMessage(world: World, message: StoredMessage): void {
  message.deleted = true;
  world.emit('messageDelete', message);
}
