/**
 * When to check again. Failures back off exponentially so an outage does not become a thundering
 * herd when it ends; jitter spreads clients apart; a signed `min_interval_s` lets maintainers slow
 * everyone down, clamped so a compromised timestamp key can neither stop updates nor cause a storm.
 */
const MINUTE = 60_000;
export const MIN_DELAY_MS = 15 * MINUTE;
export const MAX_DELAY_MS = 24 * 60 * MINUTE;
export const REGULAR_INTERVAL_MS = 6 * 60 * MINUTE;
/**
 * The next batch of a root chain longer than one refresh walks (src/shared/feed/sync.ts). Not a storm
 * risk: only a chain the maintainers signed can be that long, and each client walks it once.
 */
export const PENDING_ROOTS_DELAY_MS = MINUTE;

/**
 * Delay before the next attempt after `failures` consecutive failures (0 = last attempt worked).
 * `random` returns [0, 1); the result is in [base/2, base) for failures, ±10 % around 6 h otherwise.
 */
export function nextDelayMs(failures: number, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  if (failures <= 0) return Math.round(REGULAR_INTERVAL_MS * (0.9 + 0.2 * r));
  const base = Math.min(MIN_DELAY_MS * 2 ** Math.min(failures - 1, 30), MAX_DELAY_MS);
  return Math.max(MIN_DELAY_MS / 2, Math.round(base / 2 + (base / 2) * r));
}

/** The signed minimum interval, clamped to [15 min, 24 h]; undefined when the pointer has none. */
export function clampMinIntervalMs(minIntervalS: number | undefined): number | undefined {
  if (minIntervalS === undefined) return undefined;
  return Math.min(Math.max(minIntervalS * 1000, MIN_DELAY_MS), MAX_DELAY_MS);
}

export function scheduleDelayMs(failures: number, minIntervalS: number | undefined, random?: () => number): number {
  return Math.max(nextDelayMs(failures, random), clampMinIntervalMs(minIntervalS) ?? 0);
}
