import type { DateTime } from 'luxon';

/** An instant as the ISO 8601 UTC string the stores keep ("2023-10-06T07:00:00.000Z"). */
export const utcIso = (dt: DateTime): string => dt.toUTC().toISO() ?? '';
