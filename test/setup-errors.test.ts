import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import { FilmDataError } from '../src/data/load-films.ts';
import { inviteUrl } from '../src/discord/preflight.ts';
import { describeSetupProblem, SetupError, setupProblemOf } from '../src/setup-errors.ts';

const apiError = (status: number, code: number, url: string) =>
  new DiscordAPIError({ code, message: 'x' }, code, status, 'GET', url, {
    body: undefined,
    files: undefined,
  });

describe('setup problems', () => {
  it('GIVEN a broken film file THEN the plain FilmDataError message is what the operator reads', () => {
    const err = new FilmDataError(['ballerina-2023.json: release.instant: must be an ISO instant']);
    expect(describeSetupProblem(setupProblemOf(err) ?? { kind: 'token-rejected' })).toBe(
      'The film catalogue cannot be loaded:\n  - ballerina-2023.json: release.instant: must be an ISO instant',
    );
  });

  it('GIVEN a ConfigError THEN its own message, every problem listed, is what the operator reads', () => {
    const err = new ConfigError(['DISCORD_TOKEN is missing', 'LOG_LEVEL must be one of …']);
    expect(setupProblemOf(err)).toEqual({ kind: 'config', message: err.message });
  });

  it('GIVEN Discord answers 401 THEN it is the token, whatever the route', () => {
    expect(setupProblemOf(apiError(401, 0, 'https://discord.com/api/v10/gateway/bot'))).toEqual({
      kind: 'token-rejected',
    });
  });

  it.each([10004, 50001])(
    'GIVEN %i on the configured guild THEN it is an invitation to send, with its URL',
    (code) => {
      const invite = inviteUrl('111111111111111111', '222222222222222222');
      const problem = setupProblemOf(
        apiError(404, code, 'https://discord.com/api/v10/guilds/222222222222222222'),
        { guildId: '222222222222222222', inviteUrl: invite },
      );
      expect(problem).toEqual({
        kind: 'guild-not-joined',
        guildId: '222222222222222222',
        inviteUrl: invite,
      });
      expect(describeSetupProblem(problem ?? { kind: 'token-rejected' })).toContain(
        `Invite the bot to that server: ${invite}`,
      );
    },
  );

  it('GIVEN 10004 on another route, or an unknown failure THEN it is no setup problem (logged with its stack)', () => {
    expect(
      setupProblemOf(
        apiError(404, 10004, 'https://discord.com/api/v10/guilds/333333333333333333'),
        {
          guildId: '222222222222222222',
        },
      ),
    ).toBeUndefined();
    expect(setupProblemOf(new TypeError('x is undefined'))).toBeUndefined();
  });

  it('GIVEN a SetupError THEN its message is the table entry for its problem', () => {
    const err = new SetupError({
      kind: 'shard-ids-out-of-range',
      shardIds: [2, 3],
      shardCount: 2,
      auto: false,
    });
    expect(err.message).toBe(
      "SHARD_IDS=2,3 names shard 3, but the deployment has 2 shards (0 to 1).\nSet SHARD_COUNT to the deployment's total number of shards, the same on every machine, or correct SHARD_IDS.",
    );
  });
});

describe('inviteUrl', () => {
  it('GIVEN the application id THEN the URL asks for bot + applications.commands and exactly View Channel, Send Messages, Embed Links and Manage Events', () => {
    const url = new URL(inviteUrl('111111111111111111'));
    expect(`${url.origin}${url.pathname}`).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('111111111111111111');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // 1024 + 2048 + 16384 + 8589934592
    expect(url.searchParams.get('permissions')).toBe('8589954048');
    expect(url.searchParams.has('guild_id')).toBe(false);
  });
});
