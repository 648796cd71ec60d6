/**
 * The maintainers' checks, stricter than the client: a set can compile and still be a bad set
 * (a catch-all, a sample that does not behave, a pattern near the budget). The CLI fails on errors;
 * the unit tests run this on the bundled baseline.
 */
import { parseFeedDate } from '../feed/dates.ts';
import { compileRuleSet, type CompiledRuleSet } from './compile.ts';
import { RuleSetError, formatPath } from './errors.ts';
import { matchingRules } from './match.ts';
import { LINT_PATTERN_MAX_LENGTH, LINT_PATTERN_MAX_WILDCARDS, compilePattern, isCatchAll } from './pattern.ts';
import { regexLookalike } from './regex-lookalike.ts';
import { INDICATOR_LIST, INDICATOR_TYPES, parseRuleSetBody, type IndicatorType, type Rule, type RuleSetBody } from './schema.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

export interface LintIssue {
  path: string;
  message: string;
  level: 'error' | 'warning';
}

export const RULE_ID_FORMAT = /^SAQ-[A-Z]{2,5}-\d{3}$/;
const MESSAGE_KEY_FORMAT = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** Shorter tokens occur in ordinary code by chance. */
export const MIN_CODE_TOKEN_LENGTH = 6;

export function lintRuleSet(body: unknown, opts: { now?: number } = {}): LintIssue[] {
  let compiled: CompiledRuleSet;
  let parsed: RuleSetBody;
  let skipped: ReturnType<typeof parseRuleSetBody>['skipped'];
  try {
    // now = 0: keep every allow rule, so its samples can be checked even if it has expired.
    compiled = compileRuleSet(body, { now: 0, allowRulesActive: true });
    ({ body: parsed, skipped } = parseRuleSetBody(body));
  } catch (error) {
    if (error instanceof RuleSetError) return [{ path: error.path, message: error.message.slice(error.path.length + 2), level: 'error' }];
    throw error;
  }
  const issues: LintIssue[] = [];
  const add = (path: readonly PropertyKey[], message: string, level: LintIssue['level'] = 'error'): void => {
    issues.push({ path: formatPath(path), message, level });
  };
  // The CLI is as new as the sensors: a kind it does not know, no client reports. An optional rule of such a
  // kind (a typo, say) was skipped without a word, its fields and samples unchecked, and signed all the same.
  for (const rule of skipped)
    issues.push({
      path: `${rule.path}.kind`,
      message: `unknown finding kind "${rule.kind}": no sensor of this release reports it, so no client would apply ${rule.id}`,
      level: 'error',
    });
  const now = opts.now ?? Date.now();
  const pageUrl = `https://${parsed.site_profile.shop_hosts[0] ?? 'localhost'}/`;
  const ruleById = new Map(parsed.rules.map((r) => [r.id, r]));

  const lintPattern = (source: string, path: readonly PropertyKey[], severity: string | undefined): void => {
    const p = compilePattern(source); // compiles: compileRuleSet already accepted it
    if (source.length > LINT_PATTERN_MAX_LENGTH)
      add(path, `pattern is ${source.length} characters; keep it within ${LINT_PATTERN_MAX_LENGTH}`);
    if (p.wildcards > LINT_PATTERN_MAX_WILDCARDS)
      add(path, `pattern has ${p.wildcards} wildcards; keep it within ${LINT_PATTERN_MAX_WILDCARDS}`);
    if (isCatchAll(p) && severity !== 'info') add(path, 'catch-all pattern: it would flag everything; only info rules may use one');
    const regex = regexLookalike(p);
    if (regex !== undefined) {
      add(
        path,
        `pattern looks like a regular expression: ${regex}; rule patterns are literal text where only * (any run but /) and ** (any run) are special`,
        'warning',
      );
    }
  };

  for (const key of ['cart_url_patterns', 'order_url_patterns', 'checkout_url_patterns'] as const) {
    parsed.site_profile[key].forEach((source, i) => lintPattern(source, ['site_profile', key, i], undefined));
  }

  parsed.rules.forEach((rule, i) => {
    const path = ['rules', i];
    if (!RULE_ID_FORMAT.test(rule.id)) add([...path, 'id'], `id "${rule.id}" must look like SAQ-INJ-001 (SAQ-, 2–5 capitals, -, 3 digits)`);
    if (!MESSAGE_KEY_FORMAT.test(rule.message)) add([...path, 'message'], `message key "${rule.message}" must be snake_case`);
    if (rule.references.length === 0) add([...path, 'references'], 'no reference: link the official guidance', 'warning');
    const rulesCompiled = compiled.rules.get(rule.id);
    if (rulesCompiled && rulesCompiled.conditionCount === 0 && rule.severity !== 'info') {
      add([...path, 'when'], 'catch-all rule (empty `when`): it would flag every finding of its kind; only info rules may');
    }
    for (const [field, test] of Object.entries(rule.when.evidence ?? {})) {
      test.url_pattern?.forEach((source, j) => lintPattern(source, [...path, 'when', 'evidence', field, 'url_pattern', j], rule.severity));
    }
    if (rule.allow) lintAllow(rule, path, now, add);
    lintSamples(compiled, rule, path, pageUrl, add);
  });

  for (const type of INDICATOR_TYPES) {
    const list = INDICATOR_LIST[type];
    parsed.indicators[list].forEach((group, i) => {
      const owner = ruleById.get(group.rule);
      if (owner && !usesIndicator(owner, type)) {
        add(['indicators', list, i, 'rule'], `rule ${group.rule} never consults ${type} indicators, so these values are dead`, 'warning');
      }
      group.values.forEach((value, j) => {
        const at = ['indicators', list, i, 'values', j];
        if (type === 'url_pattern') lintPattern(value, at, owner?.severity);
        if (type === 'code_token' && value.length < MIN_CODE_TOKEN_LENGTH) {
          add(at, `code token "${value}" is shorter than ${MIN_CODE_TOKEN_LENGTH} characters and would match ordinary code`);
        }
      });
    });
  }
  lintThresholdNames(parsed, add);
  return issues;
}

