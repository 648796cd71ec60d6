/**
 * Flood: a hostile script on the product page inserts 10,000 scripts and dispatches 100,000 synthetic
 * events within seconds (bench/lib/pages.ts), with and without Saq. What it shows:
 * - long tasks: the page's own work comes in chunks far below 50 ms, so a long task seen only with Saq
 *   is Saq's. Chromium reports them with the Long Tasks API; both browsers run an event-loop monitor
 *   (how late a 10 ms timer chain fires ≈ the longest task);
 * - main-thread time (Chromium, CDP TaskDuration until the tab is quiet again);
 * - memory bounds: the tab's record in the background (findings kept, verdicts kept, stored bytes) and,
 *   in Chromium, the service worker's heap growth;
 * - the verdict is still right: the badge is lit and the verdicts name script injection and synthetic
 *   activation by the hostile script.
 */
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import {
  extensionPage,
  measuredTab,
  serviceWorkerSession,
  settledTaskSeconds,
  sleep,
  tabIdOf,
  workerHeapBytes,
  type BrowserPair,
  type MeasuredTab,
} from './lib/browsers.ts';
import { FLOOD_PATH, FLOOD_URL, trigger } from './lib/pages.ts';
import { median } from './lib/stats.ts';

export interface FloodSize {
  scripts: number;
  events: number;
}

export const FULL_FLOOD: FloodSize = { scripts: 10_000, events: 100_000 };

interface FloodSample {
  /** False when the flood was stopped at the deadline; the rates below then cover what was done. */
  finished: boolean;
  scriptsDone: number;
  eventsDone: number;
  floodMs: number;
  longestGapMs: number;
  /** Long Tasks API (Chromium): durations of tasks ≥ 50 ms. */
  longTasks: number[] | null;
  mainMs: number | null;
}

interface SaqSide {
  badge: string;
  severity: string | null;
  kinds: string[];
  /** Verdicts that name the hostile script as the actor. */
  attributedVerdicts: number;
  findingCount: number;
  findingsKept: number;
  verdictsKept: number;
  storedRecordBytes: number;
  workerHeapGrowthBytes: number | null;
}

export interface FloodResult {
  browser: string;
  runs: number;
  scripts: number;
  events: number;
  /** Whether every run with Saq got through the whole flood before the deadline. */
  finishedWith: boolean;
  /** Of the first run with Saq, when it did not finish. */
  doneWith: { scripts: number; events: number };
  deadlineMs: number;
  floodMsWithout: number;
  floodMsWith: number;
  longestTaskMsWithout: number;
  longestTaskMsWith: number;
  /** Longest task with Saq minus longest without (the page's own), median over runs. */
  saqLongTaskMs: number;
  /** The same for each run, in order: a longest task is one sample per run, so the spread is shown too. */
  saqLongTaskMsPerRun: number[];
  longTaskTotalMsWithout: number | null;
  longTaskTotalMsWith: number | null;
  mainMsWithout: number | null;
  mainMsWith: number | null;
  saq: SaqSide;
  verdictRight: boolean;
}

async function floodOnce(browser: SaqBrowser, size: FloodSize, deadlineMs: number): Promise<{ sample: FloodSample; tab: MeasuredTab }> {
  const tab = await measuredTab(browser);
  const { cdp } = tab;
  await tab.goto(new URL(FLOOD_PATH, 'https://kazcoins.nationalbank.kz').href);
  await sleep(300);
  const before = cdp ? await settledTaskSeconds(cdp) : 0;
  await trigger(tab, '__benchFlood.start', size.scripts, size.events);
  const deadline = Date.now() + deadlineMs;
  type Progress = { scripts: number; events: number; ms: number };
  let state: { result: { ms: number; scriptsRan: number } | null; progress: Progress } | null = null;
  for (;;) {
    await sleep(100);
    state = await tab.read<{ result: { ms: number; scriptsRan: number } | null; progress: Progress }>(
      '({ result: window.__benchFlood.result, progress: window.__benchFlood.progress })',
    );
    if (state.result || Date.now() > deadline) break;
  }
  const finished = state.result !== null;
  // Past the deadline: stop the flood and report how far it got (a page Saq slows this much is a finding).
  if (!finished) await tab.read('window.__benchFlood.stop()');
  // Saq's deferred work (observer callbacks, timers, relays) belongs to the flood too: the monitor
  // keeps watching while it drains, then the tab's main-thread time is read once it is quiet.
  await sleep(1000);
  const monitor = await tab.read<{ maxGapMs: number; longTasks: number[] | null }>(`(() => {
    const m = window.__benchMonitor;
    m.stop();
    return { maxGapMs: m.state.maxGapMs, longTasks: m.state.longTaskApi === false ? null : m.state.longTasks };
  })()`);
  const after = cdp ? await settledTaskSeconds(cdp, { quietMs: 300, timeoutMs: 20_000 }) : 0;
  if (state.result && state.result.scriptsRan !== size.scripts)
    throw new Error(`flood: ${state.result.scriptsRan} of ${size.scripts} scripts ran`);
  return {
    tab,
    sample: {
      finished,
      scriptsDone: state.progress.scripts,
      eventsDone: state.progress.events,
      floodMs: state.result?.ms ?? state.progress.ms,
      longestGapMs: monitor.maxGapMs,
      longTasks: browser.name === 'chromium' ? monitor.longTasks : null,
      mainMs: cdp ? (after - before) * 1000 : null,
    },
  };
}

