import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/e2e.ts';

/**
 * The sandbox is a terminal program: spawn it as `npm run sandbox` does, type into its prompt,
 * read what it prints.
 */
const sandboxArgs = (): string[] => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { sandbox: string };
  };
  const [node, ...args] = pkg.scripts.sandbox.split(/\s+/);
  expect(node).toBe('node');
  return args;
};

const PROMPT = /› $/m;

interface SandboxSession {
  readonly child: ChildProcessWithoutNullStreams;
  /** Wait until the output after the last read contains `pattern`; return that stretch of output. */
  read(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Type a line and return what the sandbox printed before its next prompt. */
  enter(line: string): Promise<string>;
}

/** `npm run sandbox` with this environment (besides PATH and HOME), once it shows its prompt. */
async function startSandbox(env: Record<string, string>): Promise<SandboxSession> {
  const child = spawn(process.execPath, sandboxArgs(), {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
  });
  let output = '';
  let cursor = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const read = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        const fresh = output.slice(cursor);
        const match = pattern.exec(fresh);
        if (match) {
          cursor += match.index + match[0].length;
          resolve(fresh.slice(0, match.index + match[0].length));
        } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          reject(new Error(`the sandbox never printed ${String(pattern)}; it printed:\n${fresh}`));
        } else {
          setTimeout(check, 20);
        }
      };
      check();
    });
  const enter = (line: string) => {
    child.stdin.write(`${line}\n`);
    return read(PROMPT);
  };
  await read(/Type :help/, 30_000);
  await read(PROMPT);
  return { child, read, enter };
}

let session: SandboxSession;
const enter = (line: string) => session.enter(line);
const read = (pattern: RegExp, timeoutMs?: number) => session.read(pattern, timeoutMs);

beforeAll(async () => {
  session = await startSandbox({ TZ: 'UTC', SANDBOX_TZ: 'Europe/London' });
});

afterAll(() => {
  if (session.child.exitCode === null) session.child.kill('SIGKILL');
});

describe('npm run sandbox', () => {
  it('GIVEN the clock set the day before release WHEN /film title:ballerina is typed THEN the overview shows local dates, a relative time and the buttons', async () => {
    expect(await enter(':time 2023-10-05 07:59:57 Europe/London')).toContain(
      'Thursday 5 October 2023, 07:59 BST',
    );
    const film = await enter('/film title:ballerina');
    expect(film).toContain('[Cast] [Synopsis] [Remind me]');
    expect(film).toContain('Ballerina (발레리나)');
    expect(film).toContain('Friday, 6 October 2023 at 08:00 BST');
    expect(film).toContain('in 1 day');
    expect(film).not.toMatch(/<t:\d+/);
  });

  it('GIVEN the overview WHEN its Cast button is clicked by label THEN the private cast list appears', async () => {
    const cast = await enter('click Cast');
    expect(cast).toContain('Kim Ji-hun as Choi');
    expect(cast).toContain('only you can see this');
  });

  it('GIVEN a question with spaces and a question mark THEN /ask answers it from the data', async () => {
    const answer = await enter('/ask question:who plays Choi?');
    expect(answer).toContain('> who plays Choi?');
    expect(answer).toContain('Choi is played by Kim Ji-hun');
  });

  it('GIVEN a reminder due in a few seconds of the bot clock THEN its DM is printed when it fires', async () => {
    expect(await enter('/remindme title:ballerina when:day')).toContain('only you can see this');
    const dm = await read(/Premiere → DM to ada[^\n]*\n[^\n]*One day to go/, 15_000);
    expect(dm).toContain('Thursday 5 October 2023, 08:00 BST');
  });

  it('GIVEN a typo or an unknown command THEN the sandbox explains instead of crashing', async () => {
    expect(await enter('/flim ballerina')).toMatch(/no command \/flim; commands: \/film/);
    expect(await enter(':complete /film title:bal')).toContain(
      'Ballerina (2023) · Lee Chung-hyun · Netflix',
    );
  });

  it('GIVEN :locale ko THEN /film answers in Korean with timestamps as a Korean client shows them, and :locale en switches back', async () => {
    expect(await enter(':help')).toMatch(/:locale ko \| :locale en/);
    expect(await enter(':locale ko')).toContain('Your Discord client now sends locale ko');
    const film = await enter('/film title:ballerina');
    expect(film).toContain('발레리나 · 2023');
    expect(film).toContain('[출연진] [줄거리] [알림 받기]');
    expect(film).toContain('2023년 10월 6일 금요일');
    expect(film).not.toContain('Friday');
    expect(await enter('/help')).toContain('`/영화 제목`(`/film`)');
    expect(await enter(':locale fr')).toContain('no language "fr"');
    await enter(':locale en');
    const english = await enter('/film title:ballerina');
    expect(english).toContain('[Cast] [Synopsis] [Remind me]');
    expect(english).toContain('Friday, 6 October 2023 at 08:00 BST');
  });

  it('GIVEN :quit THEN the bot and the emulator stop and the process exits cleanly', async () => {
    const { child } = session;
    child.stdin.write(':quit\n');
    await read(/Bye\./);
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
  });
});