type Add = (path: readonly PropertyKey[], message: string, level?: LintIssue['level']) => void;

/**
 * A threshold the extension's aggregators do not read (DEFAULT_THRESHOLDS) and no rule refers to is
 * dead: most likely a typo, which would leave the real threshold at its default while the maintainer
 * believes it tuned. A new name a rule refers to (`{"threshold": …}`) is the feed's to add.
 */
function lintThresholdNames(parsed: RuleSetBody, add: Add): void {
  const referenced = new Set<string>();
  for (const rule of parsed.rules) {
    for (const test of Object.values(rule.when.evidence ?? {})) {
      for (const bound of [test.gte, test.lte]) if (typeof bound === 'object') referenced.add(bound.threshold);
    }
  }
  for (const name of Object.keys(parsed.thresholds)) {
    if (Object.hasOwn(DEFAULT_THRESHOLDS, name) || referenced.has(name)) continue;
    add(
      ['thresholds', name],
      `unknown threshold "${name}": the extension reads no such name and no rule refers to it (a typo? the names are in src/shared/rules/thresholds.ts)`,
      'warning',
    );
  }
}

function lintAllow(rule: Rule, path: readonly PropertyKey[], now: number, add: Add): void {
  if (rule.expires !== undefined && parseFeedDate(rule.expires) <= now) {
    add([...path, 'expires'], 'allow rule has expired: clients ignore it; remove or renew it', 'warning');
  }
  if (rule.suppresses === undefined) {
    add(
      [...path, 'suppresses'],
      'allow rule silences every verdict on a matching finding; list the rule ids it is meant to silence',
      'warning',
    );
  }
}

function lintSamples(compiled: CompiledRuleSet, rule: Rule, path: readonly PropertyKey[], pageUrl: string, add: Add): void {
  const check = (which: 'positive' | 'negative'): void => {
    rule.samples[which].forEach((sample, j) => {
      const at = [...path, 'samples', which, j];
      if (sample.kind !== rule.kind) add([...at, 'kind'], `sample kind "${sample.kind}" differs from the rule's kind "${rule.kind}"`);
      const ids = matchingRules(compiled, sample, { pageUrl: sample.frameUrl ?? pageUrl }).map((r) => r.id);
      const hit = ids.includes(rule.id);
      if (which === 'positive' && !hit) add(at, `positive sample does not match ${rule.id}`);
      if (which === 'negative' && hit) add(at, `negative sample matches ${rule.id}`);
    });
  };
  check('positive');
  check('negative');
}

function usesIndicator(rule: Rule, type: IndicatorType): boolean {
  if ((rule.when.actor_in_indicators as readonly string[] | undefined)?.includes(type)) return true;
  return Object.values(rule.when.evidence ?? {}).some((t) => t.in_indicators?.includes(type) ?? false);
}
