/**
 * The budgets of issue #6, checked by `npm run bench -- --check`. Timings never become pass/fail
 * tests (machines are noisy); a maintainer runs this by hand and reads why a row missed.
 */

export interface BudgetCheck {
  budget: string;
  /** Measured figure, or null when the measurement was not available in this run. */
  actual: number | null;
  limit: number;
  unit: string;
  /** 'ok', 'miss', or 'unmeasured' (a budget that cannot be confirmed is not passed). Yes/no budgets: actual 1 = yes. */
  status: 'ok' | 'miss' | 'unmeasured';
}

export function checkAtMost(budget: string, actual: number | null, limit: number, unit: string): BudgetCheck {
  if (!Number.isFinite(limit)) throw new Error(`budget "${budget}": limit ${String(limit)} is not a finite number`);
  const status = actual === null || Number.isNaN(actual) ? 'unmeasured' : actual <= limit ? 'ok' : 'miss';
  return { budget, actual: status === 'unmeasured' ? null : actual, limit, unit, status };
}

/** A yes/no budget (the flood's verdict is right, its memory stays bounded). */
export function checkTrue(budget: string, actual: boolean | null): BudgetCheck {
  const status = actual === null ? 'unmeasured' : actual ? 'ok' : 'miss';
  return { budget, actual: actual === null ? null : Number(actual), limit: 1, unit: 'yes', status };
}

/** Page cost: added main-thread script time ≤ 2 ms or ≤ 2 % of the baseline, whichever is larger. */
export function pageScriptLimitMs(baselineScriptMs: number): number {
  return Math.max(2, 0.02 * baselineScriptMs);
}

export const BUDGETS = {
  pageAddedScriptMinMs: 2,
  pageAddedScriptFraction: 0.02,
  hookAddedNsPerCall: 1000,
  reactionMedianMs: 50,
  reactionP95Ms: 100,
  contentScriptsMinifiedBytes: 20 * 1024,
  popupMinifiedBytes: 60 * 1024,
  floodSaqLongTaskMs: 50,
} as const;

export function failedChecks(checks: readonly BudgetCheck[]): BudgetCheck[] {
  return checks.filter((check) => check.status !== 'ok');
}
