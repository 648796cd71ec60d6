import { describe, expect, it } from 'vitest';
import { entryPoints, type TraceEvent } from '../../../bench/lib/entry-points.ts';

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
