/**
 * The reference engine: every rule of the set, every indicator, scanned linearly for each finding.
 * It exists so a property test can check that the indexed engine (compile.ts + match.ts) gives the
 * same verdicts, and so the benchmark has a baseline. Kept deliberately plain; never used in the
 * extension. Only URL parsing, pattern matching and allow/ordering (applyAllowRules) are shared.
 */
import type { EvidenceValue, Finding, Verdict } from '../findings.ts';
import { parseFeedDate } from '../feed/dates.ts';
import { applyAllowRules } from './match.ts';
import { compilePattern, matchPattern, type CompiledPattern } from './pattern.ts';
import {
  INDICATOR_LIST,
  INDICATOR_TYPES,
  parseRuleSetBody,
  type FieldTest,
  type IndicatorType,
  type Rule,
  type RuleSetBody,
} from './schema.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';
import { hostnameOf, networkOrigin, parseUrl, schemeOf, type OriginClass } from './url.ts';

export interface NaiveRuleSet {
  readonly body: RuleSetBody;
  readonly thresholds: Readonly<Record<string, number>>;
  readonly rules: readonly Rule[];
  /** Each rule's own indicator groups, so a scan costs O(rules + indicators), not O(rules × indicators). */
  readonly groupsByRule: ReadonlyMap<string, readonly { type: IndicatorType; values: readonly string[] }[]>;
  readonly patterns: Map<string, CompiledPattern>;
}

export function prepareNaive(body: unknown, opts: { now?: number; allowRulesActive?: boolean } = {}): NaiveRuleSet {
  const parsed = parseRuleSetBody(body).body;
  const now = opts.now ?? Date.now();
  const rules = parsed.rules.filter(
    (r) => !r.allow || (opts.allowRulesActive !== false && (r.expires === undefined || parseFeedDate(r.expires) > now)),
  );
  const groupsByRule = new Map<string, { type: IndicatorType; values: readonly string[] }[]>();
  for (const type of INDICATOR_TYPES) {
    for (const group of parsed.indicators[INDICATOR_LIST[type]]) {
      const own = groupsByRule.get(group.rule) ?? [];
      own.push({ type, values: group.values });
      groupsByRule.set(group.rule, own);
    }
  }
  return { body: parsed, thresholds: { ...DEFAULT_THRESHOLDS, ...parsed.thresholds }, rules, groupsByRule, patterns: new Map() };
}

export function naiveEvaluate(set: NaiveRuleSet, finding: Finding, ctx: { pageUrl: string; now?: number }): Verdict[] {
  const matched = set.rules
    .filter((rule) => rule.kind === finding.kind && ruleHolds(set, rule, finding, ctx.pageUrl))
    .map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      messageKey: rule.message,
      references: rule.references,
      allow: rule.allow === true,
      expiresAt: rule.expires === undefined ? null : parseFeedDate(rule.expires),
      suppresses: rule.suppresses ? new Set(rule.suppresses) : null,
    }));
  return applyAllowRules(matched, finding, ctx.now ?? Date.now());
}

function pattern(set: NaiveRuleSet, source: string): CompiledPattern {
  let p = set.patterns.get(source);
  if (p === undefined) {
    p = compilePattern(source);
    set.patterns.set(source, p);
  }
  return p;
}

function originClass(set: NaiveRuleSet, url: URL | null): OriginClass {
  const origin = url === null ? null : networkOrigin(url);
  if (origin === null) return 'none';
  const profile = set.body.site_profile;
  if (profile.first_party_origins.includes(origin) || profile.shop_hosts.some((h) => origin === `https://${h}`)) return 'first_party';
  if (profile.trusted_third_party_origins.includes(origin)) return 'trusted';
  return 'foreign';
}

function requestClass(set: NaiveRuleSet, url: URL | null): string | null {
  if (url === null) return null;
  const p = set.body.site_profile;
  const firstParty = originClass(set, url) === 'first_party';
  const lists: [string, string[]][] = [
    ['checkout', p.checkout_url_patterns],
    ['order', p.order_url_patterns],
    ['cart', p.cart_url_patterns],
  ];
  for (const [cls, sources] of lists) {
    for (const source of sources) {
      const compiled = pattern(set, source);
      if ((compiled.kind === 'url' || firstParty) && matchPattern(compiled, url)) return cls;
    }
  }
  return null;
}

