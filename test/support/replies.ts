import { MessageFlags, type InteractionReplyOptions } from 'discord.js';
import { UserError } from '../../src/domain/errors.ts';

/** Whether only the user who asked can see the reply. */
export const isPrivate = (reply: InteractionReplyOptions): boolean =>
  reply.flags === MessageFlags.Ephemeral;

/** Run a command that must refuse with a UserError, and return that error for assertions. */
export async function userErrorFrom(run: () => Promise<void>): Promise<UserError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}
