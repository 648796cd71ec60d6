/**
 * What one `npm run bench` measured, and how it reads: the results shape written to
 * bench/results/latest.json, the tables for the terminal and latest.md, and the budget checks of
 * issue #6. Pure: tested in tests/unit/bench/report.test.ts without a browser.
 */
import { MAX_FINDINGS_PER_TAB, MAX_VERDICTS_PER_TAB } from '../../src/background/tab-findings.ts';
import type { EngineBenchResult } from '../engine.bench.ts';
import type { FeedBenchResult } from '../feed.bench.ts';
import type { FloodResult } from '../flood.bench.ts';
import type { HookRow } from '../hooks.bench.ts';
import type { PageCostRow } from '../page-cost.bench.ts';
import { CPU_KINDS } from './process-cpu.ts';
import type { ReactionResult } from '../reaction.bench.ts';
import type { SizeBenchResult } from '../size.bench.ts';
import type { SwMemoryRow } from '../sw-memory.bench.ts';
import { BUDGETS, checkAtMost, checkTrue, pageScriptLimitMs, type BudgetCheck } from './budgets.ts';
import type { MachineInfo } from './machine.ts';
import { formatCell, renderMarkdown, renderText, type Table } from './table.ts';

export interface RunCounts {
  pageLoads: number;
  hookCalls: number;
  hookRounds: number;
  reactionRuns: number;
  floodRuns: number;
  floodScripts: number;
  floodEvents: number;
  engineSizes: number[];
  feedRuns: number;
  swRules: number[];
}

export interface BenchResults {
  mode: 'full' | 'quick';
  startedAt: string;
  durationS: number;
  /** Seconds per section, to see where a run's time goes. */
  sectionSeconds: Record<string, number>;
  git: { head: string; uncommittedFiles: number };
  machine: MachineInfo & { loadAverageEnd: number };
  browsers: { chromium: string | null; firefox: string | null };
  counts: RunCounts;
  size: SizeBenchResult[] | null;
  engine: EngineBenchResult | null;
  feed: FeedBenchResult | null;
  swMemory: SwMemoryRow[] | null;
  pageCost: { browser: string; rows: PageCostRow[] }[];
  hooks: { browser: string; rows: HookRow[] }[];
  reaction: ReactionResult[];
  flood: FloodResult[];
  /** Sections that failed, with the error: the rest of the run still counts. */
  errors: { section: string; message: string }[];
}

const kib = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

