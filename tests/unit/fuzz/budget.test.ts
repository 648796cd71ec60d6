import { describe, expect, it } from 'vitest';
import { parseFuzzRuns, runsFor, SHARES } from './budget.ts';

describe('fuzz budget', () => {
  it('the shares of all fuzz properties add up to the whole total, so `npm run fuzz` runs at least its total', () => {
    const sum = Object.values(SHARES).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
    const total = Object.keys(SHARES).reduce((n, t) => n + runsFor(t as keyof typeof SHARES), 0);
    expect(total).toBeGreaterThanOrEqual(Number(process.env.SAQ_FUZZ_RUNS ?? 3000));
  });

  it('refuses a malformed SAQ_FUZZ_RUNS instead of silently running the default', () => {
    expect(parseFuzzRuns(undefined)).toBe(3000);
    expect(parseFuzzRuns('100000')).toBe(100000);
    for (const bad of ['0', '-5', '1e5', 'lots', '1.5']) expect(() => parseFuzzRuns(bad)).toThrow(/SAQ_FUZZ_RUNS/);
  });
});
