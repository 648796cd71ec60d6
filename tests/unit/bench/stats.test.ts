import { describe, expect, it } from 'vitest';
import { mean, median, medianPairedDelta, percentile, ratio, summarize } from '../../../bench/lib/stats.ts';
import { checkAtMost, failedChecks, pageScriptLimitMs } from '../../../bench/lib/budgets.ts';
import { formatCell, renderMarkdown, renderText } from '../../../bench/lib/table.ts';

describe('bench stats', () => {
  it('takes the middle sample, or the mean of the two middle ones, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('uses nearest-rank percentiles, so p95 is always a sample that was seen', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile([10, 20, 30], 50)).toBe(20);
  });

  it('refuses empty, non-finite and out-of-range input with a specific error', () => {
    expect(() => median([])).toThrow('median: no samples');
    expect(() => mean([1, Number.NaN])).toThrow('mean: sample NaN is not a finite number');
    expect(() => percentile([1], 101)).toThrow('p must be within 0..100, got 101');
    expect(() => medianPairedDelta([1, 2], [1])).toThrow('2 samples with, 1 without');
  });

  it('summarizes without touching the caller’s array', () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual({ n: 3, median: 2, p95: 3, min: 1, max: 3 });
    expect(samples).toEqual([3, 1, 2]);
  });

  it('pairs alternated runs before taking the median of the differences', () => {
    // Load drifts upward during the run; the pairwise delta stays 1 while separate medians differ by 10.
    expect(medianPairedDelta([11, 21, 31, 41, 51], [10, 20, 30, 40, 50])).toBe(1);
    expect(median([11, 21, 31, 41, 51, 61]) - median([10, 20, 30, 40, 50, 0])).toBe(11);
  });

  it('reports no ratio against a zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
  });
});

describe('bench budgets', () => {
  it('takes the larger of 2 ms and 2 % for page script time', () => {
    expect(pageScriptLimitMs(10)).toBe(2);
    expect(pageScriptLimitMs(500)).toBe(10);
  });

  it('passes at the limit, misses above it, and never passes what was not measured', () => {
    expect(checkAtMost('x', 50, 50, 'ms').status).toBe('ok');
    expect(checkAtMost('x', 50.1, 50, 'ms').status).toBe('miss');
    expect(checkAtMost('x', null, 50, 'ms').status).toBe('unmeasured');
    expect(checkAtMost('x', Number.NaN, 50, 'ms').status).toBe('unmeasured');
    const checks = [checkAtMost('a', 1, 2, 'ms'), checkAtMost('b', 3, 2, 'ms'), checkAtMost('c', null, 2, 'ms')];
    expect(failedChecks(checks).map((c) => c.budget)).toEqual(['b', 'c']);
    expect(() => checkAtMost('x', 1, Number.POSITIVE_INFINITY, 'ms')).toThrow('limit Infinity is not a finite number');
  });
});

describe('bench tables', () => {
  const table = {
    title: 'T',
    columns: ['what', 'ms'],
    rows: [
      ['a|b', 1.234],
      ['c', null],
    ],
  };

  it('formats numbers, n/a and groups thousands', () => {
    expect(formatCell(1.234)).toBe('1.23');
    expect(formatCell(12.34)).toBe('12.3');
    expect(formatCell(123456)).toBe('123,456');
    expect(formatCell(Number.NaN)).toBe('n/a');
    expect(formatCell(null)).toBe('n/a');
  });

  it('aligns text columns and escapes Markdown pipes', () => {
    const text = renderText(table).split('\n');
    expect(text[1]).toBe('what    ms');
    expect(text[3]).toBe('a|b   1.23');
    expect(renderMarkdown(table)).toContain('| a\\|b | 1.23 |');
  });

  it('refuses a row whose width does not match the header', () => {
    expect(() => renderText({ title: 'T', columns: ['a', 'b'], rows: [[1]] })).toThrow('table "T": a row has 1 cells, the header 2');
  });
});
