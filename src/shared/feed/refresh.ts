/**
 * The feed client: load at start, refresh on demand (single-flight), report status, and hand out
 * the compiled rules in force. Browser specifics (fetch, storage, clock) are injected, so this same
 * code runs in the service worker / event page, in the maintainers' CLI and in the tests.
 */
import { FEED_ERROR_CODES, FeedError, toFeedError } from './errors.ts';
import type { FeedErrorCode } from './errors.ts';
import { formatFeedDate } from './dates.ts';
import { verifyEd25519 } from './ed25519.ts';
import type { Ed25519Verify } from './ed25519.ts';
import { PENDING_ROOTS_DELAY_MS, scheduleDelayMs } from './backoff.ts';
import { DEFAULT_DEADLINE_MS } from './transport.ts';
import type { FetchLike } from './transport.ts';
import type { FeedStorage, StoredFeedState } from './state.ts';
import { effectiveTime, loadTrustedSet, toStoredState } from './trusted-set.ts';
import type { BundledBaseline, Compile, TrustedSet, VerifyContext } from './trusted-set.ts';
import { syncFromMirror } from './sync.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Server and device clocks further apart than this ⇒ show "check your clock". */
const CLOCK_SKEW_HINT_MS = DAY_MS;

export interface FeedClientOptions<C> {
  fetch: FetchLike;
  storage: FeedStorage;
  /** Epoch milliseconds. */
  now: () => number;
  /**
   * Base URLs; each is tried in turn until one refresh succeeds. A function is asked at every
   * refresh (test builds read an override from storage; see src/background/feed-config.ts).
   */
  mirrors: readonly string[] | (() => Promise<readonly string[]>);
  feedId: string;
  bundled: BundledBaseline;
  compile: Compile<C>;
  verify?: Ed25519Verify;
  deadlineMs?: number;
  supportedSchemas?: readonly number[];
  /** This extension's version; absent ⇒ "0.0.0", so rules with any `min_client` are refused. */
  clientVersion?: string;
  random?: () => number;
  /**
   * Send If-None-Match with the stored ETag (default true). The extension turns it off: a custom
   * header makes a cross-origin fetch need a CORS preflight, which static hosts need not answer;
   * with `cache: 'no-cache'` the browser's own HTTP cache revalidates by ETag instead.
   */
  conditionalRequests?: boolean;
  /** Counters from a previous run (a service worker restarts often): backoff and status continue. */
  restore?: Partial<Pick<FeedStatus, 'lastCheck' | 'lastSuccess' | 'lastError' | 'failures'>>;
}

export interface ActiveRules<C> {
  rules: C;
  version: number;
  /**
   * SHA-256 of the rules envelope in force. After a `rules` key rotation the same version may
   * legitimately carry other content (the high-water mark resets), so the version alone does not
   * identify the rules: anything cached per rule set keys on this.
   */
  sha256: string;
  /** False once the rules payload is past `expires`: a frozen allowlist must not keep suppressing. */
  allowRulesActive: boolean;
}

export type StaleReason = 'pointer-expired' | 'rules-expired' | 'root-expired';

export interface FeedStatus {
  state: 'ok' | 'stale' | 'error';
  rulesVersion: number | null;
  pointerVersion: number | null;
  rootVersion: number | null;
  /** Rules `issued`, and the earliest of root/pointer/rules `expires` (UTC strings). */
  issued: string | null;
  expires: string | null;
  staleReasons: StaleReason[];
  lastCheck: number | null;
  lastSuccess: number | null;
  lastError: { code: string; message: string } | null;
  failures: number;
  clockHint?: 'check-clock';
  /** A root chain longer than one refresh is being walked: the last root verified so far. */
  pendingRootVersion?: number;
}

/** `more`: the root chain goes on past this refresh's batch; the next refresh is due soon. */
export type RefreshOutcome = { ok: true; changed: boolean; rulesVersion: number; more?: true } | { ok: false; error: FeedError };

