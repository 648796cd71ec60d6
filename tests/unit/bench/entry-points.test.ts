import { describe, expect, it } from 'vitest';
import { entryPoints, youngCollections, type TraceEvent } from '../../../bench/lib/entry-points.ts';

const SAQ = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/content/';
const call = (url: string, functionName: string, lineNumber: number, dur: number): TraceEvent => ({
  name: 'FunctionCall',
  ph: 'X',
  dur,
  args: { data: { url, functionName, lineNumber, columnNumber: 4 } },
});

describe('entryPoints', () => {
  it("sums Saq's top-level runs and callbacks per function, and leaves the page's own out", () => {
    const events: TraceEvent[] = [
      { name: 'EvaluateScript', ph: 'X', dur: 5_000, args: { data: { url: `${SAQ}main-world.iife.js` } } },
      call(`${SAQ}isolated.iife.js`, 'deliver', 120, 400),
      call(`${SAQ}isolated.iife.js`, 'deliver', 120, 600),
      call(`${SAQ}isolated.iife.js`, '', 7, 50),
      call('https://kazcoins.nationalbank.kz/static/product.js', 'addToCart', 3, 9_000),
      { name: 'EvaluateScript', ph: 'X', dur: 2_000, args: { data: { url: 'https://kazcoins.nationalbank.kz/static/app.js' } } },
      // Instant and zero-length events carry no time.
      { name: 'FunctionCall', ph: 'I', args: { data: { url: `${SAQ}isolated.iife.js` } } },
      { name: 'FunctionCall', ph: 'X', dur: 0, args: { data: { url: `${SAQ}isolated.iife.js` } } },
      // Nested V8 events are not entry points.
      { name: 'v8.run', ph: 'X', dur: 4_900, args: { data: { url: `${SAQ}main-world.iife.js` } } },
    ];
    expect(entryPoints(events)).toEqual([
      { kind: 'EvaluateScript', path: 'src/content/main-world.iife.js', fn: '(top level)', line: 0, ms: 5, calls: 1 },
      { kind: 'FunctionCall', path: 'src/content/isolated.iife.js', fn: 'deliver', line: 119, ms: 1, calls: 2 },
      { kind: 'FunctionCall', path: 'src/content/isolated.iife.js', fn: '(anonymous)', line: 6, ms: 0.05, calls: 1 },
    ]);
  });
});

describe('youngCollections', () => {
  const at = (name: string, ts: number, dur: number, url?: string, tid = 1): TraceEvent => ({
    name,
    ph: 'X',
    ts,
    dur,
    pid: 7,
    tid,
    ...(url ? { args: { data: { url } } } : {}),
  });
  it("counts the collections of Saq's thread, and which of them ran inside Saq's entry points", () => {
    const events: TraceEvent[] = [
      at('EvaluateScript', 1_000, 5_000, `${SAQ}main-world.iife.js`),
      at('MinorGC', 2_000, 2_500),
      at('FunctionCall', 10_000, 1_000, 'https://kazcoins.nationalbank.kz/static/product.js'),
      at('MinorGC', 10_200, 500),
      // Another thread's (a worker's) collection is not the page's.
      at('MinorGC', 2_000, 9_000, undefined, 2),
      at('MajorGC', 3_000, 1_000),
    ];
    expect(youngCollections(events)).toEqual({ count: 2, ms: 3, inSaq: 1, inSaqMs: 2.5 });
  });
  it('finds none where Saq ran nothing', () => {
    expect(youngCollections([at('MinorGC', 0, 1_000)])).toEqual({ count: 0, ms: 0, inSaq: 0, inSaqMs: 0 });
  });
});
