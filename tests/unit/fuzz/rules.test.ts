/**
 * Fuzz the rule schema (src/shared/rules/schema.ts) and compiler (compile.ts) — the code that turns
 * a signed rule set into the matcher — and then the matcher itself with hostile findings and URLs.
 * A rule set is signed but can still be hostile or buggy (feed-design row 56): the only acceptable
 * refusal is a RuleSetError naming where; whatever compiles must evaluate any finding without throwing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTOR_TYPES, FINDING_KINDS } from '../../../src/shared/findings.ts';
import type { Finding } from '../../../src/shared/findings.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import type { CompiledRuleSet } from '../../../src/shared/rules/compile.ts';
import { classifyRequest, evaluate, exfilIndicator, scanTokens } from '../../../src/shared/rules/match.ts';
import { parseRuleSetBody } from '../../../src/shared/rules/schema.ts';
import { body as smallBody, exfilRule, PAGE, PROFILE } from '../rules/fixtures.ts';
import { fuzz, timeoutFor } from './budget.ts';
import { mutatedJson, nastyValue } from './mutate.ts';
import { attempt, expectRuleSetError } from './rejections.ts';
import { BASELINE_BODY } from './seeds.ts';

const NOW = Date.UTC(2030, 0, 1);

type Body = Record<string, unknown> & { rules: Record<string, unknown>[]; indicators: Record<string, { rule: string }[]> };
const baseline = BASELINE_BODY as unknown as Body;

/** One body per shipped rule (with just that rule's indicators): small enough to compile fast, still real. */
const PER_RULE: Body[] = baseline.rules.map((rule) => ({
  ...baseline,
  indicators: Object.fromEntries(
    Object.entries(baseline.indicators).map(([list, groups]) => [list, groups.filter((g) => g.rule === rule.id)]),
  ),
  rules: [rule],
}));
const SMALL = [
  smallBody([exfilRule()]),
  smallBody([exfilRule('SAQ-EXF-001'), exfilRule('SAQ-ALLOW-1', { allow: true, expires: '2031-01-01T00:00:00Z', severity: 'info' })]),
  smallBody([], { thresholds: { cart_requests_per_sec: 0.5 } }),
];
/** Seeds weighted towards the small ones; the whole baseline now and then. */
const seedBodies = fc.oneof(
  { arbitrary: mutatedJson(PER_RULE), weight: 12 },
  { arbitrary: mutatedJson(SMALL), weight: 6 },
  { arbitrary: mutatedJson([baseline]), weight: 1 },
);

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    'https://kazcoins.nationalbank.kz/api/cart/items',
    'https://api.telegram.org/bot1/sendMessage',
    'http://[::1]:99999/',
    'https://xn--80ak6aa92e.com/',
    'blob:https://kazcoins.nationalbank.kz/uuid',
    'data:text/javascript,alert(1)',
    'javascript:void 0',
    '//evil.example/a',
    '/api/cart/**',
    '\u0000',
    '\ud800',
    'x'.repeat(2048),
    '%E0%A4%A',
    'https://a/' + '*/'.repeat(500),
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 64 }),
);

const evidenceValue = fc.oneof(hostileString, fc.double(), fc.integer(), fc.boolean());
const hostileFinding: fc.Arbitrary<Finding> = fc.record(
  {
    kind: fc.constantFrom(...FINDING_KINDS),
    actor: fc.record(
      {
        type: fc.constantFrom(...ACTOR_TYPES),
        url: hostileString,
        sha256: fc.oneof(fc.constant('a'.repeat(64)), fc.string({ maxLength: 70 })),
        extensionId: fc.string({ maxLength: 40 }),
      },
      { requiredKeys: ['type'] },
    ),
    evidence: fc.dictionary(
      fc.constantFrom('url', 'target', 'host', 'count', 'quantity', 'limit', 'text', 'ratePerSec', 'field', 'source', 'method', 'n', 'x'),
      evidenceValue,
      { maxKeys: 6 },
    ),
    at: fc.oneof(fc.integer(), fc.constant(NOW)),
    frameUrl: hostileString,
  },
  { requiredKeys: ['kind', 'actor', 'evidence', 'at'] },
);

/** Label a refusal by the first segment of its path (`rules`, `site_profile`, …) for the report. */
function refusal(e: unknown): string {
  const path = expectRuleSetError(e).path;
  return `refused at ${/^[a-z_]+/.exec(path)?.[0] ?? path}`;
}

