/**
 * Hook overhead: the shop's own code calling fetch, XHR open/send, addEventListener, appendChild,
 * setAttribute, the textContent setter and click N times in a loop, in a browser with Saq and one without, alternating which goes first.
 * Two figures per call:
 * - synchronous: the loop's own time (performance.now() around it) — what the calling code waits for;
 * - main thread (Chromium): CDP TaskDuration from the start until the tab is quiet again, which adds
 *   the work a hook defers (port messages to the ISOLATED world, observer callbacks, microtasks).
 * Each round loads a fresh hook page, so listeners and nodes never pile up across rounds. Chromium's page is a
 * tab no DevTools client drives (lib/browsers.ts, undrivenTab): with the Runtime domain on, V8 records every
 * Error's and every thrown exception's stack with positions, work a person's tab never does.
 * With a `floor` browser, a third side for the calls that insert nodes (FLOOR_OPS): an extension with a
 * document-wide MutationObserver and nothing else (fixtures/mutation-observer-floor) — what any extension
 * that sees insertions the way Saq must costs those calls, so the rest of Saq's figure is Saq's own work.
 * With a `pageFloor` browser, a fourth side for the same calls: that observer in the page's own world
 * (fixtures/mutation-observer-floor-page). The two floors apart are what the isolated world adds to an insertion.
 * With a `sensing` browser, a fifth side for every call: the sensing floor (fixtures/sensing-floor), a forwarding
 * wrapper at each place Saq hooks and most of the listeners and observers of Saq's two worlds, each doing nothing but
 * count: about what a call pays for being watched at all, before any of Saq's own work.
 */
import { resolve } from 'node:path';
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import { measuredTab, settledTaskSeconds, sleep, type BrowserPair, type MeasuredTab } from './lib/browsers.ts';
import { HOOK_OPS, HOOKS_PATH, trigger, type HookOp } from './lib/pages.ts';
import { median } from './lib/stats.ts';

/** The floor extension: one ISOLATED-world observer of the document's child lists. */
export const OBSERVER_FLOOR_EXTENSION = resolve(import.meta.dirname, 'fixtures', 'mutation-observer-floor');
/** The same observer as a MAIN-world content script. */
export const PAGE_OBSERVER_FLOOR_EXTENSION = resolve(import.meta.dirname, 'fixtures', 'mutation-observer-floor-page');
/** The calls that make child-list records, the only ones the observer floor says anything about. */
const FLOOR_OPS: ReadonlySet<HookOp> = new Set(['appendChild', 'appendField', 'textContent']);

export interface HookRow {
  op: HookOp;
  calls: number;
  rounds: number;
  /** Median ns per call, synchronous loop time. */
  syncNsWithout: number;
  syncNsWith: number;
  /** Median of the paired per-round differences. */
  addedSyncNs: number;
  syncRatio: number;
  /** Main-thread ns per call including deferred work (Chromium; null elsewhere). */
  mainNsWithout: number | null;
  mainNsWith: number | null;
  addedMainNs: number | null;
  /** The same two added figures for the observer floor; null where it was not measured (other ops, no floor). */
  floorAddedSyncNs: number | null;
  floorAddedMainNs: number | null;
  /** The same for the observer in the page's world; null where it was not measured. */
  pageFloorAddedSyncNs: number | null;
  pageFloorAddedMainNs: number | null;
  /** The same for the sensing floor; null where it was not measured. */
  sensingAddedSyncNs: number | null;
  sensingAddedMainNs: number | null;
}

interface Sample {
  syncNs: number;
  mainNs: number | null;
}

async function runOnce(browser: SaqBrowser, op: HookOp, calls: number): Promise<Sample> {
  const tab = await measuredTab(browser);
  const { cdp } = tab;
  try {
    await tab.goto(new URL(HOOKS_PATH, 'https://kazcoins.nationalbank.kz').href);
    // Let the content scripts finish their start-up (hello, profile) before the clock starts.
    await sleep(200);
    const before = cdp ? await settledTaskSeconds(cdp) : 0;
    const { ms } = await startLoop(tab, op, calls);
    const after = cdp ? await settledTaskSeconds(cdp, { quietMs: 250, timeoutMs: 60_000 }) : 0;
    return { syncNs: (ms * 1e6) / calls, mainNs: cdp ? ((after - before) * 1e9) / calls : null };
  } finally {
    await tab.close();
  }
}

/** Starts the page's loop as the page's own code (a key press, see pages.ts) and waits for its result. */
async function startLoop(tab: MeasuredTab, op: HookOp, calls: number): Promise<{ ms: number }> {
  await tab.read('window.__benchResult = new Promise((resolve) => { window.__benchDone = resolve; }), undefined');
  await trigger(tab, '__bench.start', op, calls);
  return tab.read<{ ms: number }>('window.__benchResult');
}

