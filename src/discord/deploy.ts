import { createHash } from 'node:crypto';
import {
  Routes,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export interface DeployTarget {
  applicationId: string;
  /** Register to one guild (instant, for development) instead of globally. */
  guildId: string | undefined;
}

export const commandsRoute = ({ applicationId, guildId }: DeployTarget) =>
  guildId === undefined
    ? Routes.applicationCommands(applicationId)
    : Routes.applicationGuildCommands(applicationId, guildId);

/** Replace the registered commands with exactly these definitions (one bulk-overwrite request). */
export async function deployCommands(
  rest: REST,
  target: DeployTarget,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<number> {
  const registered = (await rest.put(commandsRoute(target), { body: definitions })) as unknown[];
  return registered.length;
}

export const definitionsHash = (definitions: readonly unknown[]): string =>
  createHash('sha256').update(JSON.stringify(definitions)).digest('hex').slice(0, 16);

/**
 * Where the hash of the last deployed definitions is kept: the bot's checked store (its time
 * budget and StoreUnavailableError apply), any Keyv-shaped map in tests.
 */
export interface DeployedHashes {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
}

/**
 * Deploy at start only when the definitions changed since the last deploy to this target, so a
 * fresh install works with just `npm start` and a restart costs no request. The hash lives in the
 * store; a store that fails throws (the caller logs it), and a failed deploy stores no hash.
 */
export async function syncCommands(
  rest: REST,
  hashes: DeployedHashes,
  target: DeployTarget,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<'deployed' | 'unchanged'> {
  const key = `commands-hash:${target.applicationId}:${target.guildId ?? 'global'}`;
  const hash = definitionsHash(definitions);
  if ((await hashes.get(key)) === hash) return 'unchanged';
  await deployCommands(rest, target, definitions);
  await hashes.set(key, hash);
  return 'deployed';
}
