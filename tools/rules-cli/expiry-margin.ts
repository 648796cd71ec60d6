/**
 * `--min-days`: how long a document must stay valid after it goes out. `publish` refuses anything expiring
 * sooner (exit 4), and `timestamp refresh` checks the rules its pointer names against the same margin, so
 * it never signs a pointer that `publish` then refuses.
 */
import { int } from './args.ts';
import type { Parsed } from './args.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_MIN_DAYS = 1;

export const MIN_DAYS_HELP = `  --min-days <n>         refuse rules (and, publishing, a pointer or root) expiring within n days (default ${DEFAULT_MIN_DAYS})`;

export interface ExpiryMargin {
  /** Anything expiring at or before this (epoch ms) is refused. */
  deadline: number;
  /** The end of the refusal message. */
  why: string;
  /** The margin itself, in days. */
  days: number;
}

export function expiryMargin(p: Parsed, now: number): ExpiryMargin {
  const days = int(p, 'min-days', DEFAULT_MIN_DAYS);
  return { deadline: now + days * DAY_MS, why: `within ${days} day(s); re-sign with a later expiry`, days };
}