describe('npm run sandbox on a host in Asia/Seoul (no SANDBOX_TZ)', () => {
  let seoul: SandboxSession | undefined;
  afterAll(() => {
    if (seoul?.child.exitCode === null) seoul.child.kill('SIGKILL');
  });

  it("GIVEN the README's example WHEN :time is typed with no zone THEN it is read as UTC, says so, and the day-before reminder's DM arrives", async () => {
    seoul = await startSandbox({ TZ: 'Asia/Seoul' });
    expect(await seoul.enter('/film title:ballerina')).toContain('[Remind me]');
    expect(await seoul.enter('click Remind me')).toContain('only you can see this');
    const moved = await seoul.enter(':time 2023-10-05 06:59:58');
    expect(moved).toContain('(2023-10-05 06:59:58 read as UTC)');
    // Shown in the host's zone: 06:59:58 UTC is 15:59 in Seoul.
    expect(moved).toContain('Thursday 5 October 2023, 15:59');
    const dm = await seoul.read(/Premiere → DM to ada[^\n]*\n[^\n]*One day to go/, 15_000);
    expect(dm).toContain('Thursday 5 October 2023, 16:00');
  });
});

describe('npm run sandbox with a setting it cannot use', () => {
  /** Run the sandbox to its exit; it must not get as far as starting the emulator. */
  const runToExit = (env: Record<string, string>, args: readonly string[] = []) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [...sandboxArgs(), ...args], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });

  it.each([
    [{ SANDBOX_TZ: 'Mars/Olympus' }, 'SANDBOX_TZ=Mars/Olympus is not an IANA time zone'],
    [{ SANDBOX_TZ: 'EST' }, 'SANDBOX_TZ=EST is not an IANA time zone of a place'],
    [{ SANDBOX_TIME: 'garbage' }, 'SANDBOX_TIME=garbage is not an ISO date and time'],
  ])(
    'GIVEN %o THEN it exits 1 with one line naming the setting, not a stack trace',
    async (env, words) => {
      const run = await runToExit(env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`npm run sandbox: ${words}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  it.each([
    [['--tmie', '2023-10-05T08:00+01:00'], "Unknown option '--tmie'"],
    [['--time'], "Option '--time <value>' argument missing"],
    [['tomorrow'], "Unexpected argument 'tomorrow'"],
  ])(
    'GIVEN npm run sandbox -- %j THEN it exits 1 saying what it did not understand and that it takes only --time, instead of starting at another time',
    async (args, words) => {
      const run = await runToExit({}, args);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`npm run sandbox: ${words}`);
      expect(run.stderr).toContain('it takes only --time, such as --time 2023-10-05T08:00+01:00');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    },
  );
});