export interface FeedClient<C> {
  load(): Promise<void>;
  refresh(): Promise<RefreshOutcome>;
  status(): FeedStatus;
  active(): ActiveRules<C> | undefined;
  /**
   * The clock every expiry decision uses, max(now, timeFloor) (design row 19). Whoever judges allow-rule
   * expiry outside the client (the background's engine) asks this, never the raw device clock.
   */
  effectiveTime(): number;
  /** When the background should schedule the next refresh (backoff, jitter, signed min interval). */
  nextRefreshDelayMs(): number;
}

export function createFeedClient<C>(opts: FeedClientOptions<C>): FeedClient<C> {
  const ctx: VerifyContext<C> = {
    feedId: opts.feedId,
    verify: opts.verify ?? verifyEd25519,
    compile: opts.compile,
    supportedSchemas: opts.supportedSchemas ?? [1],
    clientVersion: opts.clientVersion ?? '0.0.0',
  };
  const mirrorList = async (): Promise<string[]> =>
    (typeof opts.mirrors === 'function' ? await opts.mirrors() : opts.mirrors).map((m) => (m.endsWith('/') ? m : `${m}/`));
  let held: TrustedSet<C> | undefined;
  let loading: Promise<void> | undefined;
  let inflight: Promise<RefreshOutcome> | undefined;
  let lastCheck: number | null = opts.restore?.lastCheck ?? null;
  let lastSuccess: number | null = opts.restore?.lastSuccess ?? null;
  const restoredError = opts.restore?.lastError;
  let lastError: FeedError | null = restoredError ? restoredFeedError(restoredError) : null;
  // The status names a remembered error as it was stored until a check replaces it: a code this version does
  // not have (renamed since) would otherwise be reported as NETWORK, and the panel tell the person so.
  const remembered =
    restoredError && lastError ? { error: lastError, shown: { code: restoredError.code, message: restoredError.message } } : null;
  let failures = opts.restore?.failures ?? 0;
  let clockSkewed = false;
  let unsaved = false;

  async function doLoad(): Promise<void> {
    let stored: unknown;
    try {
      stored = await opts.storage.get();
    } catch (e) {
      lastError = toFeedError(e, 'STORAGE');
    }
    try {
      const { set, storedError } = await loadTrustedSet(opts.bundled, stored, ctx, opts.now());
      held = set;
      // A newer bundled root or baseline was adopted: persist it with the next successful refresh,
      // so a later downgrade of the extension cannot resurrect the older stored copy.
      unsaved = stored !== undefined && !sameFeedData(toStoredState(set, opts.feedId, 0), stored);
      if (storedError) lastError = storedError;
    } catch (e) {
      lastError = toFeedError(e, 'BAD_BASELINE');
    }
  }

  function load(): Promise<void> {
    loading ??= doLoad();
    return loading;
  }

  async function doRefresh(): Promise<RefreshOutcome> {
    await load();
    const current = held;
    lastCheck = opts.now();
    if (!current) return fail(lastError ?? new FeedError('BAD_BASELINE', 'no trusted baseline', 'bundled'));
    let error: FeedError = new FeedError('NETWORK', 'no mirrors configured', 'mirrors');
    for (const mirror of await mirrorList()) {
      try {
        const deps = {
          ...ctx,
          fetch: opts.fetch,
          now: opts.now,
          deadlineMs: opts.deadlineMs ?? DEFAULT_DEADLINE_MS,
          conditional: opts.conditionalRequests ?? true,
          onServerDate,
        };
        const { next, more } = await syncFromMirror(current, mirror, deps);
        const toSave = next ?? (unsaved ? current : null);
        if (toSave) {
          try {
            await opts.storage.set(toStoredState(toSave, opts.feedId, opts.now()));
          } catch (e) {
            // Nothing was swapped: the previous set stays active and storage keeps the old record.
            return fail(new FeedError('STORAGE', toFeedError(e, 'STORAGE').message, 'storage.set'));
          }
          held = toSave; // only after the single write succeeded
          unsaved = false;
        }
        failures = 0;
        lastError = null;
        lastSuccess = opts.now();
        const rulesVersion = (next ?? current).rules.doc.version;
        return more ? { ok: true, changed: true, rulesVersion, more } : { ok: true, changed: next !== null, rulesVersion };
      } catch (e) {
        error = toFeedError(e, 'NETWORK');
      }
    }
    return fail(error);
  }

  function onServerDate(serverMs: number): void {
    clockSkewed = Math.abs(opts.now() - serverMs) > CLOCK_SKEW_HINT_MS;
  }

  function fail(error: FeedError): RefreshOutcome {
    failures++;
    lastError = error;
    return { ok: false, error };
  }

  function refresh(): Promise<RefreshOutcome> {
    // Single-flight: startup, alarm and "check now" share one network sequence.
    inflight ??= doRefresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  function now(): number {
    return held ? effectiveTime(opts.now(), held) : opts.now();
  }

  function status(): FeedStatus {
    const shownError =
      lastError === null ? null : lastError === remembered?.error ? remembered.shown : { code: lastError.code, message: lastError.message };
    const base = { lastCheck, lastSuccess, failures, lastError: shownError };
    if (!held) {
      return {
        state: 'error',
        rulesVersion: null,
        pointerVersion: null,
        rootVersion: null,
        issued: null,
        expires: null,
        staleReasons: [],
        ...base,
      };
    }
    const t = now();
    const staleReasons: StaleReason[] = [];
    if (held.pointer.doc.expires <= t) staleReasons.push('pointer-expired');
    if (held.rules.doc.expires <= t) staleReasons.push('rules-expired');
    if (held.root.expires <= t) staleReasons.push('root-expired');
    const clockHint = clockSkewed ? ({ clockHint: 'check-clock' } as const) : {};
    const state = staleReasons.length > 0 || clockSkewed ? 'stale' : failures > 0 ? 'error' : 'ok';
    return {
      state,
      rulesVersion: held.rules.doc.version,
      pointerVersion: held.pointer.doc.version,
      rootVersion: held.root.version,
      issued: formatFeedDate(held.rules.doc.issued),
      expires: formatFeedDate(Math.min(held.pointer.doc.expires, held.rules.doc.expires, held.root.expires)),
      staleReasons,
      ...base,
      ...clockHint,
      ...(held.pending ? { pendingRootVersion: held.pending.tip.version } : {}),
    };
  }

  function active(): ActiveRules<C> | undefined {
    if (!held) return undefined;
    return {
      rules: held.compiled,
      version: held.rules.doc.version,
      sha256: held.rules.sha256,
      allowRulesActive: held.rules.doc.expires > now(),
    };
  }

  function nextRefreshDelayMs(): number {
    if (held?.pending && failures === 0) return PENDING_ROOTS_DELAY_MS;
    return scheduleDelayMs(failures, held?.pointer.doc.minIntervalS, opts.random);
  }

  return { load, refresh, status, active, effectiveTime: now, nextRefreshDelayMs };
}

/** An error remembered from an earlier run, as the status showed it. */
function restoredFeedError(e: { code: string; message: string }): FeedError {
  const code = (FEED_ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as FeedErrorCode) : 'NETWORK';
  const restored = new FeedError(code, '');
  Object.defineProperty(restored, 'message', { value: e.message });
  return restored;
}

/** Compare the feed data of two stored records, ignoring `savedAt`. */
function sameFeedData(a: StoredFeedState, b: unknown): boolean {
  if (typeof b !== 'object' || b === null) return false;
  return JSON.stringify({ ...a, savedAt: 0 }) === JSON.stringify({ ...(b as StoredFeedState), savedAt: 0 });
}
