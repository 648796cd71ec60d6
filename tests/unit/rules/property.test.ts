/**
 * The indexed engine must give exactly the verdicts of the naive linear scan (src/shared/rules/naive.ts)
 * on random rule sets and random findings drawn from a small universe, so that hits are frequent.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTOR_TYPES, type Finding } from '../../../src/shared/findings.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import { evaluate } from '../../../src/shared/rules/match.ts';
import { naiveEvaluate, prepareNaive } from '../../../src/shared/rules/naive.ts';
import { ORIGIN_CLASSES } from '../../../src/shared/rules/url.ts';
import { PAGE, PROFILE } from './fixtures.ts';

const KINDS = ['exfiltration', 'script-inserted'] as const;
const HOSTS = [
  'kazcoins.nationalbank.kz',
  'cdn.shopmetrics.test',
  'api.telegram.org',
  'a.ngrok.io',
  'b.a.ngrok.io',
  'evil.example',
  'discord.com',
];
const SUFFIXES = ['ngrok.io', 'a.ngrok.io', 'example', 'telegram.org'];
const PATTERNS = ['https://discord.com/api/**', 'https://*.ngrok.io/*', 'https://evil.example/x*', '/api/cart/**', 'https://*/api/**'];
const PATHS = ['/', '/api/cart/items', '/api/webhooks/1', '/x1', '/api/order'];
const SHAS = ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)];
const EXT_IDS = ['extaaaa', 'extbbbb'];
const TOKENS = ['telegram', 'gram.or', 'webhook', 'cookie'];
const TEXTS = ['', 'fetch("https://api.telegram.org/bot")', 'document.cookie', 'a webhook here', 'nothing'];
const NOW = Date.UTC(2030, 0, 1);

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
const url = fc
  .tuple(fc.constantFrom('https', 'http', 'wss'), fc.constantFrom(...HOSTS), fc.constantFrom(...PATHS))
  .map(([s, h, p]) => `${s}://${h}${p}`);
const anyUrl = fc.oneof(
  url,
  fc.constantFrom('', 'blob:https://kazcoins.nationalbank.kz/1', 'data:text/javascript,1', '/api/cart/items', 'not a url'),
);
const bound = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.constantFrom({ threshold: 'cart_requests_per_sec' }, { threshold: 'custom_limit' }),
);

const fieldTest = fc
  .record(
    {
      equals: fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 })),
      in: fc.array(fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 3 }),
      not_in: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
      gte: bound,
      lte: bound,
      gt_field: fc.constant('n'),
      exists: fc.boolean(),
      url_origin: sub(ORIGIN_CLASSES),
      url_origin_not: sub(ORIGIN_CLASSES),
      url_scheme: sub(['https', 'http', 'blob', 'data', 'wss']),
      url_pattern: sub(PATTERNS),
      url_profile: sub(['cart', 'order', 'checkout'] as const),
      in_indicators: sub(['host', 'host_suffix', 'url_pattern', 'sha256', 'code_token', 'extension_id'] as const),
    },
    { requiredKeys: [] },
  )
  // Few conditions per test and per rule keep matches frequent enough to exercise the index.
  .map((t) => Object.fromEntries(Object.entries(t).slice(0, 2)))
  .filter((t) => Object.keys(t).length > 0);

const when = fc
  .record(
    {
      actor_type: sub(ACTOR_TYPES),
      actor_type_not: sub(ACTOR_TYPES),
      actor_origin: sub(ORIGIN_CLASSES),
      actor_origin_not: sub(ORIGIN_CLASSES),
      actor_in_indicators: sub(['host', 'host_suffix', 'url_pattern', 'sha256', 'extension_id'] as const),
      evidence: fc.dictionary(fc.constantFrom('url', 'n', 'm', 'sha', 'text', 'flag'), fieldTest, { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((w) => Object.fromEntries(Object.entries(w).slice(0, 2)));

const dummy: Finding = { kind: 'exfiltration', actor: { type: 'page' }, evidence: {}, at: 0 };

const rule = fc.record({
  kind: fc.constantFrom(...KINDS),
  severity: fc.constantFrom('info', 'warning', 'danger', 'critical'),
  when,
  allow: fc.option(fc.record({ expires: fc.constantFrom('2029-01-01T00:00:00Z', '2031-01-01T00:00:00Z'), scoped: fc.boolean() }), {
    nil: undefined,
  }),
});

const group = <T>(values: readonly T[]) =>
  fc.array(fc.record({ rule: fc.nat(7), values: fc.subarray([...values], { minLength: 1 }) }), { maxLength: 4 });

const ruleSet = fc
  .record({
    rules: fc.array(rule, { minLength: 1, maxLength: 8 }),
    hosts: group(HOSTS),
    host_suffixes: group(SUFFIXES),
    url_patterns: group(PATTERNS.filter((p) => !p.startsWith('/'))),
    sha256: group(SHAS),
    code_tokens: group(TOKENS),
    extension_ids: group(EXT_IDS),
  })
  .map(({ rules, ...indicators }) => {
    const id = (i: number): string => `SAQ-PRP-${String(i % rules.length).padStart(3, '0')}`;
    return {
      schema: 1,
      site_profile: PROFILE,
      thresholds: { custom_limit: 2 },
      indicators: Object.fromEntries(
        Object.entries(indicators).map(([k, gs]) => [k, gs.map((g) => ({ rule: id(g.rule), values: g.values }))]),
      ),
      rules: rules.map((r, i) => ({
        id: id(i),
        kind: r.kind,
        severity: r.severity,
        message: 'rule_property',
        references: [],
        when: r.when,
        ...(r.allow ? { allow: true, expires: r.allow.expires, ...(r.allow.scoped ? { suppresses: [id(0)] } : {}) } : {}),
        samples: { positive: [dummy], negative: [dummy] },
      })),
    };
  });

const findingArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  actor: fc.record(
    {
      type: fc.constantFrom(...ACTOR_TYPES),
      url: anyUrl,
      sha256: fc.constantFrom(...SHAS, 'A'.repeat(64)),
      extensionId: fc.constantFrom(...EXT_IDS, 'other'),
    },
    { requiredKeys: ['type'] },
  ),
  evidence: fc.record(
    {
      url: anyUrl,
      n: fc.integer({ min: 0, max: 10 }),
      m: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.boolean()),
      sha: fc.constantFrom(...SHAS, 'B'.repeat(64), ...EXT_IDS),
      text: fc.constantFrom(...TEXTS),
      flag: fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 })),
    },
    { requiredKeys: [] },
  ),
  at: fc.constant(0),
}) as fc.Arbitrary<Finding>;

describe('indexed engine ≡ naive linear scan', () => {
  it('gives the same verdicts on random sets and findings', () => {
    fc.assert(
      fc.property(ruleSet, fc.array(findingArb, { minLength: 1, maxLength: 12 }), fc.boolean(), (set, findings, allowActive) => {
        const compiled = compileRuleSet(set, { now: NOW, allowRulesActive: allowActive });
        const naive = prepareNaive(set, { now: NOW, allowRulesActive: allowActive });
        for (const f of findings) {
          expect(evaluate(compiled, f, { pageUrl: PAGE, now: NOW })).toEqual(naiveEvaluate(naive, f, { pageUrl: PAGE, now: NOW }));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds hits often enough for the comparison to mean something', () => {
    let hits = 0;
    fc.assert(
      fc.property(ruleSet, fc.array(findingArb, { minLength: 10, maxLength: 10 }), (set, findings) => {
        const naive = prepareNaive(set, { now: NOW });
        for (const f of findings) if (naiveEvaluate(naive, f, { pageUrl: PAGE, now: NOW }).length > 0) hits++;
      }),
      { numRuns: 200, seed: 42 },
    );
    // 2,000 findings, fixed seed: over a hundred hits shows the comparison is not vacuous.
    expect(hits).toBeGreaterThan(100);
  });
});
