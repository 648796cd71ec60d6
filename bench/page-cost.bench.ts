/**
 * Page cost: the replica's product and cart pages loaded again and again with and without Saq,
 * alternating which goes first, each load in a fresh tab. Main-thread script time (Chromium) comes
 * from CDP Performance.getMetrics in thread time (ScriptDuration, TaskDuration: every world, Saq's
 * content scripts included); DOMContentLoaded and load from the page's navigation timing (both browsers).
 *
 * With a `floor` browser (Chromium), a third side: an extension with Saq's content-script layout and
 * nothing in it (bench/fixtures/empty-content-scripts). Its added time is what the browser charges any
 * extension built this way; the rest of Saq's added time is Saq's own work.
 * With a `lazy` browser (Chromium), a fourth: this run's release build with the compile hint taken off
 * the content scripts (tools/build/compile-hints.ts) — old against new, so each run shows what the hint
 * is worth on the browser at hand.
 */
import { resolve } from 'node:path';
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import { cdpMetrics, openShopTab, sleep, type BrowserPair } from './lib/browsers.ts';
import { median, medianPairedDelta, ratio } from './lib/stats.ts';

/** The floor extension: Saq's content-script layout with empty scripts. */
export const FLOOR_EXTENSION = resolve(import.meta.dirname, 'fixtures', 'empty-content-scripts');

export const PAGE_COST_PATHS = { product: '/kz/product/snow-leopard-silver', cart: '/kz/cart' } as const;

/** Work a content script schedules right after load (observers, messages) is part of the page's cost. */
const SETTLE_MS = 300;

interface LoadSample {
  /** NaN where the browser has no CDP metrics (Firefox). */
  scriptMs: number;
  taskMs: number;
  dclMs: number;
  loadMs: number;
}

export interface PageCostRow {
  page: string;
  loads: number;
  /** Script and task figures are null where the browser has no CDP metrics (Firefox). */
  scriptMsWithout: number | null;
  scriptMsWith: number | null;
  /** Median of paired (with − without) script time per load. */
  addedScriptMs: number | null;
  /** The same for the floor extension (empty content scripts); null when it was not measured. */
  floorAddedScriptMs: number | null;
  /** The same for this build without the compile hint; null when it was not measured. */
  lazyAddedScriptMs: number | null;
  scriptRatio: number | null;
  taskMsWithout: number | null;
  taskMsWith: number | null;
  dclMsWithout: number;
  dclMsWith: number;
  loadMsWithout: number;
  loadMsWith: number;
  loadRatio: number;
}

async function loadOnce(browser: SaqBrowser, path: string): Promise<LoadSample> {
  const { page, cdp } = await openShopTab(browser);
  try {
    await sleep(100); // the blank page's own start-up work is not part of the measured load
    const before = cdp ? await cdpMetrics(cdp) : {};
    await page.goto(new URL(path, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
    await sleep(SETTLE_MS);
    const after = cdp ? await cdpMetrics(cdp) : {};
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return entry ? { dcl: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null;
    });
    if (!nav) throw new Error(`${path}: the page has no navigation timing entry`);
    const delta = (name: string): number => (cdp ? ((after[name] ?? 0) - (before[name] ?? 0)) * 1000 : Number.NaN);
    return { scriptMs: delta('ScriptDuration'), taskMs: delta('TaskDuration'), dclMs: nav.dcl, loadMs: nav.load };
  } finally {
    await page.close();
  }
}

export async function runPageCostBench(
  pair: BrowserPair,
  options: { loads: number; floor?: SaqBrowser; lazy?: SaqBrowser; log?: (line: string) => void },
): Promise<PageCostRow[]> {
  const { loads, floor, lazy } = options;
  type Side = 'with' | 'without' | 'floor' | 'lazy';
  const sides: Array<[Side, SaqBrowser]> = [
    ['without', pair.withoutSaq],
    ['with', pair.withSaq],
    ...(floor ? [['floor', floor] as [Side, SaqBrowser]] : []),
    ...(lazy ? [['lazy', lazy] as [Side, SaqBrowser]] : []),
  ];
  const samples = new Map<string, Record<Side, LoadSample[]>>();
  for (const name of Object.keys(PAGE_COST_PATHS)) samples.set(name, { with: [], without: [], floor: [], lazy: [] });
  // Warm every browser (HTTP cache, compiled shop scripts) so the first sample is not an outlier by construction.
  for (const path of Object.values(PAGE_COST_PATHS)) for (const [, browser] of sides) await loadOnce(browser, path);
  for (let i = 0; i < loads; i++) {
    for (const [name, path] of Object.entries(PAGE_COST_PATHS)) {
      const bucket = samples.get(name)!;
      // Rotate who goes first: a load right after another browser's may meet a busier CPU.
      for (let k = 0; k < sides.length; k++) {
        const [side, browser] = sides[(i + k) % sides.length]!;
        bucket[side].push(await loadOnce(browser, path));
      }
    }
  }
  return [...samples].map(([page, s]) => {
    const pick = (list: LoadSample[], key: keyof LoadSample): number[] => list.map((x) => x[key]);
    const measured = (list: LoadSample[], key: keyof LoadSample): number | null => (cdpAvailable ? median(pick(list, key)) : null);
    const cdpAvailable = s.with.every((x) => !Number.isNaN(x.scriptMs));
    const scriptWithout = measured(s.without, 'scriptMs');
    const scriptWith = measured(s.with, 'scriptMs');
    const addedBy = (side: LoadSample[]): number | null =>
      cdpAvailable && side.length > 0 ? medianPairedDelta(pick(side, 'scriptMs'), pick(s.without, 'scriptMs')) : null;
    const loadWithout = median(pick(s.without, 'loadMs'));
    const loadWith = median(pick(s.with, 'loadMs'));
    const row: PageCostRow = {
      page,
      loads,
      scriptMsWithout: scriptWithout,
      scriptMsWith: scriptWith,
      addedScriptMs: addedBy(s.with),
      floorAddedScriptMs: addedBy(s.floor),
      lazyAddedScriptMs: addedBy(s.lazy),
      scriptRatio: scriptWith !== null && scriptWithout !== null ? ratio(scriptWith, scriptWithout) : null,
      taskMsWithout: measured(s.without, 'taskMs'),
      taskMsWith: measured(s.with, 'taskMs'),
      dclMsWithout: median(pick(s.without, 'dclMs')),
      dclMsWith: median(pick(s.with, 'dclMs')),
      loadMsWithout: loadWithout,
      loadMsWith: loadWith,
      loadRatio: ratio(loadWith, loadWithout),
    };
    options.log?.(
      `  ${pair.name} ${page}: load ${loadWithout.toFixed(0)} → ${loadWith.toFixed(0)} ms` +
        (row.addedScriptMs === null
          ? ''
          : `, script ${scriptWithout!.toFixed(1)} → ${scriptWith!.toFixed(1)} ms (+${row.addedScriptMs.toFixed(2)} ms paired` +
            (row.floorAddedScriptMs === null ? '' : `; empty content scripts +${row.floorAddedScriptMs.toFixed(2)} ms`) +
            (row.lazyAddedScriptMs === null ? ')' : `; without the compile hint +${row.lazyAddedScriptMs.toFixed(2)} ms)`)),
    );
    return row;
  });
}
