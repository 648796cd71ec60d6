/**
 * The in-page warning's decisions, without a browser: which verdicts raise it and with what text, how
 * the content script checks the background's command (no zod there), and per-page dismissals (a page
 * is its origin and path; a dismissal holds only while the danger does not grow).
 */
import { describe, expect, it } from 'vitest';
import { warningCommandFor, warningSeverity } from '../../../src/background/ui-warning-command.ts';
import { isWarningCommand } from '../../../src/content/warning/command.ts';
import type { Verdict } from '../../../src/shared/findings.ts';
import { WarningBGtoCS } from '../../../src/shared/protocol.ts';
import { dismissalList, isDismissed, pageKeyOf, readDismissals, withoutDismissal } from '../../../src/ui/dismissals.ts';
import type { Translate } from '../../../src/ui/translate.ts';

const t: Translate = (key) => `«${key}»`;
const PAGE_ID = '0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b';
const PAGE = { pageId: PAGE_ID, pageUrl: 'https://kazcoins.nationalbank.kz/kz/catalog/coin-123?utm=x' };
const verdict = (severity: Verdict['severity']): Verdict => ({
  ruleId: 'R',
  severity,
  messageKey: 'rule_x',
  references: [],
  finding: { kind: 'exfiltration', actor: { type: 'page' }, evidence: {}, at: 1 },
});

describe('warningCommandFor', () => {
  it('names the page by the address the background recorded, or none when only a frame of it spoke', () => {
    expect(warningCommandFor([verdict('danger')], t, 'en', PAGE)!.pageUrl).toBe(PAGE.pageUrl);
    expect(warningCommandFor([verdict('danger')], t, 'en', { pageId: PAGE_ID, pageUrl: null })!.pageUrl).toBe('');
  });
  it('raises no warning for no verdicts or info notes only', () => {
    expect(warningCommandFor([], t, 'en', PAGE)).toBeNull();
    expect(warningCommandFor([verdict('info'), verdict('info')], t, 'en', PAGE)).toBeNull();
    // The background asks this first, so a page with nothing to warn about costs no storage read.
    expect(warningSeverity([])).toBeNull();
    expect(warningSeverity([verdict('info')])).toBeNull();
  });
  it('decides the severity without the texts: the same one the command carries', () => {
    for (const worst of ['warning', 'danger', 'critical'] as const) {
      const verdicts = [verdict('info'), verdict(worst), verdict('warning')];
      expect(warningSeverity(verdicts)).toBe(worst);
      expect(warningCommandFor(verdicts, t, 'en', PAGE)!.severity).toBe(worst);
    }
  });
  it('warns at the worst severity, in the person’s language, with texts from the messages', () => {
    const command = warningCommandFor([verdict('warning'), verdict('critical'), verdict('info')], t, 'kk', PAGE)!;
    expect(command).toEqual({
      type: 'warning/bg-to-cs',
      pageId: PAGE_ID,
      pageUrl: 'https://kazcoins.nationalbank.kz/kz/catalog/coin-123?utm=x',
      severity: 'critical',
      lang: 'kk',
      label: '«warning_label»',
      title: '«verdict_critical»',
      detail: '«verdict_critical_detail»',
      hint: '«warning_hint»',
      dismiss: '«warning_dismiss»',
    });
    expect(WarningBGtoCS.safeParse(command).success).toBe(true);
  });
});

describe('isWarningCommand (the content script’s hand-written check mirrors the zod schema)', () => {
  const good = warningCommandFor([verdict('danger')], t, 'ru', PAGE)!;
  const bad: Array<[string, unknown]> = [
    ['null', null],
    ['another message type', { ...good, type: 'findings/cs-to-bg' }],
    ['info severity', { ...good, severity: 'info' }],
    ['an unknown language', { ...good, lang: 'de' }],
    ['a missing text', { ...good, hint: undefined }],
    ['a text that is not a string', { ...good, title: 42 }],
    ['an overlong text', { ...good, detail: 'x'.repeat(2049) }],
    ['a missing page', { ...good, pageId: undefined }],
    ['a page that is not a page id', { ...good, pageId: '../x' }],
    ['a missing page address', { ...good, pageUrl: undefined }],
    ['an overlong page address', { ...good, pageUrl: 'x'.repeat(2049) }],
  ];
  it('accepts what the background sends', () => {
    expect(isWarningCommand(good)).toBe(true);
  });
  it.each(bad)('rejects %s, as the schema does', (_what, message) => {
    expect(isWarningCommand(message)).toBe(false);
    expect(WarningBGtoCS.safeParse(message).success).toBe(false);
  });
});

describe('dismissals', () => {
  it('a page is its origin and path: no query or fragment (they may hold personal data)', () => {
    expect(pageKeyOf('https://kazcoins.nationalbank.kz/kz/cart?order=1&token=abc#pay')).toBe('https://kazcoins.nationalbank.kz/kz/cart');
    expect(pageKeyOf('not a url')).toBe('');
  });
  it('reads stored data defensively', () => {
    expect(readDismissals(null)).toEqual({});
    expect(readDismissals([1, 2])).toEqual({});
    expect(readDismissals({ a: { at: 1, severity: 'danger' }, b: { at: 'x' }, c: null })).toEqual({ a: { at: 1, severity: 'danger' } });
  });
  it('holds only while the danger does not grow', () => {
    const dismissals = { 'https://kazcoins.nationalbank.kz/kz/cart': { at: 1, severity: 'danger' as const } };
    expect(isDismissed(dismissals, 'https://kazcoins.nationalbank.kz/kz/cart?x=1', 'warning')).toBe(true);
    expect(isDismissed(dismissals, 'https://kazcoins.nationalbank.kz/kz/cart', 'danger')).toBe(true);
    expect(isDismissed(dismissals, 'https://kazcoins.nationalbank.kz/kz/cart', 'critical')).toBe(false);
    expect(isDismissed(dismissals, 'https://kazcoins.nationalbank.kz/kz/checkout', 'warning')).toBe(false);
  });
  it('lists newest first and removes one page', () => {
    const dismissals = { a: { at: 1, severity: 'warning' as const }, b: { at: 2, severity: 'danger' as const } };
    expect(dismissalList(dismissals).map((entry) => entry.page)).toEqual(['b', 'a']);
    expect(withoutDismissal(dismissals, 'a')).toEqual({ b: { at: 2, severity: 'danger' } });
  });
});
