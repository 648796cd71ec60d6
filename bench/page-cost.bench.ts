/**
 * Page cost: the replica's product and cart pages, and the product page with its script in a shop-sized
 * bundle, loaded again and again with and without Saq, alternating which goes first, each load in a fresh
 * tab — in Chromium a tab no DevTools client drives (lib/browsers.ts, undrivenTab), as a person's is. Each tab
 * waits on a shop page first, so the load runs in a renderer that has compiled Saq's content scripts and the
 * shop's; the product page is also loaded as a new tab's first page (PAGE_COST_PAGES), where it has not.
 * Main-thread script time (Chromium) comes from CDP Performance.getMetrics in thread time (ScriptDuration,
 * TaskDuration: every world, Saq's content scripts included); DOMContentLoaded and load from the page's
 * navigation timing (both browsers).
 *
 * With a `floor` browser (Chromium), a third side: an extension with Saq's content-script layout and
 * nothing in it (bench/fixtures/empty-content-scripts). Its added time is what the browser charges any
 * extension built this way; the rest of Saq's added time is Saq's own work.
 * With a `lazy` browser (Chromium), a fourth: this run's release build with the compile hint taken off
 * the content scripts (tools/build/compile-hints.ts) — old against new, so each run shows what the hint
 * is worth on the browser at hand.
 * With a `sensing` browser (Chromium), a fifth: the sensing floor (bench/fixtures/sensing-floor), the same layout
 * with a forwarding wrapper at each place Saq's MAIN world hooks and most of the listeners and observers of Saq's two
 * worlds, with no deciding behind them (docs/performance.md lists what it leaves out). Its added time is about what
 * watching those routes from document_start costs with Saq's wrappers as they are; the rest is Saq's own set-up and
 * deciding in the page.
 * With `against` browsers (Chromium, `--against=<rev>,…`), other git revisions' release builds instead of
 * those two: old against new in the same run, each of their loads paired with a load without Saq like the
 * others' (a bisect of page cost in one run).
 *
 * And the CPU time of every process of the browser over the same load (bench/lib/process-cpu.ts, Linux):
 * what the extension costs beyond the page's main thread — the browser process, its service worker, the
 * renderer's other threads.
 */
import { resolve } from 'node:path';
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import { cdpMetrics, measuredTab, sleep, type BrowserPair, type TabStart } from './lib/browsers.ts';
import { BUNDLE_PATH, PRODUCT_PATH } from './lib/pages.ts';
import { browserCpuMs, CPU_KINDS, cpuSpent, type ProcessCpuMs, type ProcessKind } from './lib/process-cpu.ts';
import { median, medianPairedDelta, ratio } from './lib/stats.ts';

/** The floor extension: Saq's content-script layout with empty scripts. */
export const FLOOR_EXTENSION = resolve(import.meta.dirname, 'fixtures', 'empty-content-scripts');
/**
 * The pages loaded, each from a tab waiting on a shop page (TabStart `shop`), and the product page once more as
 * the first shop page of a new tab (`new-tab`): a person opening the shop when a sale starts, in a renderer that has
 * run none of Saq's scripts (the shop's own may still come compiled from the browser's code cache). The budget is
 * checked on every row. `bundle`: the product page with its script inside an 830 KB bundle (bench/lib/pages.ts,
 * installBenchPages).
 */
export const PAGE_COST_PAGES: Readonly<Record<string, { path: string; start: TabStart }>> = {
  product: { path: PRODUCT_PATH, start: 'shop' },
  cart: { path: '/kz/cart', start: 'shop' },
  bundle: { path: BUNDLE_PATH, start: 'shop' },
  'product (new tab)': { path: PRODUCT_PATH, start: 'new-tab' },
};

/** Work a content script schedules right after load (observers, messages) is part of the page's cost. */
const SETTLE_MS = 300;

interface LoadSample {
  /** NaN where the browser has no CDP metrics (Firefox). */
  scriptMs: number;
  taskMs: number;
  dclMs: number;
  loadMs: number;
  /** CPU of every process of the browser over the load, per kind; null without /proc. */
  cpu: (ProcessCpuMs & { total: number }) | null;
}

