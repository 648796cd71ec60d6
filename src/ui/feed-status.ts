/**
 * The rules feed's status as the background reports it (`feed-status/popup-to-bg`), read defensively:
 * an old or missing background answer becomes "unknown", never "ok". Stale is never shown as safe.
 */
import type { FeedErrorCode } from '../shared/feed/errors.ts';
import { isFeedErrorCode } from './feed-error-keys.ts';

export type FeedState = 'ok' | 'stale' | 'error' | 'unknown';

export interface FeedStatusView {
  state: FeedState;
  rulesVersion: string | null;
  /** When the rules in force were signed (UTC `YYYY-MM-DDTHH:MM:SSZ`). */
  issued: string | null;
  expires: string | null;
  lastCheck: number | string | null;
  lastSuccess: number | string | null;
  /** The failed update's code, or UNLISTED_ERROR when the answer names a failure by anything else. */
  error: FeedErrorCode | typeof UNLISTED_ERROR | null;
  clockHint: boolean;
}

/** Not a code (codes are upper case): the panel shows the generic sentence and no code for it. */
export const UNLISTED_ERROR = 'unlisted';

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
 * The failed update's code (ROLLBACK, THRESHOLD_NOT_MET…), never its message: a message quotes what the mirror sent
 * before any signature was checked (an unknown field's name, a payloadType), and a mirror's bytes put their own
 * sentence into the panel ("rules are up to date: you are safe", a direction override). Only a code of the
 * feed's fixed set passes; anything else, however code-like (a stored record from another version), is
 * UNLISTED_ERROR, shown as the generic sentence, so no text from storage or the feed reaches the panel.
 */
function errorCode(lastError: unknown): FeedErrorCode | typeof UNLISTED_ERROR | null {
  if (lastError === null || lastError === undefined) return null;
  const code = typeof lastError === 'object' ? (lastError as { code?: unknown }).code : undefined;
  return isFeedErrorCode(code) ? code : UNLISTED_ERROR;
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
  return {
    state,
    rulesVersion: typeof raw.rulesVersion === 'string' || typeof raw.rulesVersion === 'number' ? String(raw.rulesVersion) : null,
    issued: typeof raw.issued === 'string' ? raw.issued : null,
    expires: typeof raw.expires === 'string' ? raw.expires : null,
    lastCheck: timeOrNull(raw.lastCheck),
    lastSuccess: timeOrNull(raw.lastSuccess),
    error: errorCode(raw.lastError),
    clockHint: Boolean(raw.clockHint),
  };
}
