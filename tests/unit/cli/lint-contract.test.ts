/**
 * `lint` holds each rule to what the extension really sends and shows: an evidence field its kind does
 * not carry (in `when`, a `gt_field` or a sample) and a message key without text in kk, ru and en are
 * errors naming the source file, the rule id and the field. Both used to lint clean and be signed: the
 * first rule then never matched, the second showed a fallback instead of its explanation.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../../src/shared/findings.ts';
import { RuleSchema } from '../../../src/shared/rules/schema.ts';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { evidenceContract, parseEvidenceContract } from '../../../tools/rules-cli/evidence-contract.ts';
import { lintMessageTexts } from '../../../tools/rules-cli/lint-message-texts.ts';
import { CliHarness, SOURCES } from './helpers.ts';

interface SourceRule {
  id: string;
  message: string;
  when: { evidence: Record<string, Record<string, unknown>> };
  samples: Record<'positive' | 'negative', { evidence: Record<string, unknown> }[]>;
}

/** Change one rule (found by id in `file`) of the copy of rules/src in `cli`. */
function changeRule(cli: CliHarness, file: string, id: string, change: (rule: SourceRule) => void): CliHarness {
  const path = cli.path('src', file);
  const source = JSON.parse(readFileSync(path, 'utf8')) as { rules: SourceRule[] };
  change(source.rules.find((r) => r.id === id)!);
  writeFileSync(path, JSON.stringify(source, null, 2));
  return cli;
}

/** A copy of rules/src with one rule (found by id in `file`) changed. */
function withRule(file: string, id: string, change: (rule: SourceRule) => void): CliHarness {
  const cli = new CliHarness();
  cpSync(SOURCES, cli.path('src'), { recursive: true });
  return changeRule(cli, file, id, change);
}

function indexOf(file: string, id: string): number {
  return (JSON.parse(readFileSync(`${SOURCES}/${file}`, 'utf8')) as { rules: { id: string }[] }).rules.findIndex((r) => r.id === id);
}

/** Renames an evidence field everywhere the rule names it, as a copy-pasted typo would (order kept). */
function rename(rule: SourceRule, from: string, to: string): void {
  const renamed = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key === from ? to : key, value]));
  rule.when.evidence = renamed(rule.when.evidence);
  for (const sample of [...rule.samples.positive, ...rule.samples.negative]) sample.evidence = renamed(sample.evidence);
}

const errors = (out: string): string[] => out.split('\n').filter((line) => line.startsWith('error: '));