export function budgetChecks(r: BenchResults): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const { browser, rows } of r.pageCost) {
    for (const row of rows) {
      if (row.scriptMsWithout === null) continue; // Firefox has no script-time metric
      checks.push(
        checkAtMost(`page cost ${browser} ${row.page}: added script time`, row.addedScriptMs, pageScriptLimitMs(row.scriptMsWithout), 'ms'),
      );
    }
  }
  for (const { browser, rows } of r.hooks) {
    for (const row of rows) {
      // Chromium: main-thread CPU time incl. deferred work (robust on a shared machine); elsewhere the synchronous wall time.
      const main = row.addedMainNs !== null;
      checks.push(
        checkAtMost(
          `hook ${browser} ${row.op}: added ${main ? 'main-thread' : 'synchronous'} time per call`,
          main ? row.addedMainNs : row.addedSyncNs,
          BUDGETS.hookAddedNsPerCall,
          'ns',
        ),
      );
      // Beside it, never instead of it: what Saq adds over an extension that only observes insertions.
      const floor = main ? row.floorAddedMainNs : row.floorAddedSyncNs;
      if (floor !== null && floor !== undefined) {
        checks.push(
          checkAtMost(
            `hook ${browser} ${row.op}: added over the observer floor`,
            (main ? row.addedMainNs! : row.addedSyncNs) - floor,
            BUDGETS.hookAddedNsPerCall,
            'ns',
          ),
        );
      }
    }
  }
  for (const result of r.reaction) {
    for (const row of result.rows) {
      const complete = row.ms !== null && row.detected === row.runs;
      checks.push(checkTrue(`reaction ${result.browser} ${row.scenario}: badge lit in every run`, row.detected === row.runs));
      checks.push(
        checkAtMost(`reaction ${result.browser} ${row.scenario}: median`, complete ? row.ms!.median : null, BUDGETS.reactionMedianMs, 'ms'),
      );
      checks.push(
        checkAtMost(`reaction ${result.browser} ${row.scenario}: p95`, complete ? row.ms!.p95 : null, BUDGETS.reactionP95Ms, 'ms'),
      );
    }
  }
  const chrome = r.size?.[0];
  if (chrome) {
    checks.push(
      checkAtMost('size: content scripts (both worlds), minified', chrome.contentScriptsRawBytes, BUDGETS.contentScriptsMinifiedBytes, 'B'),
    );
    checks.push(checkAtMost('size: popup (html+js+css), minified', chrome.popupRawBytes, BUDGETS.popupMinifiedBytes, 'B'));
  }
  for (const f of r.flood) {
    checks.push(checkTrue(`flood ${f.browser}: finished within ${f.deadlineMs / 1000} s`, f.finishedWith));
    checks.push(checkAtMost(`flood ${f.browser}: longest task added by Saq`, f.saqLongTaskMs, BUDGETS.floodSaqLongTaskMs, 'ms'));
    checks.push(
      checkTrue(
        `flood ${f.browser}: findings memory bounded (≤ ${MAX_FINDINGS_PER_TAB} findings, ≤ ${MAX_VERDICTS_PER_TAB} verdicts kept)`,
        f.saq.findingsKept <= MAX_FINDINGS_PER_TAB && f.saq.verdictsKept <= MAX_VERDICTS_PER_TAB,
      ),
    );
    checks.push(checkTrue(`flood ${f.browser}: verdict still right`, f.verdictRight));
  }
  return checks;
}

