import { describe, expect, it } from 'vitest';
import type { Finding, Severity, Verdict } from '../../../src/shared/findings.ts';
import { badgeFor } from '../../../src/background/badge.ts';
import { addToRecord, MAX_VERDICTS_PER_TAB, newTabRecord, worstSeverity } from '../../../src/background/tab-findings.ts';

const finding = (at: number): Finding => ({ kind: 'untrusted-activation', actor: { type: 'page' }, evidence: {}, at });
const verdict = (severity: Severity, at = 1): Verdict => ({
  ruleId: 'SAQ-T-1',
  severity,
  messageKey: 'k',
  references: [],
  finding: finding(at),
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
