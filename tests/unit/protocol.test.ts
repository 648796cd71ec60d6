import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../src/shared/protocol.ts';
import { MAX_CODE_TEXT, MAX_STRING } from '../../src/shared/page-protocol.ts';

const finding = (at: number) => ({ kind: 'exfiltration', actor: { type: 'unknown' }, evidence: { url: 'https://evil.example/' }, at });

describe('a finding from a content script', () => {
  it('carries a time a Date can hold: the saved evidence report writes each as a date, and threw on one outside', () => {
    for (const at of [0, Date.now(), 8.64e15, -8.64e15]) {
      expect(FindingSchema.safeParse(finding(at)).success, String(at)).toBe(true);
      expect(() => new Date(at).toISOString()).not.toThrow();
    }
    for (const at of [8.64e15 + 1, -8.64e15 - 1, 1e300, Number.NaN, Number.POSITIVE_INFINITY])
      expect(FindingSchema.safeParse(finding(at)).success, String(at)).toBe(false);
  });
});

describe('fields only the background sets', () => {
  it('are refused from a content script: a page cannot say which frame its report came from', () => {
    expect(FindingSchema.safeParse({ ...finding(1), frameUrl: 'https://kazcoins.nationalbank.kz/' }).success).toBe(false);
  });
});

describe('evidence strings', () => {
  const withEvidence = (evidence: Record<string, unknown>) => FindingSchema.safeParse({ ...finding(1), evidence }).success;
  it('hold up to MAX_CODE_TEXT in `text` (a flood’s code texts folded into one finding) and MAX_STRING elsewhere', () => {
    expect(withEvidence({ text: 'x'.repeat(MAX_CODE_TEXT) })).toBe(true);
    expect(withEvidence({ text: 'x'.repeat(MAX_CODE_TEXT + 1) })).toBe(false);
    expect(withEvidence({ url: 'x'.repeat(MAX_STRING) })).toBe(true);
    expect(withEvidence({ url: 'x'.repeat(MAX_STRING + 1) })).toBe(false);
  });
});
