/**
 * Numbers about a series of event times — how many in a window, how fast, how regular — shared by the
 * background's aggregators (purchase cadence, cart bursts, polling loops). Pure; times in milliseconds.
 */

export interface SeriesStats {
  /** Events in the window, the newest included. */
  count: number;
  /** Events per second over the span they occupy ((count − 1) / span); 0 for fewer than two. */
  ratePerSec: number;
  /** Mean interval between consecutive events; 0 for fewer than two. */
  meanIntervalMs: number;
  /** σ/μ of the intervals (0 = perfectly even); 1 (not regular) when there are fewer than two intervals or the mean is 0. */
  intervalCv: number;
  /** Shortest interval; 0 for fewer than two events. */
  minIntervalMs: number;
}

/** Times within `windowMs` before (and including) `now`, oldest first. */
export function inWindow(times: readonly number[], now: number, windowMs: number): number[] {
  return times.filter((t) => t <= now && now - t < windowMs).sort((a, b) => a - b);
}

export function seriesStats(sortedTimes: readonly number[]): SeriesStats {
  const count = sortedTimes.length;
  if (count < 2) return { count, ratePerSec: 0, meanIntervalMs: 0, intervalCv: 1, minIntervalMs: 0 };
  const intervals: number[] = [];
  for (let i = 1; i < count; i++) intervals.push(sortedTimes[i]! - sortedTimes[i - 1]!);
  const span = sortedTimes[count - 1]! - sortedTimes[0]!;
  const mean = span / intervals.length;
  const variance = intervals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / intervals.length;
  // A 1 ms floor on the span: two events in the same millisecond are "very fast", not infinitely fast.
  const ratePerSec = intervals.length / (Math.max(span, 1) / 1000);
  return {
    count,
    ratePerSec: round(ratePerSec, 2),
    meanIntervalMs: round(mean, 1),
    intervalCv: mean === 0 || intervals.length < 2 ? 1 : round(Math.sqrt(variance) / mean, 3),
    minIntervalMs: round(Math.min(...intervals), 1),
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * σ/μ of the steady intervals only — those up to 1.5× the median — so a timer whose ticks are sometimes
 * not seen (sampled, or a beat skipped) still reads as the fixed period it is. 1 with fewer than two.
 */
export function steadyIntervalCv(sortedTimes: readonly number[]): number {
  const intervals: number[] = [];
  for (let i = 1; i < sortedTimes.length; i++) intervals.push(sortedTimes[i]! - sortedTimes[i - 1]!);
  const median = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)] ?? 0;
  const steady = intervals.filter((x) => x <= median * 1.5);
  if (steady.length < 2) return 1;
  const mean = steady.reduce((sum, x) => sum + x, 0) / steady.length;
  if (mean === 0) return 1;
  const variance = steady.reduce((sum, x) => sum + (x - mean) ** 2, 0) / steady.length;
  return round(Math.sqrt(variance) / mean, 3);
}
