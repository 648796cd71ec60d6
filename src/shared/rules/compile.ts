/**
 * Rule-set body → indexed matcher. Validation (schema.ts), budgets (budgets.ts) and cross-references
 * are all checked here, so whatever compiles can be swapped in by the feed client without surprises.
 * Rules are bucketed by finding kind; within a bucket, rules tied to indicators are only evaluated
 * when an index lookup nominates them, so match cost does not grow with the number of indicators.
 */
import type { FindingKind, Severity } from '../findings.ts';
import { DEFAULT_COMPILE_BUDGET_MS, checkCountBudgets } from './budgets.ts';
import { compileWhen, type Nominator, type Predicate } from './conditions.ts';
import { RuleSetError, formatPath } from './errors.ts';
import { IndicatorIndex } from './indicator-index.ts';
import { OriginClassifier } from './origins.ts';
import { RequestClassifier } from './request-classifier.ts';
import { INDICATOR_LIST, INDICATOR_TYPES, parseRuleSetBody, type ParsedRuleSet, type SiteProfile } from './schema.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';
import { parseFeedDate } from '../feed/dates.ts';

export interface CompileOptions {
  /** Clock for allow-rule expiry (ms since the epoch); defaults to Date.now(). */
  now?: number;
  /** False drops every allow rule: the feed client passes false once the rules payload itself has expired. */
  allowRulesActive?: boolean;
  timeBudgetMs?: number;
}

export interface CompiledRule {
  readonly id: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly messageKey: string;
  readonly references: readonly string[];
  readonly allow: boolean;
  /** Allow rules only (ms since the epoch). */
  readonly expiresAt: number | null;
  /** Allow rules only: ids silenced, or null for every verdict on the finding. */
  readonly suppresses: ReadonlySet<string> | null;
  readonly test: Predicate;
  readonly nominator: Nominator | null;
  readonly conditionCount: number;
}

export interface KindBucket {
  /** Rules with no indicator condition: evaluated for every finding of the kind. */
  readonly always: readonly CompiledRule[];
  /** Rules reachable only through an index lookup, by id. */
  readonly indexed: ReadonlyMap<string, CompiledRule>;
  /** The distinct lookups that nominate `indexed` rules. */
  readonly nominators: readonly Nominator[];
}

export interface CompiledRuleSet {
  readonly profile: SiteProfile;
  readonly thresholds: Readonly<Record<string, number>>;
  readonly rules: ReadonlyMap<string, CompiledRule>;
  readonly buckets: ReadonlyMap<FindingKind, KindBucket>;
  readonly origins: OriginClassifier;
  readonly requests: RequestClassifier;
  readonly index: IndicatorIndex;
  readonly skipped: ParsedRuleSet['skipped'];
  readonly stats: { readonly rules: number; readonly indicators: number; readonly compileMs: number };
}

export function compileRuleSet(body: unknown, opts: CompileOptions = {}): CompiledRuleSet {
  const started = performance.now();
  const budgetMs = opts.timeBudgetMs ?? DEFAULT_COMPILE_BUDGET_MS;
  const now = opts.now ?? Date.now();
  const allowActive = opts.allowRulesActive ?? true;
  const counts = checkCountBudgets(body);
  const { body: parsed, skipped } = parseRuleSetBody(body);

  const thresholds: Record<string, number> = { ...DEFAULT_THRESHOLDS, ...parsed.thresholds };
  const origins = new OriginClassifier(parsed.site_profile);
  const requests = new RequestClassifier(parsed.site_profile, origins);
  const index = new IndicatorIndex(parsed.indicators);
  const deps = { thresholds, index, requests };

  const ids = new Set<string>();
  parsed.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) throw new RuleSetError(`rules[${i}].id`, `duplicate rule id "${rule.id}"`);
    ids.add(rule.id);
  });
  checkIndicatorOwners(parsed.indicators, ids, new Set(skipped.map((s) => s.id)));

  const rules = new Map<string, CompiledRule>();
  const buckets = new Map<
    FindingKind,
    { always: CompiledRule[]; indexed: Map<string, CompiledRule>; nominators: Map<string, Nominator> }
  >();
  parsed.rules.forEach((rule, i) => {
    if ((i & 1023) === 1023 && performance.now() - started > budgetMs) {
      throw new RuleSetError(`rules[${i}]`, `compile exceeded its ${budgetMs} ms budget`);
    }
    const path = ['rules', i];
    const when = compileWhen(rule.when, rule.id, deps, [...path, 'when']);
    for (const [j, id] of (rule.suppresses ?? []).entries()) {
      if (!ids.has(id)) throw new RuleSetError(formatPath([...path, 'suppresses', j]), `unknown rule id "${id}"`);
    }
    const expiresAt = rule.expires === undefined ? null : parseFeedDate(rule.expires);
    const compiled: CompiledRule = {
      id: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      messageKey: rule.message,
      references: rule.references,
      allow: rule.allow === true,
      expiresAt,
      suppresses: rule.suppresses ? new Set(rule.suppresses) : null,
      test: when.test,
      nominator: when.nominator,
      conditionCount: when.conditionCount,
    };
    // An allow rule that can no longer apply is left out entirely (feed-design row 58).
    if (compiled.allow && (!allowActive || (expiresAt !== null && expiresAt <= now))) return;
    rules.set(rule.id, compiled);
    let bucket = buckets.get(rule.kind);
    if (bucket === undefined) {
      bucket = { always: [], indexed: new Map(), nominators: new Map() };
      buckets.set(rule.kind, bucket);
    }
    if (when.nominator === null) {
      bucket.always.push(compiled);
    } else {
      bucket.indexed.set(rule.id, compiled);
      const key = `${when.nominator.subject ?? '\u0000actor'}|${when.nominator.types.join(',')}`;
      bucket.nominators.set(key, when.nominator);
    }
  });

  const frozenBuckets = new Map<FindingKind, KindBucket>();
  for (const [kind, b] of buckets)
    frozenBuckets.set(kind, { always: b.always, indexed: b.indexed, nominators: [...b.nominators.values()] });
  return {
    profile: parsed.site_profile,
    thresholds,
    rules,
    buckets: frozenBuckets,
    origins,
    requests,
    index,
    skipped,
    stats: { rules: counts.rules, indicators: counts.indicators, compileMs: performance.now() - started },
  };
}

/** An indicator whose rule does not exist would never be consulted: refuse it as the typo it is. */
function checkIndicatorOwners(
  indicators: ParsedRuleSet['body']['indicators'],
  ids: ReadonlySet<string>,
  skipped: ReadonlySet<string>,
): void {
  for (const type of INDICATOR_TYPES) {
    const list = INDICATOR_LIST[type];
    indicators[list].forEach((group, i) => {
      if (!ids.has(group.rule) && !skipped.has(group.rule)) {
        throw new RuleSetError(`indicators.${list}[${i}].rule`, `unknown rule id "${group.rule}"`);
      }
    });
  }
}
