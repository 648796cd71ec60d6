import { describe, expect, it } from 'vitest';
import type { Finding, Severity, Verdict } from '../../../src/shared/findings.ts';
import { badgeFor } from '../../../src/background/badge.ts';
import {
  addToRecord,
  KEPT_AFTER_LEAVING_MS,
  keepsAfterLeaving,
  keptTooLong,
  MAX_VERDICTS_PER_TAB,
  newTabRecord,
  worstSeverity,
} from '../../../src/background/tab-findings.ts';

const finding = (at: number, evidence: Finding['evidence'] = {}): Finding => ({
  kind: 'untrusted-activation',
  actor: { type: 'page' },
  evidence,
  at,
});
/** Distinct verdicts by default (each its own subject), so none are coalesced. */
const verdict = (severity: Severity, at = 1, evidence: Finding['evidence'] = { target: `button#${at}` }): Verdict => ({
  ruleId: 'SAQ-T-1',
  severity,
  messageKey: 'k',
  references: [],
  finding: finding(at, evidence),
});

describe('tab findings', () => {
  it('counts findings and keeps verdicts', () => {
    const record = addToRecord(newTabRecord('p', 'https://shop'), [finding(1), finding(2)], [verdict('warning')]);
    expect(record.findingCount).toBe(2);
    expect(record.verdicts).toHaveLength(1);
  });

  it('keeps the most severe verdicts when a page floods', () => {
    let record = newTabRecord('p', null);
    record = addToRecord(record, [], [verdict('critical', 0)]);
    for (let i = 0; i < MAX_VERDICTS_PER_TAB + 50; i++) record = addToRecord(record, [], [verdict('info', i + 1)]);
    expect(record.verdicts).toHaveLength(MAX_VERDICTS_PER_TAB);
    expect(worstSeverity(record.verdicts)).toBe('critical');
  });
});

describe('an alarm kept after its tab left the shop', () => {
  const withWorst = (severity: Severity) => addToRecord(newTabRecord('p', 'https://shop'), [], [verdict('info', 1), verdict(severity, 2)]);

  it('is kept for danger and critical, not for a warning or less', () => {
    expect(keepsAfterLeaving(withWorst('critical'))).toBe(true);
    expect(keepsAfterLeaving(withWorst('danger'))).toBe(true);
    expect(keepsAfterLeaving(withWorst('warning'))).toBe(false);
    expect(keepsAfterLeaving(newTabRecord('p', 'https://shop'))).toBe(false);
  });

  it('for at most KEPT_AFTER_LEAVING_MS; a record its tab still shows never expires', () => {
    const kept = { ...withWorst('critical'), leftAt: 1_000 };
    expect(keptTooLong(kept, 1_000 + KEPT_AFTER_LEAVING_MS)).toBe(false);
    expect(keptTooLong(kept, 1_001 + KEPT_AFTER_LEAVING_MS)).toBe(true);
    expect(keptTooLong(withWorst('critical'), Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('repeated verdicts', () => {
  it('keep one verdict per rule, actor and subject, with the newest evidence', () => {
    let record = newTabRecord('p', null);
    for (let count = 1; count <= 30; count++) {
      record = addToRecord(record, [], [verdict('danger', count, { target: 'button[data-action="add-to-cart"]', count })]);
    }
    expect(record.verdicts).toHaveLength(1);
    expect(record.verdicts[0]!.finding.evidence.count).toBe(30);
  });

  it('keep different subjects, actors and rules apart; a URL’s query does not make a new subject', () => {
    const a = verdict('danger', 1, { url: 'https://shop.test/api/cart/items?n=1' });
    const b = verdict('danger', 2, { url: 'https://shop.test/api/cart/items?n=2' });
    const c = verdict('danger', 3, { url: 'https://shop.test/api/cart/reserve' });
    const d = { ...verdict('danger', 4, { url: 'https://shop.test/api/cart/reserve' }), ruleId: 'SAQ-T-2' };
    const e = verdict('danger', 5, { url: 'https://shop.test/api/cart/reserve' });
    e.finding = { ...e.finding, actor: { type: 'extension', extensionId: 'x' } };
    const record = addToRecord(newTabRecord('p', null), [], [a, b, c, d, e]);
    expect(record.verdicts.map((v) => v.finding.at)).toEqual([2, 3, 4, 5]);
  });
});

describe('badge', () => {
  it('is empty for a clean tab and for info-only notes', () => {
    expect(badgeFor([]).text).toBe('');
    expect(badgeFor([verdict('info')]).text).toBe('');
  });

  it('counts warning-or-worse verdicts and takes the colour of the worst', () => {
    const look = badgeFor([verdict('info'), verdict('warning'), verdict('critical')]);
    expect(look.text).toBe('2');
    expect(look.color).toBe(badgeFor([verdict('critical')]).color);
    expect(look.color).not.toBe(badgeFor([verdict('warning')]).color);
  });

  it('caps the count', () => {
    expect(badgeFor(Array.from({ length: 150 }, () => verdict('danger'))).text).toBe('99+');
  });
});