function indicatorHolds(set: NaiveRuleSet, ruleId: string, type: IndicatorType, raw: string | undefined, url: URL | null): boolean {
  for (const group of set.groupsByRule.get(ruleId) ?? []) {
    if (group.type !== type) continue;
    for (const v of group.values) {
      switch (type) {
        case 'host':
          if (url !== null && hostnameOf(url) === v) return true;
          break;
        case 'host_suffix':
          if (url !== null && (hostnameOf(url) === v || hostnameOf(url).endsWith(`.${v}`))) return true;
          break;
        case 'url_pattern':
          if (url !== null && matchPattern(pattern(set, v), url)) return true;
          break;
        case 'sha256':
          if (raw !== undefined && raw.toLowerCase() === v) return true;
          break;
        case 'extension_id':
          if (raw === v) return true;
          break;
        case 'code_token':
          if (raw !== undefined && raw.includes(v)) return true;
          break;
      }
    }
  }
  return false;
}

function ruleHolds(set: NaiveRuleSet, rule: Rule, f: Finding, pageUrl: string): boolean {
  const w = rule.when;
  const actorUrl = parseUrl(f.actor.url, pageUrl);
  if (w.actor_type && !w.actor_type.includes(f.actor.type)) return false;
  if (w.actor_type_not && w.actor_type_not.includes(f.actor.type)) return false;
  if (w.actor_origin && !w.actor_origin.includes(originClass(set, actorUrl))) return false;
  if (w.actor_origin_not && w.actor_origin_not.includes(originClass(set, actorUrl))) return false;
  if (w.actor_in_indicators) {
    const hit = w.actor_in_indicators.some((type) => {
      const raw = type === 'sha256' ? f.actor.sha256 : type === 'extension_id' ? f.actor.extensionId : f.actor.url;
      return indicatorHolds(set, rule.id, type, raw, actorUrl);
    });
    if (!hit) return false;
  }
  for (const [field, test] of Object.entries(w.evidence ?? {})) {
    if (!fieldHolds(set, rule.id, test, field, f, pageUrl)) return false;
  }
  return true;
}

function bound(set: NaiveRuleSet, b: number | { threshold: string }): number {
  return typeof b === 'number' ? b : (set.thresholds[b.threshold] ?? NaN);
}

function fieldHolds(set: NaiveRuleSet, ruleId: string, t: FieldTest, field: string, f: Finding, pageUrl: string): boolean {
  const value: EvidenceValue | undefined = Object.hasOwn(f.evidence, field) ? f.evidence[field] : undefined;
  const raw = typeof value === 'string' ? value : undefined;
  const url = parseUrl(raw, pageUrl);
  if (t.exists !== undefined && (value !== undefined) !== t.exists) return false;
  if (t.equals !== undefined && value !== t.equals) return false;
  if (t.in && (value === undefined || !t.in.includes(value))) return false;
  if (t.not_in && value !== undefined && t.not_in.includes(value)) return false;
  if (t.gte !== undefined && !(typeof value === 'number' && value >= bound(set, t.gte))) return false;
  if (t.lte !== undefined && !(typeof value === 'number' && value <= bound(set, t.lte))) return false;
  if (t.gt_field !== undefined) {
    const other = Object.hasOwn(f.evidence, t.gt_field) ? f.evidence[t.gt_field] : undefined;
    if (!(typeof value === 'number' && typeof other === 'number' && value > other)) return false;
  }
  if (t.url_origin && !t.url_origin.includes(originClass(set, url))) return false;
  if (t.url_origin_not && t.url_origin_not.includes(originClass(set, url))) return false;
  if (t.url_scheme && (url === null || !t.url_scheme.includes(schemeOf(url)))) return false;
  if (t.url_pattern && (url === null || !t.url_pattern.some((s) => matchPattern(pattern(set, s), url)))) return false;
  if (t.url_profile) {
    const cls = requestClass(set, url);
    if (cls === null || !(t.url_profile as string[]).includes(cls)) return false;
  }
  if (t.in_indicators && !t.in_indicators.some((type) => indicatorHolds(set, ruleId, type, raw, url))) return false;
  return true;
}