describe('rules CLI lint: evidence fields are ones the kind carries (rules/README.md)', () => {
  it('a typo in a field name, repeated in the samples, is an error naming file, rule, path and the fields the kind carries', async () => {
    const i = indexOf('injection.json', 'SAQ-INJ-001');
    const cli = withRule('injection.json', 'SAQ-INJ-001', (rule) => rename(rule, 'src', 'sorce'));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    const found = errors(r.out);
    expect(found[0]).toMatch(
      new RegExp(
        `^error: src/injection\\.json: rules\\[${i}\\]\\.when\\.evidence\\.sorce: SAQ-INJ-001: script-inserted findings carry no evidence field "sorce"`,
      ),
    );
    expect(found[0]).toContain('script-inserted carries src, inline, selfRemoved, sha256, text, sha256Skipped, folded, how, world');
    // The samples carried the typo along, which is how the rule passed its own samples.
    expect(
      found.slice(1).every((line) => /rules\[\d+\]\.samples\.(positive|negative)\[\d+\]\.evidence\.sorce: SAQ-INJ-001: /.test(line)),
    ).toBe(true);
    expect(found.length).toBeGreaterThan(1);
  });

  it("a field of another kind (sensitive-read's sentAfter on an exfiltration rule) is an error", async () => {
    const i = indexOf('exfiltration.json', 'SAQ-EXF-003');
    const cli = withRule('exfiltration.json', 'SAQ-EXF-003', (rule) => rename(rule, 'afterSensitiveRead', 'sentAfter'));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    expect(errors(r.out)[0]).toMatch(
      new RegExp(
        `^error: src/exfiltration\\.json: rules\\[${i}\\]\\.when\\.evidence\\.sentAfter: SAQ-EXF-003: exfiltration findings carry no`,
      ),
    );
    expect(errors(r.out)[0]).toContain('afterSensitiveRead'); // (bg) fields are listed as carried
  });

  it('a gt_field naming a field the kind does not carry is an error at that gt_field', async () => {
    const i = indexOf('purchase.json', 'SAQ-QTY-001');
    const cli = withRule('purchase.json', 'SAQ-QTY-001', (rule) => (rule.when.evidence.quantity!.gt_field = 'limt'));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    expect(errors(r.out)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^error: src/purchase\\.json: rules\\[${i}\\]\\.when\\.evidence\\.quantity\\.gt_field: SAQ-QTY-001: quantity-tamper findings carry no evidence field "limt"`,
        ),
      ),
    );
  });

  it('a sample field no sensor sends for its kind is an error even when the rule does not test it', async () => {
    const i = indexOf('injection.json', 'SAQ-INJ-004');
    const cli = withRule('injection.json', 'SAQ-INJ-004', (rule) => (rule.samples.negative[0]!.evidence.selfremoved = false));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    expect(errors(r.out)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: src/injection\\.json: rules\\[${i}\\]\\.samples\\.negative\\[0\\]\\.evidence\\.selfremoved: SAQ-INJ-004: script-inserted findings carry no evidence field "selfremoved"`,
        ),
      ),
    ]);
  });

  // The README's table lacked these though the code sends them: rules using them were refused.
  it("fields the code sends lint clean: an unhooked cart request's endpoint, and the page-request fields derived findings keep", async () => {
    const cli = withRule('purchase.json', 'SAQ-CART-003', (rule) => {
      rule.when.evidence.endpoint = { in: ['cart', 'order'] }; // src/background/network-crosscheck.ts
      for (const sample of [...rule.samples.positive, ...rule.samples.negative]) sample.evidence.endpoint = 'cart';
    });
    // src/background/derive.ts keeps every field of the page-request a cart-request or exfiltration comes from.
    changeRule(cli, 'purchase.json', 'SAQ-CART-001', (rule) =>
      Object.assign(rule.samples.positive[0]!.evidence, { bytes: 64, sensitiveReadMsAgo: -1, qty: 3 }),
    );
    changeRule(cli, 'exfiltration.json', 'SAQ-EXF-003', (rule) =>
      Object.assign(rule.samples.positive[0]!.evidence, { sensitiveReadMsAgo: 120, carriesSecret: true, qty: 2 }),
    );
    const r = await cli.run('lint', '--src', 'src');
    expect(errors(r.out)).toEqual([]);
    expect(r.code).toBe(EXIT.ok);

    const i = indexOf('purchase.json', 'SAQ-CART-003');
    changeRule(cli, 'purchase.json', 'SAQ-CART-003', (rule) => rename(rule, 'endpoint', 'endpont'));
    changeRule(cli, 'exfiltration.json', 'SAQ-EXF-003', (rule) => rename(rule, 'carriesSecret', 'carriesSecrets'));
    const typo = await cli.run('lint', '--src', 'src');
    expect(typo.code).toBe(EXIT.input);
    expect(errors(typo.out)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^error: src/purchase\\.json: rules\\[${i}\\]\\.when\\.evidence\\.endpont: SAQ-CART-003: unhooked-cart-request findings carry no evidence field "endpont"`,
        ),
      ),
    );
    expect(errors(typo.out)).toContainEqual(
      expect.stringMatching(
        /samples\.positive\[0\]\.evidence\.carriesSecrets: SAQ-EXF-003: exfiltration findings carry no evidence field "carriesSecrets"/,
      ),
    );
  });

  it('build refuses such a rule too: it is not signed', async () => {
    const cli = withRule('injection.json', 'SAQ-INJ-001', (rule) => rename(rule, 'src', 'sorce'));
    await cli.withRoot();
    const r = await cli.run('build', '--version', '2', '--out', 'p.json', '--src', 'src', '--root-dir', 'root');
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toContain('evidence.sorce');
  });
});

describe('the evidence contract as lint reads it', () => {
  const contract = evidenceContract();

  it('has a row for every finding kind', () => {
    expect(FINDING_KINDS.filter((kind) => !(contract.get(kind)?.size ?? 0))).toEqual([]);
  });

  it('counts (bg) fields and every field of a row that names several', () => {
    expect([...contract.get('untrusted-activation')!]).toEqual(expect.arrayContaining(['control', 'event', 'count', 'windowMs']));
    expect([...contract.get('reload-storm')!]).toEqual(expect.arrayContaining(['periodMs', 'intervalCv', 'ratePerSec']));
    expect(contract.get('unhooked-cart-request')).toEqual(new Set(['url', 'method', 'requestType', 'hooksActive', 'endpoint']));
  });

  it('a README without the section is an error, not an empty contract that would flag every rule', () => {
    expect(() => parseEvidenceContract('# Rules\n\nno table here\n')).toThrow(/no "## Evidence contract" section/);
  });
});

describe('rules CLI lint: every rule message has text in kk, ru and en', () => {
  it('a message key with no text is an error naming file, rule, `message` and the missing languages', async () => {
    const i = indexOf('injection.json', 'SAQ-INJ-002');
    const cli = withRule('injection.json', 'SAQ-INJ-002', (rule) => (rule.message = 'rule_unlisted_thrid_party_script'));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    expect(errors(r.out)).toEqual([
      `error: src/injection.json: rules[${i}].message: SAQ-INJ-002: message key "rule_unlisted_thrid_party_script" is not in tools/i18n/rule-messages.ts (missing: kk, ru, en); the extension would show a fallback instead of the explanation`,
    ]);
  });

  it('a key whose text is missing or blank in some languages names just those', () => {
    const rule = RuleSchema.parse((JSON.parse(readFileSync(`${SOURCES}/injection.json`, 'utf8')) as { rules: unknown[] }).rules[0]);
    const issues = lintMessageTexts(rule, ['rules', 0], { [rule.message]: { en: 'Text.', ru: ' ', kk: '' } });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'rules[0].message', level: 'error', message: expect.stringContaining('has no kk, ru text in') }),
    ]);
    expect(issues[0]!.message).toContain('(missing: kk, ru)');
  });
});
