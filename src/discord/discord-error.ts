import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

/** The fields an operator needs from a failed Discord request, for one structured log line. */
export function discordErrorFields(err: unknown): {
  code?: number | string;
  status?: number;
  method?: string;
  url?: string;
} {
  if (err instanceof DiscordAPIError) {
    return { code: err.code, status: err.status, method: err.method, url: redactUrl(err.url) };
  }
  if (err instanceof HTTPError)
    return { status: err.status, method: err.method, url: redactUrl(err.url) };
  if (err instanceof RateLimitError)
    return { code: 429, status: 429, method: err.method, url: redactUrl(err.url) };
  return {};
}

/** Interaction and webhook URLs carry a token in their path: keep it out of logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/?]+/g, '/$1/<token>');
}
