import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import { RuleSetError } from '../../../src/shared/rules/errors.ts';
import { body, exfilRule } from './fixtures.ts';

/** The path of the RuleSetError the body raises. */
function errorPath(input: unknown): string {
  try {
    compileRuleSet(input);
  } catch (error) {
    if (error instanceof RuleSetError) return error.path;
    throw error;
  }
  throw new Error('expected a RuleSetError');
}

describe('rule-set schema errors name the path', () => {
  it('accepts a minimal valid body', () => {
    expect(compileRuleSet(body([exfilRule()])).rules.size).toBe(1);
  });

  it.each([
    ['unknown top-level field', { ...body([exfilRule()]), extra: 1 }, '$'],
    ['wrong schema version', { ...body([exfilRule()]), schema: 2 }, 'schema'],
    [
      'bad host in an indicator list',
      body([exfilRule()], { indicators: { hosts: [{ rule: 'SAQ-EXF-001', values: ['Bad Host'] }] } }),
      'indicators.hosts[0].values[0]',
    ],
    ['unknown condition', body([exfilRule('SAQ-EXF-001', { when: { host_in: ['x'] } })]), 'rules[0].when'],
    [
      'bad evidence test',
      body([exfilRule(), exfilRule('SAQ-EXF-002', { when: { evidence: { url: { gte: 'x' } } } })]),
      'rules[1].when.evidence.url.gte',
    ],
    [
      'unknown threshold',
      body([exfilRule('SAQ-EXF-001', { when: { evidence: { n: { gte: { threshold: 'nope' } } } } })]),
      'rules[0].when.evidence.n.gte.threshold',
    ],
    [
      'prototype name as threshold',
      body([exfilRule('SAQ-EXF-001', { when: { evidence: { n: { gte: { threshold: 'constructor' } } } } })]),
      'rules[0].when.evidence.n.gte.threshold',
    ],
    ['non-https reference', body([exfilRule('SAQ-EXF-001', { references: ['javascript:alert(1)'] })]), 'rules[0].references[0]'],
    ['allow rule without expiry', body([exfilRule('SAQ-EXF-001', { allow: true })]), 'rules[0].expires'],
    ['bad expiry format', body([exfilRule('SAQ-EXF-001', { allow: true, expires: '2030-02-30T00:00:00Z' })]), 'rules[0].expires'],
    [
      'missing negative samples',
      body([exfilRule('SAQ-EXF-001', { samples: { positive: [], negative: [] } })]),
      'rules[0].samples.positive',
    ],
    ['duplicate id', body([exfilRule(), exfilRule()]), 'rules[1].id'],
    [
      'indicator for an unknown rule',
      body([exfilRule()], { indicators: { hosts: [{ rule: 'SAQ-NOPE-001', values: ['a.example'] }] } }),
      'indicators.hosts[0].rule',
    ],
    [
      'path pattern as indicator',
      body([exfilRule()], { indicators: { url_patterns: [{ rule: 'SAQ-EXF-001', values: ['/x/**'] }] } }),
      'indicators.url_patterns[0].values[0]',
    ],
    [
      'bad profile pattern',
      body([exfilRule()], { site_profile: { shop_hosts: ['a.kz'], first_party_origins: ['https://a.kz'], cart_url_patterns: ['cart/*'] } }),
      'site_profile.cart_url_patterns[0]',
    ],
    [
      'bad inline pattern',
      body([exfilRule('SAQ-EXF-001', { when: { evidence: { url: { url_pattern: ['https://a.kz/***'] } } } })]),
      'rules[0].when.evidence.url.url_pattern[0]',
    ],
    ['unknown kind not marked optional', body([exfilRule('SAQ-NEW-001', { kind: 'future-kind' })]), 'rules[0].kind'],
    [
      'suppresses an unknown rule',
      body([exfilRule('SAQ-EXF-001', { allow: true, expires: '2099-01-01T00:00:00Z', suppresses: ['SAQ-X-001'] })]),
      'rules[0].suppresses[0]',
    ],
  ])('%s → %s', (_name, input, path) => {
    expect(errorPath(input)).toBe(path);
  });

  it('skips a rule of an unknown kind marked optional, with its indicators', () => {
    const future = { id: 'SAQ-NEW-001', kind: 'future-kind', optional: true, when: { some_new_condition: 1 } };
    const compiled = compileRuleSet(
      body([exfilRule(), future], { indicators: { hosts: [{ rule: 'SAQ-NEW-001', values: ['a.example'] }] } }),
    );
    expect(compiled.rules.size).toBe(1);
    expect(compiled.skipped).toEqual([{ path: 'rules[1]', id: 'SAQ-NEW-001', kind: 'future-kind' }]);
  });

  it('gives a specific message', () => {
    expect(() => compileRuleSet(body([exfilRule('SAQ-NEW-001', { kind: 'future-kind' })]))).toThrow(/unknown finding kind "future-kind"/);
  });
});
