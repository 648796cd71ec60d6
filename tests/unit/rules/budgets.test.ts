import { describe, expect, it } from 'vitest';
import { MAX_INDICATORS, MAX_RULES } from '../../../src/shared/rules/budgets.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import { body, exfilRule } from './fixtures.ts';

describe('compile budgets', () => {
  it('rejects too many rules before parsing them', () => {
    const started = performance.now();
    expect(() => compileRuleSet(body(new Array(MAX_RULES + 1).fill(null)))).toThrow(/rules: 200001 rules; the budget is 200000/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects too many indicator values', () => {
    const values = Array.from({ length: MAX_INDICATORS + 1 }, (_, i) => `h${i}.example`);
    expect(() => compileRuleSet(body([exfilRule()], { indicators: { hosts: [{ rule: 'SAQ-EXF-001', values }] } }))).toThrow(
      /^indicators: .*budget/,
    );
  });

  it('rejects a pattern above 4 KiB at its path', () => {
    const long = `https://a.example/${'x'.repeat(4096)}`;
    expect(() => compileRuleSet(body([exfilRule()], { indicators: { url_patterns: [{ rule: 'SAQ-EXF-001', values: [long] }] } }))).toThrow(
      /indicators\.url_patterns\[0\]\.values\[0\]: .*budget/,
    );
  });

  it('aborts a compile that overruns its time budget', () => {
    const rules = Array.from({ length: 2048 }, (_, i) => exfilRule(`SAQ-EXF-${String(i).padStart(3, '0')}${i}`));
    expect(() => compileRuleSet(body(rules), { timeBudgetMs: -1 })).toThrow(/budget/);
  });
});
