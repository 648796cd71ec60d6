import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleRuleSet } from '../../../src/shared/rules/assemble.ts';
import { body, exfilRule, PROFILE } from './fixtures.ts';

const RULES_DIR = join(import.meta.dirname, '../../../rules');

function sources(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const name of readdirSync(join(RULES_DIR, 'src')).filter((n) => n.endsWith('.json'))) {
    files[name] = JSON.parse(readFileSync(join(RULES_DIR, 'src', name), 'utf8'));
  }
  return files;
}

describe('assembleRuleSet', () => {
  it('reproduces rules/baseline.json byte for byte (run `npx tsx rules/assemble.ts` if this fails)', () => {
    expect(`${JSON.stringify(assembleRuleSet(sources()), null, 2)}\n`).toBe(readFileSync(join(RULES_DIR, 'baseline.json'), 'utf8'));
  });

  it('does not depend on the order files are given in', () => {
    const files = sources();
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(JSON.stringify(assembleRuleSet(reversed))).toBe(JSON.stringify(assembleRuleSet(files)));
  });

  it('names both files on a duplicate rule id or threshold', () => {
    expect(() => assembleRuleSet({ 'a.json': { rules: [exfilRule()] }, 'b.json': { rules: [exfilRule()] } })).toThrow(
      /b\.json: rules SAQ-EXF-001.*also in a\.json/,
    );
    expect(() => assembleRuleSet({ 'a.json': { thresholds: { x: 1 } }, 'b.json': { thresholds: { x: 2 } } })).toThrow(
      /also set in a\.json/,
    );
  });

  it('a section present with the wrong type is an error naming file and field, never skipped', () => {
    expect(() => assembleRuleSet({ 'a.json': { rules: { 'SAQ-EXF-001': exfilRule() } } })).toThrow('a.json: rules: must be a list');
    expect(() => assembleRuleSet({ 'a.json': { site_profile: [PROFILE] } })).toThrow('a.json: site_profile: must be an object');
    expect(() => assembleRuleSet({ 'a.json': { indicators: [] } })).toThrow('a.json: indicators: must be an object');
    expect(() => assembleRuleSet({ 'a.json': { thresholds: null } })).toThrow('a.json: thresholds: must be an object');
  });

  it('a rule without an id is named by its file and index there (two of them were "rules undefined: duplicate rule id")', () => {
    const noId: Record<string, unknown> = { ...exfilRule() };
    delete noId.id;
    expect(() => assembleRuleSet({ 'a.json': { rules: [exfilRule(), noId, noId] } })).toThrow(
      'a.json: rules[1].id: missing (every rule needs a string id)',
    );
    expect(() => assembleRuleSet({ 'a.json': { rules: [{ ...exfilRule(), id: 7 }] } })).toThrow('a.json: rules[0].id: missing');
    expect(() => assembleRuleSet({ 'a.json': { rules: ['SAQ-EXF-001'] } })).toThrow('a.json: rules[0]: must be an object');
  });

  it('a profile list given as one value is named by its file, whichever file comes first (it was dropped, or "conflicts with ?")', () => {
    const list = { site_profile: PROFILE };
    const one = { site_profile: { shop_hosts: 'evil-typo.kz' } };
    expect(() => assembleRuleSet({ 'aa.json': one, 'site-profile.json': list })).toThrow(
      'aa.json: site_profile.shop_hosts: must be a list',
    );
    expect(() => assembleRuleSet({ 'site-profile.json': list, 'zz.json': one })).toThrow(
      'zz.json: site_profile.shop_hosts: must be a list',
    );
    // The one value field stays a value; a list of it is named against the file that gave the value.
    expect(() =>
      assembleRuleSet({ 'a.json': { site_profile: { per_buyer_limit: 2 } }, 'b.json': { site_profile: { per_buyer_limit: [2] } } }),
    ).toThrow('b.json: site_profile.per_buyer_limit: a list here, a single value in a.json');
  });

  it('an indicator group that is not an object is named by its file and index (null crashed the sort, naming nothing)', () => {
    expect(() => assembleRuleSet({ 'a.json': { indicators: { hosts: [{ rule: 'SAQ-EXF-001', values: ['x.example'] }, null] } } })).toThrow(
      'a.json: indicators.hosts[1]: must be an object',
    );
  });

  it('merges profile lists without duplicates and rejects unknown fields', () => {
    const merged = assembleRuleSet({
      'a.json': { site_profile: PROFILE },
      'b.json': { site_profile: { shop_hosts: ['kazcoins.nationalbank.kz', 'b.kz'] } },
    });
    expect((merged.site_profile as { shop_hosts: string[] }).shop_hosts).toEqual(['kazcoins.nationalbank.kz', 'b.kz']);
    expect(() => assembleRuleSet({ 'a.json': body([]) })).not.toThrow();
    expect(() => assembleRuleSet({ 'a.json': { rulez: [] } })).toThrow(/unknown top-level field/);
  });
});