export interface PageCpuFigures {
  /** Medians of the total per load. */
  msWithout: number;
  msWith: number;
  /** Median of paired (with − without) totals. */
  addedMs: number;
  /** The same for the floor extension; null when it was not measured. */
  floorAddedMs: number | null;
  /** Median of paired differences per kind of process (medians: they need not add up to addedMs). */
  addedByKind: Partial<Record<ProcessKind, number>>;
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
  /** The same for the sensing floor; null when it was not measured. */
  sensingAddedScriptMs: number | null;
  /** The same for each `--against` revision's build, in the order given; empty when none was. */
  against: Array<{ revision: string; addedScriptMs: number | null }>;
  scriptRatio: number | null;
  taskMsWithout: number | null;
  taskMsWith: number | null;
  dclMsWithout: number;
  dclMsWith: number;
  loadMsWithout: number;
  loadMsWith: number;
  loadRatio: number;
  /** CPU of every process of the browser; null where it cannot be read (no /proc). */
  cpu: PageCpuFigures | null;
}

const NAVIGATION_TIMING = `(() => {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? { dcl: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null;
})()`;

async function loadOnce(browser: SaqBrowser, { path, start }: { path: string; start: TabStart }): Promise<LoadSample> {
  const tab = await measuredTab(browser, start);
  const { cdp } = tab;
  const rootPid = browser.browser.process()?.pid;
  try {
    await sleep(100); // the blank page's own start-up work is not part of the measured load
    const before = cdp ? await cdpMetrics(cdp) : {};
    const cpuBefore = browserCpuMs(rootPid);
    await tab.goto(new URL(path, 'https://kazcoins.nationalbank.kz').href);
    await sleep(SETTLE_MS);
    const cpuAfter = browserCpuMs(rootPid);
    const after = cdp ? await cdpMetrics(cdp) : {};
    const nav = await tab.read<{ dcl: number; load: number } | null>(NAVIGATION_TIMING);
    if (!nav) throw new Error(`${path}: the page has no navigation timing entry`);
    const delta = (name: string): number => (cdp ? ((after[name] ?? 0) - (before[name] ?? 0)) * 1000 : Number.NaN);
    return {
      scriptMs: delta('ScriptDuration'),
      taskMs: delta('TaskDuration'),
      dclMs: nav.dcl,
      loadMs: nav.load,
      cpu: cpuBefore && cpuAfter ? cpuSpent(cpuBefore, cpuAfter) : null,
    };
  } finally {
    await tab.close();
  }
}