export function tables(r: BenchResults, checks: readonly BudgetCheck[]): Table[] {
  const out: Table[] = [];
  out.push({
    title: 'Page cost (medians per load; added = median of paired with − without)',
    columns: [
      'browser / page',
      'loads',
      'script ms without',
      'with',
      'added',
      'ratio',
      'empty content scripts add',
      'sensing floor adds',
      'no compile hint adds',
      'DCL ms without',
      'with',
      'load ms without',
      'with',
      'ratio',
    ],
    rows: r.pageCost.flatMap(({ browser, rows }) =>
      rows.map((row) => [
        `${browser} ${row.page}`,
        row.loads,
        row.scriptMsWithout,
        row.scriptMsWith,
        row.addedScriptMs,
        row.scriptRatio,
        row.floorAddedScriptMs,
        row.sensingAddedScriptMs,
        row.lazyAddedScriptMs,
        row.dclMsWithout,
        row.dclMsWith,
        row.loadMsWithout,
        row.loadMsWith,
        row.loadRatio,
      ]),
    ),
  });
  const revisions = r.pageCost.flatMap(({ rows }) => rows)[0]?.against.map(({ revision }) => revision) ?? [];
  if (revisions.length > 0) {
    out.push({
      title: 'Page cost against other revisions (--against; added script ms per load, each paired with the same loads without Saq)',
      columns: ['browser / page', 'this build', ...revisions],
      rows: r.pageCost.flatMap(({ browser, rows }) =>
        rows.map((row) => [`${browser} ${row.page}`, row.addedScriptMs, ...row.against.map(({ addedScriptMs }) => addedScriptMs)]),
      ),
    });
  }
  const cpuRows = r.pageCost.flatMap(({ browser, rows }) => rows.filter((row) => row.cpu).map((row) => ({ browser, row, cpu: row.cpu! })));
  if (cpuRows.length > 0) {
    out.push({
      title:
        'Page cost, CPU of every process of the browser per load (ms; the same loads; added by kind: medians of paired differences, they need not add up)',
      columns: ['browser / page', 'without', 'with', 'added', 'empty content scripts add', ...CPU_KINDS.map((kind) => `${kind} +`)],
      rows: cpuRows.map(({ browser, row, cpu }) => [
        `${browser} ${row.page}`,
        cpu.msWithout,
        cpu.msWith,
        cpu.addedMs,
        cpu.floorAddedMs,
        ...CPU_KINDS.map((kind) => cpu.addedByKind[kind] ?? null),
      ]),
    });
  }
  out.push({
    title: 'Hook overhead per call (medians over rounds; sync = wall time of the loop, main = main-thread CPU incl. deferred work)',
    columns: [
      'browser / op',
      'calls × rounds',
      'sync ns without',
      'with',
      'added',
      'ratio',
      'main ns without',
      'with',
      'added',
      'observer floor: added sync',
      'added main',
      "page world's observer: added sync",
      'added main',
      'sensing floor: added sync',
      'added main',
    ],
    rows: r.hooks.flatMap(({ browser, rows }) =>
      rows.map((row) => [
        `${browser} ${row.op}`,
        `${row.calls.toLocaleString('en-US')} × ${row.rounds}`,
        row.syncNsWithout,
        row.syncNsWith,
        row.addedSyncNs,
        row.syncRatio,
        row.mainNsWithout,
        row.mainNsWith,
        row.addedMainNs,
        row.floorAddedSyncNs ?? null,
        row.floorAddedMainNs ?? null,
        row.pageFloorAddedSyncNs ?? null,
        row.pageFloorAddedMainNs ?? null,
        row.sensingAddedSyncNs ?? null,
        row.sensingAddedMainNs ?? null,
      ]),
    ),
  });
  out.push({
    title: "Reaction time: helper's act → badge set (ms)",
    columns: ['browser / act', 'detected', 'median', 'p95', 'min', 'max'],
    rows: r.reaction.flatMap((result) =>
      result.rows.map((row) => [
        `${result.browser} ${row.scenario}`,
        `${row.detected}/${row.runs}${row.early ? ` (${row.early} lit early: ${row.earlyRules.join(', ')})` : ''}`,
        row.ms?.median ?? null,
        row.ms?.p95 ?? null,
        row.ms?.min ?? null,
        row.ms?.max ?? null,
      ]),
    ),
  });
  if (r.engine) {
    out.push({
      title: `Rule engine (Node ${r.engine.node}; CPU time of the process)`,
      columns: ['rules', 'indicators', 'compile ms', 'match µs/finding', 'naive µs/finding', 'speed-up ×'],
      rows: r.engine.rows.map((row) => [
        row.rules,
        row.indicators,
        row.compileCpuMs,
        row.matchCpuUs,
        row.naiveCpuUs,
        Math.round(row.speedup),
      ]),
    });
  }
  if (r.feed) {
    out.push({
      title: `Signed rules file: verify + parse + compile (median of ${r.feed.runs}, CPU time)`,
      columns: ['file', 'bytes', 'rules', 'verify+parse ms', 'compile ms', 'total ms'],
      rows: r.feed.rows.map((row) => [row.label, row.envelopeBytes, row.rules, row.verifyParseCpuMs, row.compileCpuMs, row.totalCpuMs]),
    });
  }
  if (r.size) {
    out.push({
      title: 'Bundle sizes (release build, minified; a bundle counts every chunk it loads)',
      columns: ['target / bundle', 'raw KiB', 'gzip KiB'],
      rows: r.size.flatMap((result) =>
        result.bundles.map((b) => [`${result.source.split(' ')[0]} ${b.bundle}`, kib(b.rawBytes), kib(b.gzipBytes)]),
      ),
    });
  }
  if (r.swMemory) {
    out.push({
      title: 'Service-worker heap (Chromium, after GC)',
      columns: ['state', 'rules', 'heap MiB', 'compile ms in worker'],
      rows: r.swMemory.map((row) => [row.label, row.rules || null, mib(row.heapBytes), row.compileMs]),
    });
  }
  out.push({
    title: `Flood: ${r.counts.floodScripts.toLocaleString('en-US')} scripts + ${r.counts.floodEvents.toLocaleString('en-US')} synthetic events (medians)`,
    columns: [
      'browser',
      'flood ms without',
      'with',
      'longest task ms without',
      'with',
      'added by Saq',
      'main ms without',
      'with',
      'findings',
      'kept',
      'stored KiB',
      'SW heap +MiB',
      'verdict',
    ],
    rows: r.flood.map((f) => [
      f.browser,
      f.floodMsWithout,
      f.finishedWith ? f.floodMsWith : `> ${f.deadlineMs} (${f.doneWith.events.toLocaleString('en-US')} events done)`,
      f.longestTaskMsWithout,
      f.longestTaskMsWith,
      f.saqLongTaskMsPerRun.length > 1
        ? `${formatCell(f.saqLongTaskMs)} (${f.saqLongTaskMsPerRun.map((ms) => formatCell(ms)).join(', ')})`
        : f.saqLongTaskMs,
      f.mainMsWithout,
      f.mainMsWith,
      f.saq.findingCount,
      f.saq.findingsKept,
      kib(f.saq.storedRecordBytes),
      f.saq.workerHeapGrowthBytes === null ? null : mib(f.saq.workerHeapGrowthBytes),
      `${f.verdictRight ? 'right' : 'WRONG'}: ${f.saq.severity ?? 'none'} (${f.saq.kinds.join(', ')})`,
    ]),
  });
  out.push({
    title: 'Budgets (issue #6)',
    columns: ['budget', 'measured', 'limit', 'unit', 'status'],
    rows: checks.map((c) => [
      c.budget,
      c.unit === 'yes' ? (c.actual === null ? null : c.actual ? 'yes' : 'no') : c.actual,
      c.unit === 'yes' ? 'yes' : c.limit,
      c.unit === 'yes' ? '' : c.unit,
      c.status,
    ]),
  });
  return out.filter((table) => table.rows.length > 0);
}

