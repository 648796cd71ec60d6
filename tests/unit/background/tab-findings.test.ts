import { describe, expect, it } from 'vitest';
import type { Finding, Severity, Verdict } from '../../../src/shared/findings.ts';
import { badgeFor } from '../../../src/background/badge.ts';
import { MAX_CODE_TEXT } from '../../../src/shared/page-protocol.ts';
import {
  addToRecord,
  carriedAlarm,
  expired,
  KEPT_AFTER_LEAVING_MS,
  keepsAfterLeaving,
  keptTooLong,
  MAX_VERDICTS_PER_TAB,
  newTabRecord,
  shownVerdicts,
  warnedVerdicts,
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
  it('one verdict per rule, actor and subject: the latest, counting the times before it and keeping the first time', () => {
    const same = (at: number) => verdict('warning', at, { target: 'button#buy' });
    let record = addToRecord(newTabRecord('p', 'https://shop'), [], [same(1), same(2)]);
    record = addToRecord(record, [], [same(3)]);
    record = addToRecord(record, [], [verdict('warning', 4)]);
    expect(record.verdicts.map((v) => [v.finding.at, v.seen ?? 1, v.firstAt ?? v.finding.at])).toEqual([
      [3, 3, 1],
      [4, 1, 4],
    ]);
  });

  it('counts findings and keeps verdicts', () => {
    const record = addToRecord(newTabRecord('p', 'https://shop'), [finding(1), finding(2)], [verdict('warning')]);
    expect(record.findingCount).toBe(2);
    expect(record.verdicts).toHaveLength(1);
  });

  it('counts each script a folded finding stands for, within bounds whatever number the page sends', () => {
    const folds = [finding(1, { folded: 40 }), finding(2, { folded: 2.5 }), finding(3, { folded: -3 }), finding(4, { folded: 'many' })];
    expect(addToRecord(newTabRecord('p', 'https://shop'), folds, []).findingCount).toBe(40 + 2 + 1 + 1);
    expect(addToRecord(newTabRecord('p', 'https://shop'), [finding(1, { folded: 1e12 })], []).findingCount).toBe(MAX_CODE_TEXT);
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

describe("an earlier page's alarm carried by the page that replaces it", () => {
  const page = (severity: Severity | null, url = 'https://shop/1') =>
    severity ? addToRecord(newTabRecord('p', url, 500), [finding(1)], [verdict(severity, 2)]) : newTabRecord('p', url, 500);

  it('carries danger and critical, left now (or when the tab left it), not a warning or less', () => {
    expect(carriedAlarm(page('critical'), 1_000)).toEqual({
      pageUrl: 'https://shop/1',
      startedAt: 500,
      leftAt: 1_000,
      findingCount: 1,
      verdicts: [verdict('critical', 2)],
      fresh: true,
    });
    expect(carriedAlarm({ ...page('danger'), leftAt: 700 }, 1_000)?.leftAt).toBe(700);
    expect(carriedAlarm(page('warning'), 1_000)).toBeUndefined();
    expect(carriedAlarm(page(null), 1_000)).toBeUndefined();
    expect(carriedAlarm(undefined, 1_000)).toBeUndefined();
  });

  it('passes on the alarm a clean page carried, until its time is up; a newer alarm replaces it', () => {
    const earlier = carriedAlarm(page('critical'), 1_000)!;
    const clean = { ...page(null, 'https://shop/2'), earlier };
    expect(carriedAlarm(clean, 2_000)).toEqual({ ...earlier, fresh: false });
    expect(carriedAlarm(clean, 1_001 + KEPT_AFTER_LEAVING_MS)).toBeUndefined();
    const alarmed = { ...page('danger', 'https://shop/3'), earlier };
    expect(carriedAlarm(alarmed, 3_000)).toMatchObject({ pageUrl: 'https://shop/3', leftAt: 3_000 });
  });

  it('raises the in-page warning on the page right after the alarm only (a helper’s reload can hide it)', () => {
    const earlier = carriedAlarm(page('critical'), 1_000)!;
    const next = { ...page(null, 'https://shop/2'), earlier };
    expect(warnedVerdicts(next).map((v) => v.severity)).toEqual(['critical']);
    const later = { ...page(null, 'https://shop/3'), earlier: carriedAlarm(next, 2_000) };
    expect(warnedVerdicts(later)).toEqual([]);
    expect(shownVerdicts(later).map((v) => v.severity)).toEqual(['critical']);
  });

  it('is shown with the page’s own verdicts: the badge counts and colours both', () => {
    const earlier = carriedAlarm(page('critical'), 1_000)!;
    const record = { ...page('warning', 'https://shop/2'), earlier };
    expect(shownVerdicts(record).map((v) => v.severity)).toEqual(['warning', 'critical']);
    expect(badgeFor(shownVerdicts(record))).toEqual(badgeFor([verdict('warning'), verdict('critical')]));
    expect(shownVerdicts(null)).toEqual([]);
  });

  it('expires on its own; a record kept after leaving the shop for that alarm alone goes with it', () => {
    const earlier = carriedAlarm(page('critical'), 1_000)!;
    const shown = { ...page(null, 'https://shop/2'), earlier };
    expect(expired(shown, 1_000 + KEPT_AFTER_LEAVING_MS)).toBe(shown);
    expect(expired(shown, 1_001 + KEPT_AFTER_LEAVING_MS)).toEqual(page(null, 'https://shop/2'));
    const left = { ...shown, leftAt: 2_000 };
    expect(keepsAfterLeaving(left)).toBe(true);
    expect(expired(left, 1_001 + KEPT_AFTER_LEAVING_MS)).toBeNull();
    const leftWithOwn = { ...page('danger', 'https://shop/2'), earlier, leftAt: 2_000 };
    expect(expired(leftWithOwn, 1_001 + KEPT_AFTER_LEAVING_MS)).toEqual({ ...page('danger', 'https://shop/2'), leftAt: 2_000 });
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
