import { describe, expect, it } from 'vitest';
import { budgetChecks, renderMarkdownReport, renderTextReport, type BenchResults } from '../../../bench/lib/report.ts';

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    mode: 'quick',
    startedAt: '2026-12-01T00:00:00.000Z',
    durationS: 100,
    sectionSeconds: {},
    git: { head: 'abc1234', uncommittedFiles: 2 },
    machine: {
      cores: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 8,
      freeMemoryGiB: 4,
      loadAverage: 1,
      loadAverageEnd: 2,
      os: 'linux',
      node: 'v20',
    },
    browsers: { chromium: '150.0', firefox: null },
    counts: {
      pageLoads: 8,
      hookCalls: 10_000,
      hookRounds: 3,
      reactionRuns: 8,
      floodRuns: 1,
      floodScripts: 1_000,
      floodEvents: 10_000,
      engineSizes: [10],
      feedRuns: 2,
      swRules: [10_000],
    },
    size: null,
    engine: null,
    feed: null,
    swMemory: null,
    pageCost: [],
    hooks: [],
    reaction: [],
    flood: [],
    errors: [],
    ...overrides,
  };
}

const pageRow = (added: number, baseline: number | null) => ({
  page: 'product',
  loads: 8,
  scriptMsWithout: baseline,
  scriptMsWith: baseline === null ? null : baseline + added,
  addedScriptMs: baseline === null ? null : added,
  floorAddedScriptMs: null,
  lazyAddedScriptMs: null,
  sensingAddedScriptMs: null,
  against: [],
  scriptRatio: null,
  taskMsWithout: null,
  taskMsWith: null,
  dclMsWithout: 100,
  dclMsWith: 110,
  loadMsWithout: 150,
  loadMsWith: 160,
  loadRatio: 160 / 150,
  cpu: null,
});

