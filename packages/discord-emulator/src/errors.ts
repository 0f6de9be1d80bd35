/**
 * Errors in Discord's own JSON shape (`{ code, message, errors? }`), so discord.js turns them into
 * the same DiscordAPIError a bot would see in production.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { code: number; message: string; errors?: unknown } {
    return this.errors === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, errors: this.errors };
  }
}

/** Discord's nested `errors` object: `{ field: { _errors: [{ code, message }] } }`. */
export const formErrors = (path: readonly (string | number)[], code: string, message: string) => {
  let node: unknown = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) node = { [String(key)]: node };
  return node;
};

export const Errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => new ApiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  unknownScheduledEvent: () => new ApiError(404, 10070, 'Unknown Guild Scheduled Event'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () =>
    new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  cannotDm: () => new ApiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  cannotSendInNonText: () => new ApiError(400, 50008, 'Cannot send messages in a non-text channel'),
  invalidFormBody: (path: readonly (string | number)[], code: string, message: string) =>
    new ApiError(400, 50035, 'Invalid Form Body', formErrors(path, code, message)),
} as const;
