import type { Logger } from 'pino';
import * as z from 'zod';
import { checked, type StoreInput } from './checked-store.ts';
import { RecordReader } from './keyv.ts';

const userRecordSchema = z.object({
  /** The DM channel Discord opened for this user: kept so each later DM costs one request. */
  dmChannelId: z.string().regex(/^\d{1,20}$/),
});

export type UserRecord = z.infer<typeof userRecordSchema>;

/** What the bot keeps about a user besides their reminders. `/reminders clear` forgets it all. */
export interface UserStore {
  getDmChannel(userId: string): Promise<string | undefined>;
  setDmChannel(userId: string, channelId: string): Promise<void>;
  forget(userId: string): Promise<void>;
}

const keyOf = (userId: string) => `user:${userId}`;

export function createUserStore({
  keyv: input,
  logger,
}: {
  /** Every operation is checked and time-bounded (a bare Keyv gets the default CheckedStore). */
  keyv: StoreInput;
  logger: Logger;
}): UserStore {
  const keyv = checked(input);
  const reader = new RecordReader(logger);
  return {
    async getDmChannel(userId) {
      return reader.parse(keyOf(userId), await keyv.get(keyOf(userId)), userRecordSchema)
        ?.dmChannelId;
    },
    async setDmChannel(userId, channelId) {
      await keyv.set(keyOf(userId), { dmChannelId: channelId } satisfies UserRecord);
    },
    async forget(userId) {
      await keyv.delete(keyOf(userId));
    },
  };
}
