/**
 * The rules feed's status as the background reports it (`feed-status/popup-to-bg`), read defensively:
 * an old or missing background answer becomes "unknown", never "ok". Stale is never shown as safe.
 */
export type FeedState = 'ok' | 'stale' | 'error' | 'unknown';

export interface FeedStatusView {
  state: FeedState;
  rulesVersion: string | null;
  /** When the rules in force were signed (UTC `YYYY-MM-DDTHH:MM:SSZ`). */
  issued: string | null;
  expires: string | null;
  lastCheck: number | string | null;
  lastSuccess: number | string | null;
  error: string | null;
  clockHint: boolean;
}

export const UNKNOWN_FEED: FeedStatusView = {
  state: 'unknown',
  rulesVersion: null,
  issued: null,
  expires: null,
  lastCheck: null,
  lastSuccess: null,
  error: null,
  clockHint: false,
};

const STATE_KEYS: Record<FeedState, string> = {
  ok: 'feed_state_ok',
  stale: 'feed_state_stale',
  error: 'feed_state_error',
  unknown: 'feed_state_unknown',
};

export function feedStateKey(state: FeedState): string {
  return STATE_KEYS[state];
}

/**
 * The failed update's code (ROLLBACK, BAD_SIGNATURE…), never its message: a message quotes what the mirror sent
 * before any signature was checked (an unknown field's name, a payloadType), and a mirror's bytes put their own
 * sentence into the panel ("rules are up to date: you are safe", a direction override). The code is one of a fixed set.
 */
function errorCode(code: unknown): string | null {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : null;
}

function timeOrNull(value: unknown): number | string | null {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/**
 * Whether the panel says the rules in force are still the last good set. After a refused or failed update
 * Saq goes on judging with the rules it verified before, and "Update failed" alone reads as if it stopped.
 * With no verified rules at all (no version) there is nothing kept to speak of.
 */
export function keepsLastGood(view: FeedStatusView): boolean {
  return view.state === 'error' && view.rulesVersion !== null;
}

export function readFeedStatus(reply: unknown): FeedStatusView {
  if (typeof reply !== 'object' || reply === null) return UNKNOWN_FEED;
  const raw = reply as Record<string, unknown>;
  const state = raw.state === 'ok' || raw.state === 'stale' || raw.state === 'error' ? raw.state : 'unknown';
  const lastError = raw.lastError as { code?: unknown } | null | undefined;
  return {
    state,
    rulesVersion: typeof raw.rulesVersion === 'string' || typeof raw.rulesVersion === 'number' ? String(raw.rulesVersion) : null,
    issued: typeof raw.issued === 'string' ? raw.issued : null,
    expires: typeof raw.expires === 'string' ? raw.expires : null,
    lastCheck: timeOrNull(raw.lastCheck),
    lastSuccess: timeOrNull(raw.lastSuccess),
    error: errorCode(lastError?.code),
    clockHint: Boolean(raw.clockHint),
  };
}
