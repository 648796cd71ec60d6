/**
 * Client budgets for a rule set (feed-design row 56): a signed but hostile or buggy feed must not be
 * able to exhaust the background. Counted on the raw body before the schema walks it.
 */
import { RuleSetError } from './errors.ts';

export const MAX_RULES = 200_000;
/** Indicator values across all lists. */
export const MAX_INDICATORS = 200_000;
/** Compile wall-clock budget; checked while compiling rules so a huge set aborts instead of hanging. */
export const DEFAULT_COMPILE_BUDGET_MS = 10_000;

function arrayLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export function checkCountBudgets(body: unknown): { rules: number; indicators: number } {
  const rules = arrayLength(field(body, 'rules'));
  if (rules > MAX_RULES) throw new RuleSetError('rules', `${rules} rules; the budget is ${MAX_RULES}`);
  const indicatorLists = field(body, 'indicators');
  let indicators = 0;
  if (typeof indicatorLists === 'object' && indicatorLists !== null) {
    for (const groups of Object.values(indicatorLists)) {
      if (!Array.isArray(groups)) continue;
      for (const g of groups) indicators += arrayLength(field(g, 'values'));
    }
  }
  if (indicators > MAX_INDICATORS) {
    throw new RuleSetError('indicators', `${indicators} indicator values; the budget is ${MAX_INDICATORS}`);
  }
  return { rules, indicators };
}
