/**
 * A rule's `when` compiled into plain predicates (closures over data, never code from data).
 * Thresholds, patterns and field names are resolved here, once, so a bad reference fails the
 * compile with its path instead of silently never matching.
 */
import type { EvidenceValue } from '../findings.ts';
import { RuleSetError, formatPath } from './errors.ts';
import type { IndicatorIndex } from './indicator-index.ts';
import { compilePatternAt, matchPattern } from './pattern.ts';
import type { RequestClassifier } from './request-classifier.ts';
import type { FieldTest, IndicatorType, When } from './schema.ts';
import { schemeOf } from './url.ts';
import type { FindingView, Subject } from './view.ts';

export type Predicate = (view: FindingView) => boolean;

/** The indicator lookup that can nominate a rule: the rule cannot match unless this lookup names it. */
export interface Nominator {
  readonly subject: Subject;
  readonly types: readonly IndicatorType[];
}

export interface CompiledWhen {
  readonly test: Predicate;
  readonly nominator: Nominator | null;
  readonly conditionCount: number;
}

export interface ConditionDeps {
  readonly thresholds: Readonly<Record<string, number>>;
  readonly index: IndicatorIndex;
  readonly requests: RequestClassifier;
}

type Bound = number | { threshold: string };

export function compileWhen(when: When, ruleId: string, deps: ConditionDeps, path: readonly PropertyKey[]): CompiledWhen {
  const checks: Predicate[] = [];
  let nominator: Nominator | null = null;
  const { actor_type, actor_type_not, actor_origin, actor_origin_not, actor_in_indicators, evidence } = when;
  if (actor_type) checks.push((v) => actor_type.includes(v.finding.actor.type));
  if (actor_type_not) checks.push((v) => !actor_type_not.includes(v.finding.actor.type));
  if (actor_origin) checks.push((v) => actor_origin.includes(v.originClass(null)));
  if (actor_origin_not) checks.push((v) => !actor_origin_not.includes(v.originClass(null)));
  if (actor_in_indicators) {
    checks.push(indicatorCheck(null, actor_in_indicators, ruleId, deps.index));
    nominator = { subject: null, types: actor_in_indicators };
  }
  for (const [field, test] of Object.entries(evidence ?? {})) {
    checks.push(...compileFieldTest(field, test, ruleId, deps, [...path, 'evidence', field]));
    if (nominator === null && test.in_indicators) nominator = { subject: field, types: test.in_indicators };
  }
  const test: Predicate = (view) => {
    for (const check of checks) if (!check(view)) return false;
    return true;
  };
  return { test, nominator, conditionCount: checks.length };
}

function indicatorCheck(subject: Subject, types: readonly IndicatorType[], ruleId: string, index: IndicatorIndex): Predicate {
  return (view) =>
    types.some((type) =>
      type === 'code_token'
        ? subject !== null && view.tokens(subject).has(ruleId)
        : index.has(type, ruleId, view.url(subject), view.exactValue(subject, type)),
    );
}

function compileFieldTest(field: string, test: FieldTest, ruleId: string, deps: ConditionDeps, path: readonly PropertyKey[]): Predicate[] {
  const checks: Predicate[] = [];
  const value = (v: FindingView): EvidenceValue | undefined => v.value(field);
  const number = (v: FindingView): number | undefined => {
    const x = v.value(field);
    return typeof x === 'number' ? x : undefined;
  };
  if (test.exists !== undefined) {
    const want = test.exists;
    checks.push((v) => (value(v) !== undefined) === want);
  }
  if (test.equals !== undefined) {
    const want = test.equals;
    checks.push((v) => value(v) === want);
  }
  if (test.in) {
    const set = new Set<EvidenceValue>(test.in);
    checks.push((v) => {
      const x = value(v);
      return x !== undefined && set.has(x);
    });
  }
  if (test.not_in) {
    const set = new Set<EvidenceValue>(test.not_in);
    checks.push((v) => {
      const x = value(v);
      return x === undefined || !set.has(x);
    });
  }
  if (test.gte !== undefined) {
    const bound = resolveBound(test.gte, deps.thresholds, [...path, 'gte']);
    checks.push((v) => (number(v) ?? -Infinity) >= bound);
  }
  if (test.lte !== undefined) {
    const bound = resolveBound(test.lte, deps.thresholds, [...path, 'lte']);
    checks.push((v) => (number(v) ?? Infinity) <= bound);
  }
  if (test.gt_field !== undefined) {
    const other = test.gt_field;
    checks.push((v) => {
      const a = v.value(field);
      const b = v.value(other);
      return typeof a === 'number' && typeof b === 'number' && a > b;
    });
  }
  if (test.url_origin) {
    const classes = test.url_origin;
    checks.push((v) => classes.includes(v.originClass(field)));
  }
  if (test.url_origin_not) {
    const classes = test.url_origin_not;
    checks.push((v) => !classes.includes(v.originClass(field)));
  }
  if (test.url_scheme) {
    const schemes = test.url_scheme;
    checks.push((v) => {
      const url = v.url(field);
      return url !== null && schemes.includes(schemeOf(url));
    });
  }
  if (test.url_pattern) {
    const patterns = test.url_pattern.map((source, i) => compilePatternAt(source, formatPath([...path, 'url_pattern', i])));
    checks.push((v) => {
      const url = v.url(field);
      return url !== null && patterns.some((p) => matchPattern(p, url));
    });
  }
  if (test.url_profile) {
    const classes: readonly string[] = test.url_profile;
    checks.push((v) => {
      const cls = deps.requests.classify(v.url(field));
      return cls !== null && classes.includes(cls);
    });
  }
  if (test.in_indicators) checks.push(indicatorCheck(field, test.in_indicators, ruleId, deps.index));
  return checks;
}

function resolveBound(bound: Bound, thresholds: Readonly<Record<string, number>>, path: readonly PropertyKey[]): number {
  if (typeof bound === 'number') return bound;
  // hasOwn: a name like "constructor" must not resolve to Object.prototype.
  const value = Object.hasOwn(thresholds, bound.threshold) ? thresholds[bound.threshold] : undefined;
  if (value === undefined) throw new RuleSetError(formatPath([...path, 'threshold']), `unknown threshold "${bound.threshold}"`);
  return value;
}
