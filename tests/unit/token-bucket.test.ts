import { describe, expect, it } from 'vitest';
import { tokenBucket } from '../../src/shared/token-bucket.ts';

function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const passes = (take: () => boolean, tries: number): number => {
  let passed = 0;
  for (let i = 0; i < tries; i++) if (take()) passed++;
  return passed;
};

describe('tokenBucket', () => {
  it('lets a burst through at once, then nothing until time passes', () => {
    const { now } = clock();
    const take = tokenBucket(64, 64, now);
    expect(passes(take, 10_000)).toBe(64);
    expect(take()).toBe(false);
  });

  it('refills at its rate, and never above the burst however long it rests', () => {
    const time = clock();
    const take = tokenBucket(64, 64, time.now);
    passes(take, 64);
    time.advance(500);
    expect(passes(take, 1_000)).toBe(32);
    time.advance(60_000);
    expect(passes(take, 1_000)).toBe(64);
  });

  it('a page replacing Math.min does not change the budget (no built-in called at run time)', () => {
    const time = clock();
    const take = tokenBucket(4, 4, time.now);
    const min = Math.min;
    Math.min = () => Number.POSITIVE_INFINITY;
    try {
      time.advance(10_000);
      expect(passes(take, 100)).toBe(4);
    } finally {
      Math.min = min;
    }
  });
});