function exercise(compiled: CompiledRuleSet, finding: Finding, url: string): void {
  const pageUrl = URL.canParse(url) ? url : PAGE;
  for (const v of evaluate(compiled, finding, { pageUrl, now: NOW })) expect(typeof v.ruleId).toBe('string');
  classifyRequest(compiled, url);
  exfilIndicator(compiled, url);
  scanTokens(compiled, url);
}

describe('fuzz: rule schema and compiler', () => {
  it(
    'the schema refuses a mutated rule set only with a RuleSetError that says where',
    () => {
      fuzz('rules/schema', seedBodies, (input) => {
        const r = attempt(() => parseRuleSetBody(input));
        if (!r.ok) return refusal(r.error);
        for (const rule of r.value.body.rules) {
          expect(FINDING_KINDS).toContain(rule.kind);
          if (rule.allow) expect(rule.expires).toBeDefined();
        }
        return 'accepted';
      });
    },
    timeoutFor('rules/schema', 6),
  );

  it(
    'the compiler refuses only with a RuleSetError; what compiles evaluates its own samples and hostile findings',
    () => {
      const arb = fc.tuple(seedBodies, fc.array(hostileFinding, { maxLength: 3 }), hostileString);
      fuzz('rules/compile', arb, ([input, findings, url]) => {
        const r = attempt(() => compileRuleSet(input, { now: NOW }));
        if (!r.ok) return refusal(r.error);
        const compiled = r.value;
        const parsed = parseRuleSetBody(input);
        for (const rule of parsed.body.rules) {
          for (const sample of [...rule.samples.positive, ...rule.samples.negative]) {
            evaluate(compiled, sample, { pageUrl: sample.frameUrl ?? PAGE, now: NOW });
          }
        }
        for (const f of findings) exercise(compiled, f, url);
        return 'compiled and evaluated';
      });
    },
    timeoutFor('rules/compile', 10),
  );

  it(
    'hostile site-profile patterns: compiled within budget or refused, and matching never hangs',
    () => {
      const patternUnit = fc.constantFrom('*', '**', '/', 'a', 'b', '.', ':', '?', '%', 'https://', 'api', '-', '\\', '\u0430');
      const pattern = fc.oneof(
        fc.string({ unit: patternUnit, minLength: 1, maxLength: 40 }),
        fc.string({ unit: patternUnit, minLength: 1, maxLength: 40 }).map((s) => `/${s}`),
        fc.string({ unit: patternUnit, minLength: 1, maxLength: 40 }).map((s) => `https://${s}`),
        nastyValue,
      );
      const subject = fc.oneof(
        hostileString,
        fc.string({ unit: patternUnit, maxLength: 300 }).map((s) => `https://a.b/${s}`),
      );
      const arb = fc.tuple(fc.array(pattern, { minLength: 1, maxLength: 4 }), fc.array(subject, { minLength: 1, maxLength: 4 }));
      fuzz('rules/patterns', arb, ([patterns, urls]) => {
        const input = smallBody([exfilRule()], {});
        (input as { site_profile: unknown }).site_profile = { ...PROFILE, cart_url_patterns: patterns, checkout_url_patterns: patterns };
        const r = attempt(() => compileRuleSet(input, { now: NOW }));
        if (!r.ok) return refusal(r.error);
        for (const u of urls) classifyRequest(r.value, u);
        return 'compiled and matched';
      });
    },
    timeoutFor('rules/patterns'),
  );

  it(
    'random JSON in any position of a minimal body never escapes as anything but a RuleSetError',
    () => {
      const arb = fc.record({
        schema: fc.oneof(fc.constant(1), nastyValue),
        site_profile: fc.oneof(fc.constant(PROFILE), nastyValue, fc.object()),
        indicators: fc.oneof(fc.constant({}), nastyValue, fc.object()),
        thresholds: fc.oneof(fc.constant({}), nastyValue, fc.dictionary(fc.string(), nastyValue)),
        rules: fc.oneof(fc.array(fc.oneof(fc.constant(exfilRule()), nastyValue, fc.object())), nastyValue),
      });
      fuzz('rules/random-shapes', arb, (input) => {
        const r = attempt(() => compileRuleSet(input, { now: NOW }));
        return r.ok ? 'compiled' : refusal(r.error);
      });
    },
    timeoutFor('rules/random-shapes'),
  );
});