const longest = (s: FloodSample): number => Math.max(s.longestGapMs, ...(s.longTasks ?? [0]));
const total = (s: FloodSample): number | null => (s.longTasks ? s.longTasks.reduce((a, b) => a + b, 0) : null);
const medianOrNull = (values: (number | null)[]): number | null => (values.every((v): v is number => v !== null) ? median(values) : null);

async function saqSide(browser: SaqBrowser, tab: MeasuredTab, heapBefore: number | null): Promise<SaqSide> {
  const tabId = await tabIdOf(browser, tab);
  const report = await browser.report(tabId);
  const badge = await browser.badgeText(tabId);
  const probe = await extensionPage(browser);
  const stored = await probe.evaluate(async (id) => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    const all = await api.storage.session.get(null);
    const record = all[`tab:${id}`] as { findings?: unknown[]; verdicts?: unknown[] } | undefined;
    return {
      bytes: record ? JSON.stringify(record).length : 0,
      findings: record?.findings?.length ?? 0,
      verdicts: record?.verdicts?.length ?? 0,
    };
  }, tabId);
  let workerHeapGrowthBytes: number | null = null;
  if (heapBefore !== null) {
    const session = await serviceWorkerSession(browser);
    workerHeapGrowthBytes = (await workerHeapBytes(session)) - heapBefore;
    await session.detach();
  }
  return {
    badge,
    severity: report.severity,
    kinds: [...new Set(report.verdicts.map((v) => v.finding.kind))].sort(),
    attributedVerdicts: report.verdicts.filter((v) => v.finding.actor.url === FLOOD_URL).length,
    findingCount: report.findingCount,
    findingsKept: stored.findings,
    verdictsKept: stored.verdicts,
    storedRecordBytes: stored.bytes,
    workerHeapGrowthBytes,
  };
}

export async function runFloodBench(
  pair: BrowserPair,
  options: { runs: number; size: FloodSize; deadlineMs: number; log?: (line: string) => void },
): Promise<FloodResult> {
  const without: FloodSample[] = [];
  const withSaq: FloodSample[] = [];
  let saq: SaqSide | null = null;
  for (let run = 0; run < options.runs; run++) {
    const first = run % 2 === 0 ? 'without' : 'with';
    for (const side of first === 'without' ? ['without', 'with'] : ['with', 'without']) {
      if (side === 'without') {
        const { sample, tab } = await floodOnce(pair.withoutSaq, options.size, options.deadlineMs);
        without.push(sample);
        await tab.close();
        continue;
      }
      let heapBefore: number | null = null;
      if (pair.name === 'chromium' && run === 0) {
        const session = await serviceWorkerSession(pair.withSaq);
        heapBefore = await workerHeapBytes(session);
        await session.detach();
      }
      const { sample, tab } = await floodOnce(pair.withSaq, options.size, options.deadlineMs);
      withSaq.push(sample);
      // The record of the first run is the one reported: later runs only repeat the timings.
      if (run === 0) saq = await saqSide(pair.withSaq, tab, heapBefore);
      await tab.close();
    }
  }
  const side = saq!;
  const added = withSaq.map((s, i) => Math.max(0, longest(s) - longest(without[i]!)));
  const verdictRight =
    side.badge !== '' &&
    side.kinds.includes('script-inserted') &&
    side.kinds.includes('untrusted-activation') &&
    side.attributedVerdicts > 0 &&
    (side.severity === 'danger' || side.severity === 'critical');
  const result: FloodResult = {
    browser: pair.name,
    runs: options.runs,
    scripts: options.size.scripts,
    events: options.size.events,
    finishedWith: withSaq.every((s) => s.finished),
    doneWith: { scripts: withSaq[0]!.scriptsDone, events: withSaq[0]!.eventsDone },
    deadlineMs: options.deadlineMs,
    floodMsWithout: median(without.map((s) => s.floodMs)),
    floodMsWith: median(withSaq.map((s) => s.floodMs)),
    longestTaskMsWithout: median(without.map(longest)),
    longestTaskMsWith: median(withSaq.map(longest)),
    saqLongTaskMs: median(added),
    saqLongTaskMsPerRun: added,
    longTaskTotalMsWithout: medianOrNull(without.map(total)),
    longTaskTotalMsWith: medianOrNull(withSaq.map(total)),
    mainMsWithout: medianOrNull(without.map((s) => s.mainMs)),
    mainMsWith: medianOrNull(withSaq.map((s) => s.mainMs)),
    saq: side,
    verdictRight,
  };
  if (!without.every((s) => s.finished)) throw new Error(`flood: the page alone did not finish within ${options.deadlineMs} ms`);
  options.log?.(
    `  ${pair.name} flood: ${result.floodMsWithout.toFixed(0)} → ${result.floodMsWith.toFixed(0)} ms` +
      (result.finishedWith ? '' : ` (stopped at the deadline: ${result.doneWith.scripts} scripts, ${result.doneWith.events} events done)`) +
      `, longest task ` +
      `${result.longestTaskMsWithout.toFixed(0)} → ${result.longestTaskMsWith.toFixed(0)} ms ` +
      `(added per run: ${added.map((ms) => ms.toFixed(0)).join(', ')}), ${side.findingCount} findings ` +
      `(${side.findingsKept} kept, ${side.storedRecordBytes} B stored), verdict ${verdictRight ? 'right' : 'WRONG'} (${side.severity}; ${side.kinds.join(', ')})`,
  );
  return result;
}
