import type { DateTime } from 'luxon';
import type { Clock } from '../domain/clock.ts';
import { nextPostSlot, normaliseDailyTime, type CountdownStyle } from '../domain/countdown.ts';
import {
  countdownId,
  defaultCountdownZone,
  DEFAULT_COUNTDOWN_ZONE,
  resumeCountdown,
  type Countdown,
} from '../domain/countdown-record.ts';
import type { Film } from '../domain/film.ts';
import { releaseDateTime } from '../domain/release.ts';
import { checkZone, type ZoneRefusal } from '../domain/zones.ts';
import type { CountdownStore } from '../store/countdown-store.ts';
import type { ReleaseStore } from '../store/release-store.ts';

const DEFAULT_TIME = '09:00';

/** What `/countdown start` was given; `null` for an option left out. */
export interface StartRequest {
  guildId: string;
  channelId: string;
  film: Film;
  /** As typed: `9:00`, `18h30`… */
  time: string | null;
  /** As typed: any case, spaces for underscores. */
  zone: string | null;
  style: CountdownStyle | null;
}

export interface CountdownSettings {
  time: string;
  zone: string;
  style: CountdownStyle;
}

/** A start request with its settings worked out, ready for `start` once the caller's checks pass. */
export interface StartPlan {
  guildId: string;
  channelId: string;
  film: Film;
  settings: CountdownSettings;
  /** The channel's countdown to that film as stored now, if any. */
  current: Countdown | undefined;
  /** Set when no zone was given for a new countdown: the server's zone, or the default one. */
  zoneFrom?: 'server' | 'default' | undefined;
}

export type PlanOutcome =
  | { kind: 'planned'; plan: StartPlan }
  | { kind: 'bad_time'; input: string }
  | { kind: 'bad_zone'; refusal: ZoneRefusal };

export type StartOutcome =
  | {
      kind: 'started' | 'resumed';
      countdown: Countdown;
      release: DateTime;
      /** The first post of a post-style countdown (undefined for live). */
      firstPost: DateTime | undefined;
    }
  | { kind: 'out_now'; release: DateTime }
  | { kind: 'already_active'; countdown: Countdown }
  /** It was paused and got stopped between reading it and resuming it. */
  | { kind: 'stopped_meanwhile' }
  | { kind: 'full'; running: Countdown[] }
  | { kind: 'exists' };

export interface CountdownView {
  countdown: Countdown;
  /** Undefined for a film no longer in the catalogue. */
  film: Film | undefined;
  release: DateTime | undefined;
}

/** The countdown use cases `/countdown` calls. Time comes from the clock given at construction. */
export interface CountdownService {
  /**
   * Work out the settings of a start: options left out keep the paused countdown's values
   * (starting a paused countdown resumes it), else the server's zone (`defaultCountdownZone`), else
   * 09:00 Europe/London, post. A zone `checkZone` refuses (EST, UTC+1) comes back as `bad_zone`.
   */
  plan(request: StartRequest): Promise<PlanOutcome>;
  /** Start (or resume) the planned countdown as user `userId`, unless the film is out or it runs already. */
  start(plan: StartPlan, userId: string): Promise<StartOutcome>;
  /** Remember the Discord scheduled event made for a countdown, and the release it was set for. */
  recordEvent(id: string, eventId: string, release: DateTime): Promise<void>;
  /** Stop every countdown in a channel; returns the ones removed (empty when there were none). */
  stop(guildId: string, channelId: string): Promise<Countdown[] | undefined>;
  /** A server's countdowns in the order they were started, each with its film and release. */
  list(guildId: string): Promise<CountdownView[]>;
}

export interface CountdownServiceOptions {
  store: CountdownStore;
  releases: Pick<ReleaseStore, 'get'>;
  clock: Clock;
  films: { get(id: string): Film | undefined };
}

export function createCountdownService({
  store,
  releases,
  clock,
  films,
}: CountdownServiceOptions): CountdownService {
  const releaseOf = async (film: Film) => releaseDateTime(await releases.get(film.id));

  return {
    async plan({ guildId, channelId, film, time, zone, style }) {
      const existing = await store.listGuild(guildId);
      const current = existing.find((c) => c.id === countdownId(guildId, channelId, film.id));
      const rawTime = time ?? current?.time ?? DEFAULT_TIME;
      const dailyTime = normaliseDailyTime(rawTime);
      if (dailyTime === undefined) return { kind: 'bad_time', input: rawTime };
      // Resuming keeps the paused countdown's zone; a new one without a zone takes the server's
      // zone (the one all its other running countdowns share) or Europe/London.
      const checked = zone === null ? undefined : checkZone(zone);
      if (checked !== undefined && !checked.ok) return { kind: 'bad_zone', refusal: checked };
      const defaulted =
        zone === null && current === undefined
          ? defaultCountdownZone(existing, channelId)
          : undefined;
      const chosenZone =
        checked?.zone ?? current?.zone ?? defaulted?.zone ?? DEFAULT_COUNTDOWN_ZONE;
      return {
        kind: 'planned',
        plan: {
          guildId,
          channelId,
          film,
          settings: { time: dailyTime, zone: chosenZone, style: style ?? current?.style ?? 'post' },
          zoneFrom: defaulted?.from,
          current,
        },
      };
    },

    async start({ guildId, channelId, film, settings, current }, userId) {
      const now = clock.now();
      const release = await releaseOf(film);
      if (now >= release) return { kind: 'out_now', release };
      if (current?.status === 'active') return { kind: 'already_active', countdown: current };

      const id = countdownId(guildId, channelId, film.id);
      const schedule = { time: settings.time, zone: settings.zone };
      const firstPost =
        settings.style === 'post' ? nextPostSlot(schedule, release, now)?.at : undefined;
      if (current?.status === 'paused') {
        const resumed = await store.update(id, (c) => resumeCountdown(c, settings, now));
        if (!resumed) return { kind: 'stopped_meanwhile' };
        return { kind: 'resumed', countdown: resumed, release, firstPost };
      }
      const created = await store.create({
        id,
        guildId,
        channelId,
        filmId: film.id,
        ...settings,
        createdBy: userId,
        createdAt: now.toUTC().toISO() ?? '',
        status: 'active',
        ...(settings.style === 'post' ? { nextSlot: firstPost?.toUTC().toISO() ?? undefined } : {}),
      });
      if (!created.ok && created.reason === 'full')
        return { kind: 'full', running: created.current };
      if (!created.ok) return { kind: 'exists' };
      return { kind: 'started', countdown: created.countdown, release, firstPost };
    },

    async recordEvent(id, eventId, release) {
      await store.update(id, (c) => ({
        ...c,
        eventId,
        eventRelease: release.toUTC().toISO() ?? undefined,
      }));
    },

    async stop(guildId, channelId) {
      const inChannel = (await store.listGuild(guildId)).filter((c) => c.channelId === channelId);
      if (inChannel.length === 0) return undefined;
      const stopped: Countdown[] = [];
      for (const c of inChannel) {
        const removed = await store.remove(c.id);
        if (removed) stopped.push(removed);
      }
      return stopped;
    },

    async list(guildId) {
      const views: CountdownView[] = [];
      for (const countdown of await store.listGuild(guildId)) {
        const film = films.get(countdown.filmId);
        views.push({ countdown, film, release: film ? await releaseOf(film) : undefined });
      }
      return views;
    },
  };
}
