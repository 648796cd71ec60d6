/** The popup's decisions, without a browser: which headline a tab gets, how findings are grouped, which links and extension page. */
import { describe, expect, it } from 'vitest';
import type { Finding, Verdict } from '../../../src/shared/findings.ts';
import type { TabReport } from '../../../src/shared/protocol.ts';
import { extensionsPageUrl } from '../../../src/ui/extensions-page.ts';
import { firstOfEachReason, groupVerdicts } from '../../../src/ui/group-verdicts.ts';
import { officialLinks } from '../../../src/ui/links.ts';
import { callsForAction, pageStateOf } from '../../../src/ui/page-state.ts';
import { resolveLanguage } from '../../../src/ui/languages.ts';

const SHOP = 'https://kazcoins.nationalbank.kz/kz/product/snow-leopard-silver';

function verdict(
  ruleId: string,
  severity: Verdict['severity'],
  at: number,
  actor: Finding['actor'] = { type: 'script', url: 'https://helper-cdn.test/a.js' },
): Verdict {
  return { ruleId, severity, messageKey: 'rule_x', references: [], finding: { kind: 'untrusted-activation', actor, evidence: {}, at } };
}

function report(verdicts: Verdict[], pageUrl: string | null = SHOP): TabReport {
  const severity = verdicts.length
    ? verdicts
        .map((v) => v.severity)
        .sort()
        .at(-1)!
    : null;
  return {
    tabId: 1,
    pageUrl,
    verdicts,
    severity: severity as TabReport['severity'],
    findingCount: verdicts.length,
    rulesVersion: '1',
    leftAt: null,
    earlier: null,
  };
}

describe('pageStateOf: never "clean" without evidence that Saq watched the page', () => {
  it('the worst verdict when there are verdicts', () => {
    expect(pageStateOf({ ...report([verdict('A', 'warning', 1)]), severity: 'warning' }, SHOP)).toBe('warning');
  });
  it("an earlier page's alarm the tab still shows counts as much as this page's verdicts", () => {
    const earlier = { pageUrl: SHOP, leftAt: 1, verdicts: [verdict('B', 'critical', 2)], severity: 'critical' as const };
    expect(pageStateOf({ ...report([]), earlier }, SHOP)).toBe('critical');
    expect(pageStateOf({ ...report([verdict('A', 'warning', 1)]), severity: 'warning', earlier }, SHOP)).toBe('critical');
    expect(
      pageStateOf({ ...report([verdict('A', 'critical', 1)]), severity: 'critical', earlier: { ...earlier, severity: 'danger' } }, SHOP),
    ).toBe('critical');
  });
  it('clean only for a page Saq watched and found nothing on', () => {
    expect(pageStateOf(report([]), SHOP)).toBe('clean');
  });
  it('a shop tab the background knows nothing about is "not checked yet"', () => {
    expect(pageStateOf(report([], null), SHOP)).toBe('unchecked');
    expect(pageStateOf(null, SHOP)).toBe('unchecked');
  });
  it('no answer from the background and no tab address: not checked, not clean', () => {
    expect(pageStateOf(null, null)).toBe('unchecked');
  });
  it('a tab outside the shop is "not watched"', () => {
    expect(pageStateOf(report([], null), null)).toBe('not-shop');
    expect(pageStateOf(report([], null), 'https://kazcoins.nationalbank.kz.evil.example/')).toBe('not-shop');
  });
  it('warning and worse call for action; info and clean do not', () => {
    expect(['warning', 'danger', 'critical'].every((s) => callsForAction(s as never))).toBe(true);
    expect(['info', 'clean', 'unchecked', 'not-shop'].some((s) => callsForAction(s as never))).toBe(false);
  });
});

describe('groupVerdicts', () => {
  it('one line per rule and actor, with a count, worst first then earliest', () => {
    const groups = groupVerdicts([
      verdict('ACT-001', 'warning', 30),
      verdict('ACT-001', 'warning', 10),
      verdict('INJ-001', 'danger', 20),
      verdict('ACT-001', 'warning', 5, { type: 'extension', extensionId: 'abc' }),
    ]);
    expect(groups.map((g) => [g.verdict.ruleId, g.verdict.finding.at, g.count])).toEqual([
      ['INJ-001', 20, 1],
      ['ACT-001', 5, 1],
      ['ACT-001', 10, 2],
    ]);
  });

  it('counts the times each verdict was judged, not only the verdicts (one per subject is kept)', () => {
    const groups = groupVerdicts([{ ...verdict('ACT-001', 'warning', 30), seen: 20 }, verdict('ACT-001', 'warning', 10)]);
    expect(groups.map((g) => g.count)).toEqual([21]);
  });
});

describe('firstOfEachReason', () => {
  it('says each reason once, under the first finding it applies to', () => {
    const groups = groupVerdicts([
      verdict('INJ-001', 'danger', 1),
      verdict('ACT-001', 'warning', 2),
      verdict('CART-002', 'warning', 3, { type: 'page' }),
      verdict('DEF-002', 'danger', 4, { type: 'unknown' }),
    ]).map((group, index) =>
      index === 0
        ? { ...group, verdict: { ...group.verdict, finding: { ...group.verdict.finding, kind: 'script-inserted' as const } } }
        : group,
    );
    // script-inserted → why_code; untrusted-activation → why_rules (three times): reasons at 0 and 1 only.
    expect([...firstOfEachReason(groups)]).toEqual([0, 1]);
  });
});

describe('links and pages', () => {
  it('official links follow the language (the sites use kz/ru/en)', () => {
    expect(officialLinks('kk')).toEqual({
      nbkNews: 'https://www.nationalbank.kz/kz/news/',
      shopQuestions: 'https://kazcoins.nationalbank.kz/kz/pages/questions',
    });
    expect(officialLinks('ru').shopQuestions).toBe('https://kazcoins.nationalbank.kz/ru/pages/questions');
    expect(officialLinks('en').nbkNews).toBe('https://www.nationalbank.kz/en/news/');
  });
  it('the extensions page opens by tabs.create in Chromium browsers; Firefox gets directions instead', () => {
    expect(extensionsPageUrl('chrome-extension://abc/')).toBe('chrome://extensions');
    expect(extensionsPageUrl('moz-extension://abc/')).toBeNull();
  });
});

describe('resolveLanguage: the person’s choice, else the browser’s language, else English', () => {
  it.each([
    ['kk', 'ru-RU', 'kk'],
    ['auto', 'ru-RU', 'ru'],
    [undefined, 'kk', 'kk'],
    [undefined, 'kk-KZ', 'kk'],
    [undefined, 'en_US', 'en'],
    [undefined, 'de-DE', 'en'],
    ['fr', 'ru', 'ru'],
  ])('setting %s, browser %s → %s', (setting, ui, expected) => {
    expect(resolveLanguage(setting, ui)).toBe(expected);
  });
});
