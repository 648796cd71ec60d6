/**
 * Exfiltration seen only on the network: another extension's content script posts page data to a
 * webhook with its own fetch, which the page hooks never see. Saq's webRequest observer sees only the
 * shop's host, so this is read from the document's resource timeline — which in Firefox lists other
 * extensions' content-script requests. In Chromium it does not (an isolated world's fetch stays out of the
 * page's timeline and webRequest shows no host Saq lacks permission for): there the case is a known blind
 * spot, stated here and in the report, and the opt-in extension inventory is what names such a helper.
 * The shop's own analytics beacon and captcha check must stay silent in both.
 */
import { describe, expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER } from '../helpers/fixture-extensions.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { afterSettling, openShopTab, PRODUCT, rulesFire } from './sensors-rest-support.ts';

const BEHAVIOUR = 'exfiltration (network only)';

describeEachBrowser('sensors-rest: exfiltration seen only on the network', (context) => {
  const saqBrowser = context.blockBrowser(() => ({ extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS] }));
  const browser = context.browserName;

  it('catches another extension posting page data to a webhook from its isolated world (Firefox; a Chromium blind spot)', async ({
    task,
  }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, 'exfil');
    // The helper really sent it, in both browsers.
    await eventually(
      async () => context.shop.requests.some((request) => request.host === 'webhook.site' && request.method === 'POST'),
      (sent) => sent,
      'the helper’s POST to the webhook',
    );
    if (browser === 'chromium') return; // Not visible to an extension without that host's permission: see the file comment.
    const verdicts = await rulesFire(saq, tabId, ['SAQ-EXF-002']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "another extension's isolated world posts to a webhook",
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const exfil = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-EXF-002')!;
    expect(exfil.finding.evidence).toMatchObject({ via: 'network', host: 'webhook.site', requestType: 'fetch' });
  });

  /**
   * Firefox times a beacon as `other`, as it times the tab's icon: the icon the shop's markup names is taken for the
   * icon once per address (src/content/isolated/shop-icons.ts). A helper's beacon to that address, or to an icon
   * link it pointed at its collector or added, is still a send.
   */
  describe('a beacon passed off as the tab icon (Firefox; a Chromium blind spot)', () => {
    const ICON_PAGE = '/kz/shop-icon-helper';
    const ICON = 'https://media.partner.test/favicon.ico';
    const COLLECTOR = 'https://webhook.site/3f1c2a9e-icon';
    const cases: Array<[mode: string, label: string, rule: string, url: string]> = [
      ['icon-beacon', "another extension beacons the cookie to the shop's icon address after the icon loaded", 'SAQ-EXF-001', ICON],
      ['icon-rewritten', "another extension points the shop's icon link at its collector and beacons there", 'SAQ-EXF-002', COLLECTOR],
      ['icon-added', 'another extension adds an icon link naming its collector and beacons there', 'SAQ-EXF-002', COLLECTOR],
    ];
    it.for(cases)('%s: %s', async ([mode, label, rule, url], { task }) => {
      context.shop.setFixture('/favicon.ico', 'icon', { host: 'media.partner.test', contentType: 'image/x-icon' });
      context.shop.setFixture(
        ICON_PAGE,
        `<!doctype html><html lang="kk"><head><meta charset="utf-8"><link rel="icon" href="${ICON}"></head><body><h1>Ілбіс</h1></body></html>`,
      );
      const saq = await saqBrowser();
      const { tabId } = await openShopTab(saq, ICON_PAGE, mode);
      const { host, pathname } = new URL(url);
      // The helper really sent it, in both browsers.
      await eventually(
        async () =>
          context.shop.requests.some((request) => request.host === host && request.path === pathname && request.method === 'POST'),
        (sent) => sent,
        'the helper’s beacon',
      );
      if (browser === 'chromium') return; // An isolated world's beacon is not in Chromium's page timeline.
      const verdicts = await rulesFire(saq, tabId, [rule]);
      recordCase(task, { behaviour: BEHAVIOUR, case: label, malicious: true, flagged: verdicts !== null, browser });
      expect(verdicts).not.toBeNull();
      expect(verdicts!.filter((verdict) => verdict.ruleId === rule).map((verdict) => verdict.finding.evidence)).toContainEqual(
        expect.objectContaining({ via: 'network', url, requestType: 'other' }),
      );
    });
  });

  it('stays silent for the shop’s analytics beacon and captcha check', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    // The person ticks the captcha: the widget verifies with its provider (a cross-origin fetch).
    await page.waitForSelector('.kp-captcha input[type="checkbox"]');
    await page.click('.kp-captcha input[type="checkbox"]');
    await eventually(
      async () => context.shop.requests.some((request) => request.host === 'captcha.kazpay.test' && request.path === '/verify'),
      (sent) => sent,
      'the captcha check',
    );
    const { serious, badge } = await afterSettling(saq, tabId, 2_000);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "shop's analytics beacon and captcha check (trusted providers)",
      malicious: false,
      flagged: serious.length > 0,
      browser,
    });
    expect(serious).toEqual([]);
    expect(badge).toBe('');
  });
});
