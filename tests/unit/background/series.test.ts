import { describe, expect, it } from 'vitest';
import { inWindow, seriesStats, steadyIntervalCv } from '../../../src/background/series.ts';

describe('series stats', () => {
  it('says nothing about regularity with fewer than two intervals', () => {
    expect(seriesStats([])).toMatchObject({ count: 0, ratePerSec: 0, intervalCv: 1 });
    expect(seriesStats([5])).toMatchObject({ count: 1, ratePerSec: 0, intervalCv: 1 });
    expect(seriesStats([0, 100])).toMatchObject({ count: 2, ratePerSec: 10, intervalCv: 1, minIntervalMs: 100 });
  });

  it('measures a fixed period as perfectly regular and an irregular one as not', () => {
    const fixed = seriesStats([0, 50, 100, 150, 200, 250]);
    expect(fixed).toMatchObject({ count: 6, ratePerSec: 20, meanIntervalMs: 50, intervalCv: 0, minIntervalMs: 50 });
    const human = seriesStats([0, 310, 520, 1190, 1400, 2210]);
    expect(human.intervalCv).toBeGreaterThan(0.3);
    expect(human.ratePerSec).toBeLessThan(3);
  });

  it('keeps only the times inside the window ending now, oldest first', () => {
    expect(inWindow([900, 100, 1500, 2000], 2000, 1000)).toEqual([1500, 2000]);
    expect(inWindow([3000], 2000, 1000)).toEqual([]);
  });
});

describe('steady interval regularity', () => {
  it('reads a fixed period with a few unseen beats as regular, and random spacing as not', () => {
    expect(steadyIntervalCv([0, 250, 500, 1000, 1250, 1500, 2000, 2250, 2500])).toBeLessThan(0.05);
    expect(steadyIntervalCv([0, 130, 700, 790, 1500, 1610, 2300])).toBeGreaterThan(0.3);
    expect(steadyIntervalCv([0, 100])).toBe(1);
  });
});