function header(r: BenchResults): string[] {
  const m = r.machine;
  return [
    `Saq benchmarks (${r.mode} run, ${r.startedAt}, ${Math.round(r.durationS)} s; git ${r.git.head}${r.git.uncommittedFiles ? ` + ${r.git.uncommittedFiles} uncommitted files` : ''})`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; ${m.os}; Node ${m.node}; load average ${m.loadAverage} at start, ${m.loadAverageEnd} at end`,
    `Browsers: Chromium ${r.browsers.chromium ?? 'not run'}, Firefox ${r.browsers.firefox ?? 'not run'}`,
    `Runs: ${r.counts.pageLoads} loads per page and side; ${r.counts.hookCalls.toLocaleString('en-US')} calls × ${r.counts.hookRounds} rounds per hook and side; ` +
      `${r.counts.reactionRuns} runs per act; flood ${r.counts.floodScripts.toLocaleString('en-US')} scripts + ${r.counts.floodEvents.toLocaleString('en-US')} events × ${r.counts.floodRuns}; ` +
      `engine at ${r.counts.engineSizes.map((n) => n.toLocaleString('en-US')).join(' / ')} rules; feed × ${r.counts.feedRuns}`,
    ...r.reaction.map((x) => `Badge clock (${x.browser}): ${x.method}`),
    ...r.errors.map((e) => `FAILED ${e.section}: ${e.message}`),
  ];
}

export function renderTextReport(r: BenchResults, checks: readonly BudgetCheck[]): string {
  return [...header(r), '', ...tables(r, checks).flatMap((t) => [renderText(t), ''])].join('\n');
}

export function renderMarkdownReport(r: BenchResults, checks: readonly BudgetCheck[]): string {
  return [
    '# Saq benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); the JSON next to this file has every figure.',
    '',
    ...header(r).map((line) => `- ${line}`),
    '',
    ...tables(r, checks).flatMap((t) => [renderMarkdown(t), '']),
  ].join('\n');
}
