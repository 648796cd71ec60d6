/**
 * Summary statistics for benchmark samples. Medians and nearest-rank percentiles rather than means:
 * a shared 2-core machine produces outliers, and one slow sample must not move the figure we report.
 */

function checkedSorted(samples: readonly number[], what: string): number[] {
  if (samples.length === 0) throw new Error(`${what}: no samples`);
  for (const x of samples) if (!Number.isFinite(x)) throw new Error(`${what}: sample ${String(x)} is not a finite number`);
  return [...samples].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100): always one of the samples, never an interpolation. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be within 0..100, got ${p}`);
  const sorted = checkedSorted(samples, 'percentile');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Median; the mean of the two middle samples for an even count. */
export function median(samples: readonly number[]): number {
  const sorted = checkedSorted(samples, 'median');
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(samples: readonly number[]): number {
  const sorted = checkedSorted(samples, 'mean');
  return sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = checkedSorted(samples, 'summarize');
  return { n: sorted.length, median: median(sorted), p95: percentile(sorted, 95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * with / without. A zero baseline has no meaningful ratio (NaN is reported as "n/a" by the table);
 * Infinity would read as a catastrophic regression where there is only nothing to compare with.
 */
export function ratio(withValue: number, withoutValue: number): number {
  return withoutValue === 0 ? Number.NaN : withValue / withoutValue;
}

/**
 * Median of paired differences (with[i] − without[i]): alternated runs share the machine's load at
 * that moment, so pairing cancels most of the drift that separate medians would keep.
 */
export function medianPairedDelta(withSamples: readonly number[], withoutSamples: readonly number[]): number {
  if (withSamples.length !== withoutSamples.length) {
    throw new Error(`medianPairedDelta: ${withSamples.length} samples with, ${withoutSamples.length} without; pairs need equal counts`);
  }
  return median(withSamples.map((x, i) => x - withoutSamples[i]!));
}
