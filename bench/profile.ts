/**
 * `npm run bench -- --profile`: where Saq's time goes when a budget is missed. Chromium with an
 * unminified release build (readable function names):
 * - Saq's entry points over product page loads, from a trace (lib/entry-points.ts): each top-level run
 *   and callback of its content scripts with its own duration, averaged per load;
 * then the V8 sampling profiler on the shop tab:
 * - a product page load;
 * - each hook op (10,000 calls);
 * - a small flood (200 scripts, 4,000 events).
 * Prints, per scenario, the functions with the most self time and where they are in the unminified
 * bundle (src/content/*.iife.js:line), and writes the same to bench/results/profile.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'puppeteer';
import { launch, type SaqBrowser } from '../tests/helpers/harness.ts';
import { startShop } from '../tests/shop/index.ts';
import { openShopTab, pageTab, settledTaskSeconds, sleep } from './lib/browsers.ts';
import { FLOOD_PATH, HOOK_OPS, HOOKS_PATH, installBenchPages, PRODUCT_PATH, trigger } from './lib/pages.ts';
import { entryPoints, youngCollections, type EntryPoint, type TraceEvent, type YoungCollections } from './lib/entry-points.ts';
import { buildForBench } from './lib/release-build.ts';

interface Hotspot {
  ms: number;
  share: number;
  fn: string;
  where: string;
}

type Profile = Awaited<ReturnType<CDPSession['send']>> & {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
};

async function profiled(cdp: CDPSession, body: () => Promise<void>): Promise<Profile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await body();
  const { profile } = await cdp.send('Profiler.stop');
  return profile as unknown as Profile;
}

/**
 * The source line at `line` (0-based) of a built script, given by its extension URL or path, and the
 * module it came from (the bundler's `// src/…` region comments in the unminified build).
 */
function sourceReader(buildDir: string): (urlOrPath: string, line: number) => string {
  const sources = new Map<string, string[]>();
  return (urlOrPath, line) => {
    const path = urlOrPath.replace(/^chrome-extension:\/\/[^/]+\//, '');
    if (!sources.has(path)) {
      try {
        sources.set(path, readFileSync(join(buildDir, path), 'utf8').split('\n'));
      } catch {
        sources.set(path, []);
      }
    }
    const lines = sources.get(path)!;
    let module = '';
    for (let i = line; i >= 0 && !module; i--) module = /^\s*\/\/ (src\/\S+)/.exec(lines[i] ?? '')?.[1] ?? '';
    return `${module ? `${module}: ` : ''}${(lines[line] ?? '').trim().slice(0, 80)}`;
  };
}

/** Self time per function; the source line is read from the unminified bundle to show what it is. */
function hotspots(profile: Profile, buildDir: string, top: number): { totalMs: number; saqMs: number; rows: Hotspot[] } {
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFunction = new Map<string, { us: number; fn: string; where: string }>();
  let total = 0;
  let saq = 0;
  const lineOf = sourceReader(buildDir);
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (['(idle)', '(program)', '(root)'].includes(functionName) || us === 0) continue;
    total += us;
    const ours = url.startsWith('chrome-extension://');
    if (ours) saq += us;
    const file = url ? url.split('/').pop()! : '(native)';
    const key = `${functionName}|${url}|${lineNumber}|${columnNumber}`;
    const entry = byFunction.get(key) ?? {
      us: 0,
      fn: functionName || '(anonymous)',
      where: ours ? `${file}:${lineNumber + 1}  ${lineOf(url, lineNumber)}` : url ? `${file}:${lineNumber + 1}` : '(native)',
    };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const rows = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ ms: e.us / 1000, share: total > 0 ? e.us / total : 0, fn: e.fn, where: e.where }));
  return { totalMs: total / 1000, saqMs: saq / 1000, rows };
}

const ENTRY_POINT_LOADS = 8;

