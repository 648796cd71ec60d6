/**
 * Feed timestamps: exactly `YYYY-MM-DDTHH:MM:SSZ`, UTC. One spelling per instant, no offsets, no
 * fractions, and the calendar is checked (no 2025-02-30), because `Date.parse` accepts far more.
 */
import { FeedError } from './errors.ts';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Milliseconds since the epoch. */
export function parseFeedDate(text: string, path = '$'): number {
  const m = PATTERN.exec(text);
  if (!m) throw new FeedError('BAD_PAYLOAD', 'date must be YYYY-MM-DDTHH:MM:SSZ', path);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Round-tripping rejects out-of-range fields that Date.UTC would silently carry over.
  if (formatFeedDate(ms) !== text) throw new FeedError('BAD_PAYLOAD', 'date out of range', path);
  return ms;
}

export function formatFeedDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
