/**
 * `npm run bench`: every benchmark side by side in one run, on whatever the working tree holds.
 *   npm run bench                  full run (about 10 minutes on a 2-core machine)
 *   npm run bench -- --quick       fewer runs, smaller floods, no 100,000-rule sets (a couple of minutes)
 *   npm run bench -- --check       also compare against the budgets of issue #6; exit 1 if one is missed
 *   npm run bench -- --only=page,hooks,reaction,flood,engine,feed,size,memory
 *   npm run bench -- --browsers=chromium      (default: chromium,firefox)
 *   npm run bench -- --only=page --browsers=chromium --against=<rev>[,<rev>…]   page cost of those revisions'
 *                                  builds beside this one's, in the same run (old against new; a bisect)
 * Prints the tables and writes bench/results/latest.json and latest.md (partial.json and partial.md for a run of
 * some sections only: the full run's figures stay). Timings are never tests:
 * machines are noisy; --check is for a maintainer reading the figures by hand.
 * `npm run bench -- --profile` instead profiles the slow paths (bench/profile.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runEngineBench } from './engine.bench.ts';
import { runFeedBench } from './feed.bench.ts';
import { FULL_FLOOD, runFloodBench } from './flood.bench.ts';
import { OBSERVER_FLOOR_EXTENSION, PAGE_OBSERVER_FLOOR_EXTENSION, runHookBench } from './hooks.bench.ts';
import { FLOOR_EXTENSION, runPageCostBench } from './page-cost.bench.ts';
import { runReactionBench } from './reaction.bench.ts';
import { runSizeBench } from './size.bench.ts';
import { runSwMemoryBench } from './sw-memory.bench.ts';
import { openPair, type BrowserPair } from './lib/browsers.ts';
import { failedChecks } from './lib/budgets.ts';
import { loadAverageNow, machineInfo } from './lib/machine.ts';
import { installBenchPages } from './lib/pages.ts';
import { gitOrEmpty } from './lib/git.ts';
import { buildForBench } from './lib/release-build.ts';
import { buildRevision, resolveRevision, type RevisionBuild } from './lib/revision-build.ts';
import { checkSensingFloor, SENSING_FLOOR_EXTENSION } from './lib/sensing-floor.ts';
import { budgetChecks, renderMarkdownReport, renderTextReport, type BenchResults, type RunCounts } from './lib/report.ts';
import { launch, type SaqBrowser } from '../tests/helpers/harness.ts';
import type { BrowserName } from '../tests/helpers/find-browsers.ts';
import { startShop, type ShopServer } from '../tests/shop/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SECTIONS = ['size', 'engine', 'feed', 'memory', 'page', 'hooks', 'reaction', 'flood'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  check: boolean;
  profile: boolean;
  browsers: BrowserName[];
  only: ReadonlySet<Section>;
  /** Git revisions whose builds the page-cost bench loads beside this one (Chromium). */
  against: string[];
}

