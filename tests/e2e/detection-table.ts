/**
 * The suite's detection table: every end-to-end case that plays a helper, a bot or a benign neighbour
 * registers its outcome here, and tests/e2e/detection-reporter.ts prints one table at the end of the
 * run ("malicious cases detected N/N, benign cases flagged 0/M").
 *
 * Cases travel as vitest task metadata (serialised from the test worker to the reporter), so the table
 * covers every e2e file without a shared temp file. Record the outcome BEFORE asserting on it: a missed
 * detection must still appear in the table as missed, not vanish with the failed test.
 *
 *   it('catches X', async ({ task }) => {
 *     const flagged = await …;                       // what Saq did, as a boolean
 *     recordCase(task, { behaviour: 'untrusted activation', case: 'isolated-world clicks', malicious: true, flagged, browser });
 *     expect(flagged).toBe(true);
 *   });
 */
import type { BrowserName } from '../helpers/find-browsers.ts';

export interface DetectionCase {
  /** The threat-model behaviour, e.g. 'cart burst' or 'checkout tampering'. */
  behaviour: string;
  /** What this case plays, e.g. 'another extension clicks from its isolated world'. */
  case: string;
  /** true: a helper/bot (should be flagged); false: benign (must stay silent). */
  malicious: boolean;
  /** Did Saq raise a warning-or-worse verdict for it (the badge lit, or the expected rule fired)? */
  flagged: boolean;
  browser: BrowserName;
}

declare module 'vitest' {
  interface TaskMeta {
    detection?: DetectionCase[];
  }
}

/** Adds a case to the running test's metadata (a test may record several). */
export function recordCase(task: { meta: { detection?: DetectionCase[] } }, entry: DetectionCase): void {
  (task.meta.detection ??= []).push(entry);
}

interface Row {
  behaviour: string;
  case: string;
  malicious: boolean;
  results: Map<string, boolean>;
}

function verdictCell(malicious: boolean, flagged: boolean | undefined): string {
  if (flagged === undefined) return '–';
  if (malicious) return flagged ? 'detected' : 'MISSED';
  return flagged ? 'FLAGGED' : 'silent';
}

/** The printed table. Pure, so its format is unit-testable and stable for the lead's issue notes. */
export function formatDetectionTable(cases: readonly DetectionCase[]): string {
  if (cases.length === 0) return '';
  const browsers = [...new Set(cases.map((c) => c.browser))].sort();
  const rows = new Map<string, Row>();
  for (const entry of cases) {
    const key = `${entry.malicious ? 0 : 1}|${entry.behaviour}|${entry.case}`;
    const row = rows.get(key) ?? { behaviour: entry.behaviour, case: entry.case, malicious: entry.malicious, results: new Map() };
    // A case recorded twice in one browser (a retry) counts as flagged if either run flagged it.
    row.results.set(entry.browser, (row.results.get(entry.browser) ?? false) || entry.flagged);
    rows.set(key, row);
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  const header = ['', 'behaviour', 'case', ...browsers];
  const body = sorted.map((row) => [
    row.malicious ? 'malicious' : 'benign',
    row.behaviour,
    row.case,
    ...browsers.map((browser) => verdictCell(row.malicious, row.results.get(browser))),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();

  const totals = (malicious: boolean, browser?: string): { hit: number; of: number } => {
    const relevant = cases.filter((c) => c.malicious === malicious && (browser === undefined || c.browser === browser));
    return { hit: relevant.filter((c) => c.flagged).length, of: relevant.length };
  };
  const summary = (browser?: string): string => {
    const bad = totals(true, browser);
    const good = totals(false, browser);
    return `malicious cases detected ${bad.hit}/${bad.of}, benign cases flagged ${good.hit}/${good.of}`;
  };
  return [
    'Detection table (built extension, real browsers, shop replica)',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    ...browsers.map((browser) => `${browser}: ${summary(browser)}`),
    `TOTAL: ${summary()}`,
  ].join('\n');
}
