/**
 * Findings → verdicts, plus the profile questions the background asks while it watches the
 * network. Pure: no DOM, no browser APIs, no clock unless the caller omits one.
 */
import type { Finding, Severity, Verdict } from '../findings.ts';
import { severityRank } from '../findings.ts';
import type { CompiledRule, CompiledRuleSet } from './compile.ts';
import type { RequestClass } from './request-classifier.ts';
import type { SiteProfile } from './schema.ts';
import { parseUrl } from './url.ts';
import { FindingView } from './view.ts';

export interface EvaluateContext {
  /** URL of the page the finding came from; relative evidence URLs resolve against it. */
  pageUrl: string;
  /** Clock for allow-rule expiry; defaults to Date.now(). Never the page's own `at`, which the page controls. */
  now?: number;
}

/** Every rule whose conditions hold, allow rules included, before suppression. */
export function matchingRules(compiled: CompiledRuleSet, finding: Finding, ctx: EvaluateContext): CompiledRule[] {
  const bucket = compiled.buckets.get(finding.kind);
  if (bucket === undefined) return [];
  const view = new FindingView(finding, ctx.pageUrl, compiled);
  const matched: CompiledRule[] = [];
  for (const rule of bucket.always) if (rule.test(view)) matched.push(rule);
  if (bucket.indexed.size > 0) {
    const nominated = new Set<string>();
    for (const { subject, types } of bucket.nominators) {
      for (const type of types) {
        if (type === 'code_token') {
          if (subject !== null) for (const id of view.tokens(subject)) nominated.add(id);
        } else {
          compiled.index.nominate(type, view.url(subject), view.exactValue(subject, type), nominated);
        }
      }
    }
    for (const id of nominated) {
      const rule = bucket.indexed.get(id);
      if (rule !== undefined && rule.test(view)) matched.push(rule);
    }
  }
  return matched;
}

export function evaluate(compiled: CompiledRuleSet, finding: Finding, ctx: EvaluateContext): Verdict[] {
  return applyAllowRules(matchingRules(compiled, finding, ctx), finding, ctx.now ?? Date.now());
}

/** Shared by the indexed engine and the naive reference: suppression and ordering are one definition. */
export function applyAllowRules(
  matched: readonly {
    id: string;
    severity: Severity;
    messageKey: string;
    references: readonly string[];
    allow: boolean;
    expiresAt: number | null;
    suppresses: ReadonlySet<string> | null;
  }[],
  finding: Finding,
  now: number,
): Verdict[] {
  let suppressAll = false;
  const suppressed = new Set<string>();
  for (const rule of matched) {
    if (!rule.allow || (rule.expiresAt !== null && rule.expiresAt <= now)) continue;
    if (rule.suppresses === null) suppressAll = true;
    else for (const id of rule.suppresses) suppressed.add(id);
  }
  const verdicts: Verdict[] = [];
  if (suppressAll) return verdicts;
  for (const rule of matched) {
    if (rule.allow || suppressed.has(rule.id)) continue;
    verdicts.push({ ruleId: rule.id, severity: rule.severity, messageKey: rule.messageKey, references: [...rule.references], finding });
  }
  return verdicts.sort(compareVerdicts);
}

/** Worst first, then by id, so the output is deterministic whatever order the index yields. */
export function compareVerdicts(a: Verdict, b: Verdict): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export function siteProfile(compiled: CompiledRuleSet): SiteProfile {
  return compiled.profile;
}

export function isFirstParty(compiled: CompiledRuleSet, url: string): boolean {
  return compiled.origins.classify(parseUrl(url)) === 'first_party';
}

export function isTrusted(compiled: CompiledRuleSet, url: string): boolean {
  return compiled.origins.classify(parseUrl(url)) === 'trusted';
}

export function classifyRequest(compiled: CompiledRuleSet, url: string): RequestClass | null {
  return compiled.requests.classify(parseUrl(url));
}

/**
 * Does this destination match a host, host-suffix or URL-pattern indicator of an exfiltration rule?
 * The worst such rule wins, so the background can flag a known channel before any finding exists.
 */
export function exfilIndicator(compiled: CompiledRuleSet, url: string): { ruleId: string; severity: Severity } | null {
  const parsed = parseUrl(url);
  if (parsed === null) return null;
  let best: CompiledRule | null = null;
  for (const id of compiled.index.urlMatches(parsed)) {
    const rule = compiled.rules.get(id);
    if (rule === undefined || rule.allow || rule.kind !== 'exfiltration') continue;
    if (
      best === null ||
      severityRank(rule.severity) > severityRank(best.severity) ||
      (rule.severity === best.severity && rule.id < best.id)
    )
      best = rule;
  }
  return best === null ? null : { ruleId: best.id, severity: best.severity };
}

/** Rule ids whose code tokens occur in `text` (e.g. an inserted inline script), sorted. */
export function scanTokens(compiled: CompiledRuleSet, text: string): string[] {
  return [...compiled.index.tokens.scan(text)].sort();
}