function parseArgs(argv: readonly string[]): Options {
  let only = new Set<Section>(SECTIONS);
  let browsers: BrowserName[] = ['chromium', 'firefox'];
  let against: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--against=')) {
      against = arg.slice('--against='.length).split(',');
      if (against.some((rev) => rev === ''))
        throw new Error('--against: give git revisions separated by commas, e.g. --against=HEAD~1,HEAD~2');
      continue;
    }
    if (arg.startsWith('--browsers=')) {
      browsers = arg.slice('--browsers='.length).split(',') as BrowserName[];
      if (browsers.some((b) => b !== 'chromium' && b !== 'firefox')) throw new Error('--browsers: chromium and/or firefox');
      continue;
    }
    if (arg.startsWith('--only=')) {
      const wanted = arg.slice('--only='.length).split(',');
      const unknown = wanted.filter((w) => !(SECTIONS as readonly string[]).includes(w));
      if (unknown.length > 0) throw new Error(`--only: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
      only = new Set(wanted as Section[]);
    } else if (!['--quick', '--check', '--profile'].includes(arg)) {
      throw new Error(`unknown option ${arg}; see the comment at the top of bench/run.ts`);
    }
  }
  if (against.length > 0 && (!only.has('page') || !browsers.includes('chromium')))
    throw new Error(
      '--against compares page cost in Chromium: use it with the page section and chromium (e.g. --only=page --browsers=chromium)',
    );
  return {
    quick: argv.includes('--quick'),
    check: argv.includes('--check'),
    profile: argv.includes('--profile'),
    browsers,
    only,
    against,
  };
}

function countsFor(quick: boolean): RunCounts {
  return quick
    ? {
        pageLoads: 8,
        hookCalls: 10_000,
        hookRounds: 3,
        reactionRuns: 8,
        floodRuns: 1,
        floodScripts: 1_000,
        floodEvents: 10_000,
        engineSizes: [10, 1_000],
        feedRuns: 2,
        swRules: [10_000],
      }
    : {
        pageLoads: 30,
        hookCalls: 100_000,
        // Seven: a call's own time varies from page to page by more than a hook adds (Firefox's fetch, ~48 µs,
        // by ±15 µs between loads), and with three rounds the median of the differences followed that spread.
        hookRounds: 7,
        reactionRuns: 30,
        // A longest task is one sample per run — a major GC lands in one run and not in the next — so the median of
        // five, each shown (bench/lib/report.ts).
        floodRuns: 5,
        floodScripts: FULL_FLOOD.scripts,
        floodEvents: FULL_FLOOD.events,
        engineSizes: [10, 1_000, 100_000],
        feedRuns: 5,
        swRules: [100_000],
      };
}

const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.profile) {
    const { runProfile } = await import('./profile.ts');
    await runProfile();
    return;
  }
  const counts = countsFor(options.quick);
  const started = Date.now();
  const results: BenchResults = {
    mode: options.quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationS: 0,
    sectionSeconds: {},
    git: {
      head: gitOrEmpty(['rev-parse', '--short', 'HEAD']),
      uncommittedFiles: gitOrEmpty(['status', '--porcelain']).split('\n').filter(Boolean).length,
    },
    machine: { ...machineInfo(), loadAverageEnd: 0 },
    browsers: { chromium: null, firefox: null },
    counts,
    size: null,
    engine: null,
    feed: null,
    swMemory: null,
    pageCost: [],
    hooks: [],
    reaction: [],
    flood: [],
    errors: [],
  };

  /** Runs one section; a failure is recorded and the rest of the run goes on. */
  async function section(name: string, body: () => Promise<void>): Promise<void> {
    const sectionStarted = Date.now();
    log(`▸ ${name}`);
    try {
      await body();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      results.errors.push({ section: name, message });
      log(`  FAILED: ${message}`);
    }
    results.sectionSeconds[name] = Math.round((Date.now() - sectionStarted) / 100) / 10;
  }

  const wants = (s: Section): boolean => options.only.has(s);
  const needsBrowsers = (['memory', 'page', 'hooks', 'reaction', 'flood'] as const).some(wants);
  // A mistyped revision is named before anything is built.
  for (const rev of options.against) resolveRevision(rev);
  log(`Building the release extension from the working tree (git ${results.git.head})…`);
  const builds = await buildForBench({ firefox: options.browsers.includes('firefox') && needsBrowsers });
  const against: RevisionBuild[] = [];
  let shop: ShopServer | null = null;
  try {
    for (const rev of options.against) against.push(buildRevision(rev, log));
    if (wants('size'))
      await section('size', async () => void (results.size = runSizeBench({ chrome: builds.chrome, firefox: builds.firefox })));
    if (wants('engine')) await section('engine', async () => void (results.engine = await runEngineBench(counts.engineSizes)));
    if (wants('feed')) await section('feed', async () => void (results.feed = await runFeedBench({ runs: counts.feedRuns })));
    if (needsBrowsers) {
      shop = await startShop();
      await installBenchPages(shop);
      for (const name of options.browsers) await browserSections(name, shop);
    }
  } finally {
    await shop?.close();
    builds.remove();
    for (const build of against) build.remove();
  }

  async function browserSections(name: BrowserName, server: ShopServer): Promise<void> {
    const release = name === 'chromium' ? builds.chrome : builds.firefox!;
    // Firefox can read the badge only through the popup opened as a page: that variant of the build.
    const withBadgeAccess = name === 'chromium' ? builds.chrome : builds.firefoxProbe!;
    let pair: BrowserPair | null = null;
    try {
      pair = await openPair(name, server, release);
      results.browsers[name] = pair.version;
      const p = pair;
      if (wants('page'))
        await section(`page cost (${name})`, async () => {
          // Chromium measures script time: a third browser with empty content scripts gives the floor under it,
          // a fourth the same build without the compile hint (old against new), a fifth the sensing floor (Saq's hooks
          // and most of its listeners and observers, with nothing behind them). With --against, the other
          // revisions' builds take their place: old against new is then what the run is for.
          const chromium = name === 'chromium';
          const compare = chromium && against.length > 0;
          const floor = chromium && !compare ? await launch(name, server, { extensionDir: FLOOR_EXTENSION }) : undefined;
          const lazy = chromium && !compare ? await launch(name, server, { extensionDir: builds.chromeLazy }) : undefined;
          const sensing = chromium && !compare ? await launch(name, server, { extensionDir: SENSING_FLOOR_EXTENSION }) : undefined;
          const old: Array<{ label: string; browser: SaqBrowser }> = [];
          try {
            if (sensing) await checkSensingFloor(sensing);
            if (compare)
              for (const build of against)
                old.push({ label: build.label, browser: await launch(name, server, { extensionDir: build.chrome }) });
            results.pageCost.push({
              browser: name,
              rows: await runPageCostBench(p, { loads: counts.pageLoads, floor, lazy, sensing, against: old, log }),
            });
          } finally {
            await floor?.close();
            await lazy?.close();
            await sensing?.close();
            for (const { browser } of old) await browser.close();
          }
        });
      server.reset();
      if (wants('hooks'))
        await section(`hook overhead (${name})`, async () => {
          // A third browser with only a document-wide MutationObserver: the floor under the inserting calls; a
          // fourth with that observer in the page's world, which tells the isolated world's share of it; a fifth with
          // the sensing floor, for every call: what being watched at all costs it.
          const floor = await launch(name, server, { withSaq: false, extraExtensions: [OBSERVER_FLOOR_EXTENSION] });
          const pageFloor = await launch(name, server, { withSaq: false, extraExtensions: [PAGE_OBSERVER_FLOOR_EXTENSION] });
          const sensing = await launch(name, server, { withSaq: false, extraExtensions: [SENSING_FLOOR_EXTENSION] });
          try {
            await checkSensingFloor(sensing);
            results.hooks.push({
              browser: name,
              rows: await runHookBench(p, { calls: counts.hookCalls, rounds: counts.hookRounds, floor, pageFloor, sensing, log }),
            });
          } finally {
            await floor.close();
            await pageFloor.close();
            await sensing.close();
          }
        });
      server.reset();
      if (name === 'chromium' && wants('memory'))
        await section(
          'service-worker memory (chromium)',
          async () => void (results.swMemory = await runSwMemoryBench(p.withSaq, { sizes: counts.swRules })),
        );
      if (release !== withBadgeAccess && (wants('reaction') || wants('flood'))) {
        // Swap Saq's browser for the badge-readable variant; the baseline browser stays.
        await p.withSaq.close();
        p.withSaq = await launch(name, server, { extensionDir: withBadgeAccess });
      }
      if (wants('reaction'))
        await section(
          `reaction time (${name})`,
          async () => void results.reaction.push(await runReactionBench(p.withSaq, { runs: counts.reactionRuns, log })),
        );
      server.reset();
      if (wants('flood'))
        await section(
          `flood (${name})`,
          async () =>
            void results.flood.push(
              await runFloodBench(p, {
                runs: counts.floodRuns,
                size: { scripts: counts.floodScripts, events: counts.floodEvents },
                deadlineMs: options.quick ? 20_000 : 45_000,
                log,
              }),
            ),
        );
      server.reset();
    } catch (error) {
      results.errors.push({ section: name, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      log(`  FAILED ${name}: ${String(error)}`);
    } finally {
      await pair?.close();
    }
  }

  results.durationS = Math.round((Date.now() - started) / 1000);
  results.machine.loadAverageEnd = loadAverageNow();
  const checks = budgetChecks(results);
  const text = renderTextReport(results, checks);
  log('');
  log(text);
  const dir = resolve(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  // A run of some sections (--only), or one where a section failed (no browser installed, a browser that
  // would not start), must not replace the last full run's figures, which the docs cite: a fresh machine
  // without the browsers once wrote a "full run" with no browser figure at all over them.
  // A run --against another revision measures the page cost differently (no floor, no compile-hint side).
  const complete = options.only.size === SECTIONS.length && results.errors.length === 0 && options.against.length === 0;
  const name = complete ? 'latest' : 'partial';
  if (!complete && results.errors.length > 0) log(`${results.errors.length} section(s) failed: figures kept apart (partial.*).`);
  writeFileSync(resolve(dir, `${name}.json`), `${JSON.stringify({ ...results, checks }, null, 2)}\n`);
  writeFileSync(resolve(dir, `${name}.md`), renderMarkdownReport(results, checks));
  log(`Wrote bench/results/${name}.json and ${name}.md (${results.durationS} s).`);
  if (options.check) {
    const failed = failedChecks(checks);
    log(
      failed.length === 0
        ? 'All budgets met.'
        : `${failed.length} of ${checks.length} budgets not met (see the Budgets table and bench/README.md).`,
    );
    if (failed.length > 0 || results.errors.length > 0) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  // An option's mistake is said in its own words; anything else with its stack.
  console.error(error instanceof Error ? (error.message.startsWith('--') ? error.message : (error.stack ?? error.message)) : error);
  process.exit(1);
});