describe('bench budget checks', () => {
  it('allows the larger of 2 ms and 2 % of the page’s own script time, and skips browsers without the metric', () => {
    const checks = budgetChecks(
      results({
        pageCost: [
          { browser: 'chromium', rows: [pageRow(1.9, 10), { ...pageRow(9, 500), page: 'cart' }] },
          { browser: 'firefox', rows: [pageRow(0, null)] },
        ],
      }),
    );
    expect(checks.map((c) => [c.budget, c.limit, c.status])).toEqual([
      ['page cost chromium product: added script time', 2, 'ok'],
      ['page cost chromium cart: added script time', 10, 'ok'],
    ]);
  });

  it('judges hooks on main-thread time where the browser measured it, else on the synchronous time', () => {
    const hook = {
      op: 'fetch' as const,
      calls: 10,
      rounds: 1,
      syncNsWithout: 100,
      syncNsWith: 600,
      addedSyncNs: 500,
      syncRatio: 6,
      floorAddedSyncNs: null,
      floorAddedMainNs: null,
      pageFloorAddedSyncNs: null,
      pageFloorAddedMainNs: null,
      sensingAddedSyncNs: null,
      sensingAddedMainNs: null,
    };
    const checks = budgetChecks(
      results({
        hooks: [
          { browser: 'chromium', rows: [{ ...hook, mainNsWithout: 100, mainNsWith: 2100, addedMainNs: 2000 }] },
          { browser: 'firefox', rows: [{ ...hook, mainNsWithout: null, mainNsWith: null, addedMainNs: null }] },
        ],
      }),
    );
    expect(checks.map((c) => [c.budget, c.actual, c.status])).toEqual([
      ['hook chromium fetch: added main-thread time per call', 2000, 'miss'],
      ['hook firefox fetch: added synchronous time per call', 500, 'ok'],
    ]);
  });

  it('judges the calls the observer floor was measured for also on what Saq adds over that floor', () => {
    const row = {
      op: 'appendChild' as const,
      calls: 10,
      rounds: 1,
      syncNsWithout: 100,
      syncNsWith: 3100,
      addedSyncNs: 3000,
      syncRatio: 31,
      mainNsWithout: 100,
      mainNsWith: 6100,
      addedMainNs: 6000,
      floorAddedSyncNs: 2500,
      floorAddedMainNs: 5600,
      pageFloorAddedSyncNs: 400,
      pageFloorAddedMainNs: 900,
      sensingAddedSyncNs: 300,
      sensingAddedMainNs: 700,
    };
    const checks = budgetChecks(
      results({
        hooks: [
          { browser: 'chromium', rows: [row] },
          {
            browser: 'firefox',
            rows: [{ ...row, mainNsWithout: null, mainNsWith: null, addedMainNs: null, floorAddedMainNs: null, floorAddedSyncNs: 1500 }],
          },
        ],
      }),
    );
    expect(checks.map((c) => [c.budget, c.actual, c.status])).toEqual([
      ['hook chromium appendChild: added main-thread time per call', 6000, 'miss'],
      ['hook chromium appendChild: added over the observer floor', 400, 'ok'],
      ['hook firefox appendChild: added synchronous time per call', 3000, 'miss'],
      ['hook firefox appendChild: added over the observer floor', 1500, 'miss'],
    ]);
  });

  it('never passes a reaction time when the badge stayed dark in some run', () => {
    const summary = { n: 7, median: 20, p95: 40, min: 10, max: 40 };
    const checks = budgetChecks(
      results({
        reaction: [
          { browser: 'chromium', method: 'm', rows: [{ scenario: 'click', runs: 8, detected: 7, early: 0, earlyRules: [], ms: summary }] },
        ],
      }),
    );
    expect(checks.map((c) => c.status)).toEqual(['miss', 'unmeasured', 'unmeasured']);
  });

  it('checks the flood’s deadline, Saq’s longest task (median of the runs, each shown), memory bounds and verdict', () => {
    const r = results({
      flood: [
        {
          browser: 'chromium',
          runs: 3,
          scripts: 1000,
          events: 10_000,
          finishedWith: true,
          doneWith: { scripts: 1000, events: 10_000 },
          deadlineMs: 20_000,
          floodMsWithout: 500,
          floodMsWith: 700,
          longestTaskMsWithout: 20,
          longestTaskMsWith: 90,
          saqLongTaskMs: 70,
          saqLongTaskMsPerRun: [130, 70, 40],
          longTaskTotalMsWithout: 0,
          longTaskTotalMsWith: 90,
          mainMsWithout: 400,
          mainMsWith: 600,
          saq: {
            badge: '3',
            severity: 'danger',
            kinds: ['script-inserted', 'untrusted-activation'],
            attributedVerdicts: 3,
            findingCount: 9000,
            findingsKept: 500,
            verdictsKept: 3,
            storedRecordBytes: 1000,
            workerHeapGrowthBytes: null,
          },
          verdictRight: true,
        },
      ],
    });
    const checks = budgetChecks(r);
    expect(renderMarkdownReport(r, checks)).toContain('| 70 (130, 70, 40) |');
    expect(checks.map((c) => [c.budget.replace(/^flood chromium: /, ''), c.status])).toEqual([
      ['finished within 20 s', 'ok'],
      ['longest task added by Saq', 'miss'],
      ['findings memory bounded (≤ 500 findings, ≤ 200 verdicts kept)', 'ok'],
      ['verdict still right', 'ok'],
    ]);
  });
});

describe('bench report', () => {
  it('names the machine, browsers, run counts and failed sections in both renderings', () => {
    const r = results({ errors: [{ section: 'flood (firefox)', message: 'boom' }] });
    for (const text of [renderTextReport(r, []), renderMarkdownReport(r, [])]) {
      expect(text).toContain('Test CPU, 2 cores, 8 GiB RAM');
      expect(text).toContain('Chromium 150.0, Firefox not run');
      expect(text).toContain('8 loads per page and side');
      expect(text).toContain('FAILED flood (firefox): boom');
      expect(text).toContain('git abc1234 + 2 uncommitted files');
    }
  });
});
