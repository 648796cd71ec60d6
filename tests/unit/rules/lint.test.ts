import { describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };
import { lintRuleSet, type LintIssue } from '../../../src/shared/rules/lint.ts';
import { body, exfilRule, finding } from './fixtures.ts';

const errors = (issues: LintIssue[]): string[] => issues.filter((i) => i.level === 'error').map((i) => `${i.path}: ${i.message}`);

describe('lint on the bundled baseline', () => {
  const issues = lintRuleSet(baseline);
  it("has no errors and no warnings (every rule's samples behave)", () => {
    expect(issues).toEqual([]);
  });

  it('gives every rule a positive and a negative sample', () => {
    for (const rule of baseline.rules) {
      expect(rule.samples.positive.length, rule.id).toBeGreaterThan(0);
      expect(rule.samples.negative.length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe('lint catches', () => {
  it('a schema or compile error, as a single error at its path', () => {
    expect(lintRuleSet(body([exfilRule(), exfilRule()]))).toEqual([
      { path: 'rules[1].id', message: 'duplicate rule id "SAQ-EXF-001"', level: 'error' },
    ]);
  });

  it('an optional rule of a kind no sensor reports (a typo the client would skip without a word)', () => {
    const typo = exfilRule('SAQ-EXF-009', { kind: 'exfiltratoin', optional: true });
    expect(errors(lintRuleSet(body([exfilRule(), typo])))).toEqual([
      'rules[1].kind: unknown finding kind "exfiltratoin": no sensor of this release reports it, so no client would apply SAQ-EXF-009',
    ]);
  });

  it('bad ids and message keys', () => {
    const issues = errors(lintRuleSet(body([exfilRule('exf-1', { message: 'ruleExfil' })])));
    expect(issues).toEqual([expect.stringMatching(/^rules\[0\]\.id: /), expect.stringMatching(/^rules\[0\]\.message: .*snake_case/)]);
  });

  it('samples that do not behave', () => {
    const rule = exfilRule();
    const samples = rule.samples as { positive: unknown[]; negative: unknown[] };
    const swapped = exfilRule('SAQ-EXF-001', { samples: { positive: samples.negative, negative: samples.positive } });
    expect(errors(lintRuleSet(body([swapped])))).toEqual([
      'rules[0].samples.positive[0]: positive sample does not match SAQ-EXF-001',
      'rules[0].samples.negative[0]: negative sample matches SAQ-EXF-001',
    ]);
  });

  it('catch-all rules and patterns unless info', () => {
    const anything = finding('exfiltration', { type: 'page' }, { url: 'https://a.example/' });
    const samples = { positive: [anything], negative: [finding('exfiltration', { type: 'page' }, {})] };
    const empty = exfilRule('SAQ-EXF-002', {
      when: {},
      samples: { positive: [anything], negative: [finding('dynamic-code', { type: 'page' }, {})] },
    });
    const star = exfilRule('SAQ-EXF-003', { when: { evidence: { url: { url_pattern: ['https://*/**'] } } }, samples });
    const issues = errors(lintRuleSet(body([empty, star])));
    expect(issues).toContainEqual(expect.stringMatching(/^rules\[0\]\.when: catch-all/));
    expect(issues).toContainEqual(expect.stringMatching(/^rules\[1\]\.when\.evidence\.url\.url_pattern\[0\]: catch-all/));
    const info = exfilRule('SAQ-EXF-003', { severity: 'info', when: { evidence: { url: { url_pattern: ['https://*/**'] } } }, samples });
    expect(errors(lintRuleSet(body([info])))).toEqual([]);
  });

  it('patterns beyond the lint limits and short code tokens', () => {
    const long = `https://a.example/${'x'.repeat(600)}`;
    const issues = errors(
      lintRuleSet(
        body(
          [
            exfilRule('SAQ-EXF-001', {
              when: { evidence: { url: { in_indicators: ['url_pattern'] }, code: { in_indicators: ['code_token'] } } },
            }),
          ],
          {
            indicators: {
              url_patterns: [{ rule: 'SAQ-EXF-001', values: [long, 'https://a.example/*a*a*a*a*a*a*a*a*a'] }],
              code_tokens: [{ rule: 'SAQ-EXF-001', values: ['ab'] }],
            },
          },
        ),
      ),
    );
    expect(issues).toContainEqual(expect.stringMatching(/values\[0\]: pattern is 618 characters/));
    expect(issues).toContainEqual(expect.stringMatching(/values\[1\]: pattern has 9 wildcards/));
    expect(issues).toContainEqual(expect.stringMatching(/code_tokens\[0\]\.values\[0\]: code token "ab"/));
  });

  it('dead indicators and expired or unscoped allow rules, as warnings', () => {
    const allow = exfilRule('SAQ-ALW-001', { allow: true, expires: '2020-01-01T00:00:00Z', severity: 'info', message: 'rule_allow' });
    const issues = lintRuleSet(body([exfilRule(), allow], { indicators: { hosts: [{ rule: 'SAQ-EXF-001', values: ['a.example'] }] } }));
    expect(issues.filter((i) => i.level === 'warning').map((i) => i.path)).toEqual([
      'rules[1].expires',
      'rules[1].suppresses',
      'indicators.hosts[0].rule',
    ]);
  });
});