/**
 * With V8's young generation this large from the start (`--min-semi-space-size`, MB), a product load with Saq makes
 * no young-generation collection at all: its entry points' time without the collections Saq's allocation brings on.
 */
const NO_SCAVENGE_SEMI_SPACE_MB = 16;

interface EntryPointLoads {
  entries: EntryPoint[];
  /** Per load. */
  young: YoungCollections;
}

/** Saq's entry points per product page load, traced over `loads` loads after a first (cold) one, averaged. */
async function entryPointsPerLoad(browser: SaqBrowser, loads: number): Promise<EntryPointLoads> {
  const sums = new Map<string, EntryPoint>();
  const young: YoungCollections = { count: 0, ms: 0, inSaq: 0, inSaqMs: 0 };
  for (let i = 0; i <= loads; i++) {
    const { page } = await openShopTab(browser);
    try {
      await sleep(100);
      await page.tracing.start({ categories: ['devtools.timeline', 'v8', 'v8.gc', 'disabled-by-default-devtools.timeline'] });
      await page.goto(new URL(PRODUCT_PATH, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
      await sleep(300);
      const trace = await page.tracing.stop();
      if (i === 0 || !trace) continue;
      const { traceEvents } = JSON.parse(Buffer.from(trace).toString('utf8')) as { traceEvents: TraceEvent[] };
      for (const entry of entryPoints(traceEvents)) {
        const key = `${entry.kind}|${entry.path}|${entry.fn}|${entry.line}`;
        const sum = sums.get(key) ?? { ...entry, ms: 0, calls: 0 };
        sum.ms += entry.ms / loads;
        sum.calls += entry.calls / loads;
        sums.set(key, sum);
      }
      const collections = youngCollections(traceEvents);
      for (const key of ['count', 'ms', 'inSaq', 'inSaqMs'] as const) young[key] += collections[key] / loads;
    } finally {
      await page.close();
    }
  }
  return { entries: [...sums.values()].sort((a, b) => b.ms - a.ms), young };
}

const entryKey = (e: EntryPoint): string => `${e.kind}|${e.path}|${e.fn}|${e.line}`;
const runsAndCallbacksMs = (entries: readonly EntryPoint[]): number =>
  entries.reduce((sum, e) => sum + (e.kind === 'v8.compile' ? 0 : e.ms), 0);

async function startAndWait(page: Page, start: string, args: unknown[], doneExpression: string): Promise<void> {
  await trigger(pageTab(page), start, ...args);
  for (let i = 0; i < 1200; i++) {
    if (await page.evaluate(doneExpression)) return;
    await sleep(100);
  }
  throw new Error(`profile: ${start} did not finish`);
}

export async function runProfile(): Promise<void> {
  const builds = await buildForBench({ firefox: false, minify: false });
  const shop = await startShop();
  let browser: SaqBrowser | null = null;
  const report: string[] = ['# Where Saq spends main-thread time (Chromium, unminified release build, self time)', ''];
  try {
    await installBenchPages(shop);
    browser = await launch('chromium', shop, { extensionDir: builds.chrome });
    /** `path`: the page loaded before profiling starts; none for the page-load scenario itself. */
    const scenarios: { label: string; path?: string; run: (page: Page, cdp: CDPSession) => Promise<void> }[] = [
      {
        label: 'product page load (+300 ms)',
        run: async (page) => {
          await page.goto(new URL(PRODUCT_PATH, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
          await sleep(300);
        },
      },
      ...HOOK_OPS.map((op) => ({
        label: `hook: ${op} × 10,000 (until the tab is quiet)`,
        run: async (page: Page, cdp: CDPSession) => {
          const done = page.evaluate(
            () =>
              new Promise<void>((resolve) => {
                (window as unknown as { __benchDone: () => void }).__benchDone = resolve;
              }),
          );
          await trigger(pageTab(page), '__bench.start', op, 10_000);
          await done;
          await settledTaskSeconds(cdp);
        },
        path: HOOKS_PATH,
      })),
      {
        label: 'flood: 200 scripts + 4,000 events (until the tab is quiet)',
        path: FLOOD_PATH,
        run: async (page, cdp) => {
          await startAndWait(page, '__benchFlood.start', [200, 4000], 'window.__benchFlood.result !== null');
          await settledTaskSeconds(cdp);
        },
      },
    ];
    const lineOf = sourceReader(builds.chrome);
    const { entries, young } = await entryPointsPerLoad(browser, ENTRY_POINT_LOADS);
    // The same loads in a browser whose young generation never fills during one: what the collections cost Saq.
    const roomy = await launch('chromium', shop, {
      extensionDir: builds.chrome,
      chromiumArgs: [`--js-flags=--min-semi-space-size=${NO_SCAVENGE_SEMI_SPACE_MB}`],
    });
    const withoutCollections = await entryPointsPerLoad(roomy, ENTRY_POINT_LOADS).finally(() => roomy.close());
    const roomyMs = new Map(withoutCollections.entries.map((e) => [entryKey(e), e.ms]));
    const collections = (label: string, y: YoungCollections): string =>
      `${label}: ${y.count.toFixed(1)} young-generation collections per load (${y.ms.toFixed(1)} ms), ${y.inSaq.toFixed(1)} of them inside Saq's entry points (${y.inSaqMs.toFixed(1)} ms).`;
    const entryLines = [
      `## Saq's entry points per product page load (trace, mean of ${ENTRY_POINT_LOADS} loads after a first)`,
      '',
      `${runsAndCallbacksMs(entries).toFixed(1)} ms in Saq's top-level runs and callbacks (hooks called by page code not included; trace overhead included); ${runsAndCallbacksMs(withoutCollections.entries).toFixed(1)} ms in a browser whose young generation starts at ${NO_SCAVENGE_SEMI_SPACE_MB} MB and does not fill during a load.`,
      '',
      `- ${collections('Default young generation', young)}`,
      `- ${collections(`${NO_SCAVENGE_SEMI_SPACE_MB} MB from the start`, withoutCollections.young)}`,
      '',
      '| ms | ms, no collections | calls | entry | where |',
      '| ---: | ---: | ---: | --- | --- |',
      ...entries
        .slice(0, 20)
        .map(
          (e) =>
            `| ${e.ms.toFixed(2)} | ${(roomyMs.get(entryKey(e)) ?? 0).toFixed(2)} | ${e.calls.toFixed(1)} | ${e.kind} ${e.fn} | \`${e.path.split('/').pop()}:${e.line + 1}  ${lineOf(e.path, e.line).replaceAll('|', '\\|').replaceAll('`', "'")}\` |`,
        ),
      '',
    ];
    console.log(entryLines.join('\n'));
    report.push(...entryLines);
    for (const scenario of scenarios) {
      const { page, cdp } = await openShopTab(browser);
      try {
        if (scenario.path) {
          await page.goto(new URL(scenario.path, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
          await sleep(300);
        }
        const profile = await profiled(cdp!, () => scenario.run(page, cdp!));
        const { totalMs, saqMs, rows } = hotspots(profile, builds.chrome, 15);
        const lines = [
          `## ${scenario.label}`,
          '',
          `${totalMs.toFixed(0)} ms sampled on the main thread, ${saqMs.toFixed(0)} ms of it in Saq's own code (natives it calls not included).`,
          '',
          '| self ms | share | function | where |',
          '| ---: | ---: | --- | --- |',
          ...rows.map(
            (r) =>
              `| ${r.ms.toFixed(1)} | ${(r.share * 100).toFixed(1)} % | ${r.fn} | \`${r.where.replaceAll('|', '\\|').replaceAll('`', "'")}\` |`,
          ),
          '',
        ];
        console.log(lines.join('\n'));
        report.push(...lines);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await shop.close();
    builds.remove();
  }
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'profile.md'), `${report.join('\n')}\n`);
  console.log('Wrote bench/results/profile.md');
}