export async function runPageCostBench(
  pair: BrowserPair,
  options: {
    loads: number;
    floor?: SaqBrowser;
    lazy?: SaqBrowser;
    sensing?: SaqBrowser;
    against?: ReadonlyArray<{ label: string; browser: SaqBrowser }>;
    log?: (line: string) => void;
  },
): Promise<PageCostRow[]> {
  const { loads, floor, lazy, sensing, against = [] } = options;
  // A side is named by its role, or by the revision it is for (`against:<label>`).
  const sides: Array<[string, SaqBrowser]> = [
    ['without', pair.withoutSaq],
    ['with', pair.withSaq],
    ...(floor ? [['floor', floor] as [string, SaqBrowser]] : []),
    ...(lazy ? [['lazy', lazy] as [string, SaqBrowser]] : []),
    ...(sensing ? [['sensing', sensing] as [string, SaqBrowser]] : []),
    ...against.map(({ label, browser }) => [`against:${label}`, browser] as [string, SaqBrowser]),
  ];
  const samples = new Map<string, Map<string, LoadSample[]>>();
  for (const name of Object.keys(PAGE_COST_PAGES)) samples.set(name, new Map(sides.map(([side]) => [side, []])));
  // Warm every browser (HTTP cache, compiled shop scripts) so the first sample is not an outlier by construction.
  for (const page of Object.values(PAGE_COST_PAGES)) for (const [, browser] of sides) await loadOnce(browser, page);
  for (let i = 0; i < loads; i++) {
    for (const [name, page] of Object.entries(PAGE_COST_PAGES)) {
      const bucket = samples.get(name)!;
      // Rotate who goes first: a load right after another browser's may meet a busier CPU.
      for (let k = 0; k < sides.length; k++) {
        const [side, browser] = sides[(i + k) % sides.length]!;
        bucket.get(side)!.push(await loadOnce(browser, page));
      }
    }
  }
  return [...samples].map(([page, bySide]) => {
    const of = (side: string): LoadSample[] => bySide.get(side) ?? [];
    const s = { with: of('with'), without: of('without'), floor: of('floor'), lazy: of('lazy'), sensing: of('sensing') };
    type Timing = Exclude<keyof LoadSample, 'cpu'>;
    const pick = (list: LoadSample[], key: Timing): number[] => list.map((x) => x[key]);
    const measured = (list: LoadSample[], key: Timing): number | null => (cdpAvailable ? median(pick(list, key)) : null);
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
      sensingAddedScriptMs: addedBy(s.sensing),
      against: against.map(({ label }) => ({ revision: label, addedScriptMs: addedBy(of(`against:${label}`)) })),
      scriptRatio: scriptWith !== null && scriptWithout !== null ? ratio(scriptWith, scriptWithout) : null,
      taskMsWithout: measured(s.without, 'taskMs'),
      taskMsWith: measured(s.with, 'taskMs'),
      dclMsWithout: median(pick(s.without, 'dclMs')),
      dclMsWith: median(pick(s.with, 'dclMs')),
      loadMsWithout: loadWithout,
      loadMsWith: loadWith,
      loadRatio: ratio(loadWith, loadWithout),
      cpu: cpuFigures(s.with, s.without, s.floor),
    };
    options.log?.(
      `  ${pair.name} ${page}: load ${loadWithout.toFixed(0)} → ${loadWith.toFixed(0)} ms` +
        (row.addedScriptMs === null
          ? ''
          : `, script ${scriptWithout!.toFixed(1)} → ${scriptWith!.toFixed(1)} ms (+${row.addedScriptMs.toFixed(2)} ms paired` +
            (row.floorAddedScriptMs === null ? '' : `; empty content scripts +${row.floorAddedScriptMs.toFixed(2)} ms`) +
            (row.lazyAddedScriptMs === null ? '' : `; without the compile hint +${row.lazyAddedScriptMs.toFixed(2)} ms`) +
            (row.sensingAddedScriptMs === null ? '' : `; sensing floor +${row.sensingAddedScriptMs.toFixed(2)} ms`) +
            row.against.map(({ revision, addedScriptMs }) => `; ${revision} +${addedScriptMs?.toFixed(2) ?? 'n/a'} ms`).join('') +
            ')') +
        (row.cpu ? `, all processes' CPU +${row.cpu.addedMs.toFixed(1)} ms` : ''),
    );
    return row;
  });
}

/** The all-process CPU figures of one page, or null when a load could not be read. */
function cpuFigures(withLoads: LoadSample[], withoutLoads: LoadSample[], floorLoads: LoadSample[]): PageCpuFigures | null {
  const read = (list: LoadSample[]) => (list.every((x) => x.cpu !== null) ? list.map((x) => x.cpu!) : null);
  const withCpu = read(withLoads);
  const withoutCpu = read(withoutLoads);
  if (!withCpu || !withoutCpu || withCpu.length === 0) return null;
  const floorCpu = floorLoads.length > 0 ? read(floorLoads) : null;
  const totals = (list: Array<{ total: number }>) => list.map((x) => x.total);
  const addedByKind: Partial<Record<ProcessKind, number>> = {};
  for (const kind of CPU_KINDS) {
    if (!withCpu.some((x) => kind in x) && !withoutCpu.some((x) => kind in x)) continue;
    addedByKind[kind] = medianPairedDelta(
      withCpu.map((x) => x[kind] ?? 0),
      withoutCpu.map((x) => x[kind] ?? 0),
    );
  }
  return {
    msWithout: median(totals(withoutCpu)),
    msWith: median(totals(withCpu)),
    addedMs: medianPairedDelta(totals(withCpu), totals(withoutCpu)),
    floorAddedMs: floorCpu ? medianPairedDelta(totals(floorCpu), totals(withoutCpu)) : null,
    addedByKind,
  };
}
