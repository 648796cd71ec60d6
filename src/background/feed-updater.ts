/**
 * The background's side of the signed rules feed: load the trusted set at every start (the bundled
 * baseline and whatever storage holds, re-verified), keep one alarm alive for the next refresh, run
 * refreshes (alarm, overdue at start, "check now"), and hand out the engine for the rules in force.
 * Browser APIs come in through `FeedUpdaterDeps`, so the whole lifecycle is tested in Node.
 *
 * The feed client itself commits a new set in ONE storage write and only then swaps it in; the
 * schedule record written here afterwards is bookkeeping (when to check next, what the last check
 * said), never trusted for anything but that.
 */
import { z } from 'zod';
import { MIN_DELAY_MS } from '../shared/feed/backoff.ts';
import { createFeedClient } from '../shared/feed/refresh.ts';
import type { ActiveRules, FeedClient, FeedStatus, RefreshOutcome } from '../shared/feed/refresh.ts';
import type { FeedStorage } from '../shared/feed/state.ts';
import type { FetchLike } from '../shared/feed/transport.ts';
import type { BundledBaseline } from '../shared/feed/trusted-set.ts';
import type { Engine } from './engine.ts';
import { compileFeedRules, createEngineCache } from './feed-rules.ts';
import type { FeedRules } from './feed-rules.ts';

export const FEED_ALARM = 'saq-feed-refresh';

const scheduleSchema = z.strictObject({
  nextAt: z.number().int(),
  lastCheck: z.number().nullable(),
  lastSuccess: z.number().nullable(),
  lastError: z.strictObject({ code: z.string().max(64), message: z.string().max(2048) }).nullable(),
  failures: z.number().int().min(0).max(10_000),
});
export type FeedSchedule = z.infer<typeof scheduleSchema>;

export interface FeedUpdaterDeps {
  fetch: FetchLike;
  now: () => number;
  random?: () => number;
  feedId: string;
  bundled: BundledBaseline;
  mirrors: () => Promise<readonly string[]>;
  /** The one record of verified feed documents (written once per accepted update). */
  storage: FeedStorage;
  schedule: { get(): Promise<unknown>; set(value: FeedSchedule): Promise<void> };
  alarms: {
    get(name: string): Promise<{ scheduledTime: number } | undefined>;
    create(name: string, info: { when: number }): Promise<void>;
  };
  clientVersion: string;
  deadlineMs?: number;
}

export interface FeedUpdater {
  /** The engine for the rules in force now (waits for the start-up load). */
  engine(): Promise<Engine>;
  /** The verified rules in force (undefined only if even the bundled baseline failed to verify). */
  active(): Promise<ActiveRules<FeedRules> | undefined>;
  status(): Promise<FeedStatus>;
  /** "Check now" from the popup or options page: refresh, then report. */
  checkNow(): Promise<FeedStatus>;
  onAlarm(name: string): Promise<void>;
  /** Resolves when start-up work (load, alarm, any overdue refresh) has finished; for tests. */
  settled(): Promise<void>;
}

export function createFeedUpdater(deps: FeedUpdaterDeps): FeedUpdater {
  let overdue: Promise<unknown> = Promise.resolve();

  async function readSchedule(): Promise<FeedSchedule | undefined> {
    try {
      const parsed = scheduleSchema.safeParse(await deps.schedule.get());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async function start(): Promise<FeedClient<FeedRules>> {
    const saved = await readSchedule();
    const client = createFeedClient<FeedRules>({
      fetch: deps.fetch,
      storage: deps.storage,
      now: deps.now,
      mirrors: deps.mirrors,
      feedId: deps.feedId,
      bundled: deps.bundled,
      // The feed's effective time, max(now, timeFloor), not deps.now(): a clock set back revives nothing.
      compile: (body, info) => compileFeedRules(body, info.now),
      clientVersion: deps.clientVersion,
      conditionalRequests: false,
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.deadlineMs === undefined ? {} : { deadlineMs: deps.deadlineMs }),
      ...(saved ? { restore: saved } : {}),
    });
    await client.load();
    // Alarms can be lost (browser restart, extension reload): make sure one exists at every start.
    const now = deps.now();
    const due = saved?.nextAt ?? now;
    if (due <= now) {
      overdue = refreshWith(client);
    } else if (!(await deps.alarms.get(FEED_ALARM))) {
      await deps.alarms.create(FEED_ALARM, { when: due });
    }
    return client;
  }

  const ready = start();
  let engineFor: ((active: ActiveRules<FeedRules>) => Engine) | undefined;

  async function reschedule(client: FeedClient<FeedRules>): Promise<void> {
    const status = client.status();
    const nextAt = deps.now() + client.nextRefreshDelayMs();
    await deps.alarms.create(FEED_ALARM, { when: nextAt });
    await deps.schedule.set({
      nextAt,
      lastCheck: status.lastCheck,
      lastSuccess: status.lastSuccess,
      // Cut to what the stored record allows: a message may quote the mirror's bytes (an unknown envelope key),
      // and a record one character over was thrown away whole at the next start, backoff and status with it.
      lastError: status.lastError && {
        code: status.lastError.code.slice(0, 64),
        message: status.lastError.message.slice(0, 2048),
      },
      failures: status.failures,
    });
  }

  async function refreshWith(client: FeedClient<FeedRules>): Promise<RefreshOutcome | null> {
    // No mirror configured (a test build nobody pointed at a feed): nothing to check, nothing failed.
    if ((await deps.mirrors()).length === 0) {
      await reschedule(client);
      return null;
    }
    // Set a retry first, on every path: the alarm that started this one has fired and is gone, and a worker
    // stopped mid-refresh (each fetch may take its whole deadline, and a check makes several) would otherwise
    // check nothing until something else woke it.
    await deps.alarms.create(FEED_ALARM, { when: deps.now() + MIN_DELAY_MS });
    const outcome = await client.refresh();
    await reschedule(client);
    return outcome;
  }

  return {
    async engine() {
      const client = await ready;
      const active = client.active();
      // Only when even the bundled baseline failed to verify, which the build and its tests prevent.
      if (!active) throw new Error(`no verified rules: ${client.status().lastError?.message ?? 'unknown'}`);
      // Allow-rule expiry follows the feed's clock, max(now, timeFloor), like every other expiry (design row 19).
      engineFor ??= createEngineCache(() => client.effectiveTime());
      return engineFor(active);
    },
    async active() {
      return (await ready).active();
    },
    async status() {
      return (await ready).status();
    },
    async checkNow() {
      const client = await ready;
      await overdue.catch(() => undefined);
      await refreshWith(client);
      return client.status();
    },
    async onAlarm(name) {
      if (name !== FEED_ALARM) return;
      await refreshWith(await ready);
    },
    async settled() {
      await ready;
      await overdue.catch(() => undefined);
    },
  };
}