export async function runHookBench(
  pair: BrowserPair,
  options: {
    calls: number;
    rounds: number;
    floor?: SaqBrowser;
    pageFloor?: SaqBrowser;
    sensing?: SaqBrowser;
    log?: (line: string) => void;
  },
): Promise<HookRow[]> {
  const rows: HookRow[] = [];
  // One warm-up per side: first-run JIT and the HTTP cache are not what a shop page pays per call.
  for (const browser of [pair.withoutSaq, pair.withSaq]) await runOnce(browser, 'click', Math.min(options.calls, 1000));
  for (const op of HOOK_OPS) {
    const without: Sample[] = [];
    const withSaq: Sample[] = [];
    const floored: Sample[] = [];
    const pageFloored: Sample[] = [];
    const sensed: Sample[] = [];
    const { sensing } = options;
    const floor = FLOOR_OPS.has(op) ? options.floor : undefined;
    const pageFloor = FLOOR_OPS.has(op) ? options.pageFloor : undefined;
    for (let round = 0; round < options.rounds; round++) {
      // Each side goes first in turn.
      const sides: Array<[SaqBrowser, Sample[]]> = [
        [pair.withoutSaq, without],
        [pair.withSaq, withSaq],
        ...(floor ? [[floor, floored] as [SaqBrowser, Sample[]]] : []),
        ...(pageFloor ? [[pageFloor, pageFloored] as [SaqBrowser, Sample[]]] : []),
        ...(sensing ? [[sensing, sensed] as [SaqBrowser, Sample[]]] : []),
      ];
      for (let k = 0; k < sides.length; k++) {
        const [browser, samples] = sides[(round + k) % sides.length]!;
        samples.push(await runOnce(browser, op, options.calls));
      }
    }
    const sync = (list: Sample[]): number[] => list.map((s) => s.syncNs);
    const main = (list: Sample[]): number[] | null => (list.every((s) => s.mainNs !== null) ? list.map((s) => s.mainNs!) : null);
    const mainWithout = main(without);
    const mainWith = main(withSaq);
    const mainFloor = floor ? main(floored) : null;
    const mainPageFloor = pageFloor ? main(pageFloored) : null;
    const mainSensing = sensing ? main(sensed) : null;
    const addedOver = (list: readonly number[], base: readonly number[]): number => median(list.map((x, i) => x - base[i]!));
    const row: HookRow = {
      op,
      calls: options.calls,
      rounds: options.rounds,
      syncNsWithout: median(sync(without)),
      syncNsWith: median(sync(withSaq)),
      addedSyncNs: median(sync(withSaq).map((x, i) => x - sync(without)[i]!)),
      syncRatio: median(sync(withSaq)) / median(sync(without)),
      mainNsWithout: mainWithout ? median(mainWithout) : null,
      mainNsWith: mainWith ? median(mainWith) : null,
      addedMainNs: mainWith && mainWithout ? median(mainWith.map((x, i) => x - mainWithout[i]!)) : null,
      floorAddedSyncNs: floor ? addedOver(sync(floored), sync(without)) : null,
      floorAddedMainNs: mainFloor && mainWithout ? addedOver(mainFloor, mainWithout) : null,
      pageFloorAddedSyncNs: pageFloor ? addedOver(sync(pageFloored), sync(without)) : null,
      pageFloorAddedMainNs: mainPageFloor && mainWithout ? addedOver(mainPageFloor, mainWithout) : null,
      sensingAddedSyncNs: sensing ? addedOver(sync(sensed), sync(without)) : null,
      sensingAddedMainNs: mainSensing && mainWithout ? addedOver(mainSensing, mainWithout) : null,
    };
    if (process.env.SAQ_BENCH_VERBOSE)
      options.log?.(
        `    samples without ${JSON.stringify(without)} with ${JSON.stringify(withSaq)} floor ${JSON.stringify(floored)} page floor ${JSON.stringify(pageFloored)} sensing ${JSON.stringify(sensed)}`,
      );
    options.log?.(
      `  ${pair.name} ${op}: ${row.syncNsWithout.toFixed(0)} → ${row.syncNsWith.toFixed(0)} ns/call sync` +
        (row.addedMainNs === null ? '' : `, +${row.addedMainNs.toFixed(0)} ns/call main thread`) +
        (row.floorAddedSyncNs === null
          ? ''
          : `; observer floor +${row.floorAddedSyncNs.toFixed(0)} sync` +
            (row.floorAddedMainNs === null ? '' : `, +${row.floorAddedMainNs.toFixed(0)} main thread`)) +
        (row.pageFloorAddedSyncNs === null
          ? ''
          : `; in the page's world +${row.pageFloorAddedSyncNs.toFixed(0)} sync` +
            (row.pageFloorAddedMainNs === null ? '' : `, +${row.pageFloorAddedMainNs.toFixed(0)} main thread`)) +
        (row.sensingAddedSyncNs === null
          ? ''
          : `; sensing floor +${row.sensingAddedSyncNs.toFixed(0)} sync` +
            (row.sensingAddedMainNs === null ? '' : `, +${row.sensingAddedMainNs.toFixed(0)} main thread`)),
    );
    rows.push(row);
  }
  return rows;
}
