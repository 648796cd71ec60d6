/**
 * A rule that tests an evidence field its kind never carries (`sorce` for `src`, or a field of another
 * kind) compiles, passes its samples when they repeat the typo, is signed, and then never matches: a
 * silent hole in detection. Every field a rule names — in `when.evidence`, as a `gt_field`, and in its
 * samples' evidence — must be one the evidence contract (rules/README.md) lists for that kind.
 */
import { formatPath } from '../../src/shared/rules/errors.ts';
import type { LintIssue } from '../../src/shared/rules/lint.ts';
import type { Rule } from '../../src/shared/rules/schema.ts';
import { CONTRACT_SOURCE, type EvidenceContract } from './evidence-contract.ts';

export function lintEvidenceFields(rule: Rule, path: readonly PropertyKey[], contract: EvidenceContract): LintIssue[] {
  const issues: LintIssue[] = [];
  const carried = contract.get(rule.kind);
  const add = (at: readonly PropertyKey[], message: string): void => {
    issues.push({ path: formatPath(at), message, level: 'error' });
  };

  for (const [field, test] of Object.entries(rule.when.evidence ?? {})) {
    const at = [...path, 'when', 'evidence', field];
    if (!carried?.has(field)) {
      add(
        at,
        `${rule.id}: ${notCarried(field, rule.kind)}: this test never sees a value, so the rule cannot work as written ${hint(rule.kind, carried)}`,
      );
    }
    if (test.gt_field !== undefined && !carried?.has(test.gt_field)) {
      add(
        [...at, 'gt_field'],
        `${rule.id}: ${notCarried(test.gt_field, rule.kind)}: there is nothing to compare with ${hint(rule.kind, carried)}`,
      );
    }
  }

  for (const which of ['positive', 'negative'] as const) {
    rule.samples[which].forEach((sample, j) => {
      const fields = contract.get(sample.kind);
      for (const field of Object.keys(sample.evidence)) {
        if (fields?.has(field)) continue;
        add(
          [...path, 'samples', which, j, 'evidence', field],
          `${rule.id}: ${notCarried(field, sample.kind)}: no sensor sends it, so the sample stands for a finding that never occurs ${hint(sample.kind, fields)}`,
        );
      }
    });
  }
  return issues;
}

function notCarried(field: string, kind: string): string {
  return `${kind} findings carry no evidence field "${field}"`;
}

function hint(kind: string, carried: ReadonlySet<string> | undefined): string {
  const fields = carried && carried.size > 0 ? `${kind} carries ${[...carried].join(', ')}` : `${kind} has no row in the table`;
  return `(a typo? ${fields}; the evidence contract is the table in ${CONTRACT_SOURCE})`;
}
