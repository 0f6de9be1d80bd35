import { createHash } from 'node:crypto';

/** Discord refuses a nonce longer than 25 characters. */
export const MAX_NONCE_LENGTH = 25;

/**
 * The idempotency key of one delivery: the first 25 characters (Discord's limit) of the base64url
 * SHA-256 of `parts` joined with `|`. The same parts give the same nonce in any process, so a
 * resend after a crash, sent with `enforce_nonce`, returns the message Discord already posted.
 * Every job calls this with parts that name the delivery (record id, slot, destination).
 */
export const deliveryNonce = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, MAX_NONCE_LENGTH);
