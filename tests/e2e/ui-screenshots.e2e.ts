/**
 * Screenshot tests: the popup and the in-page warning in Kazakh, Russian and English, for a clean shop
 * page and for one where a helper extension auto-clicks "add to cart". Each check is about what a person
 * sees: the texts of their language are there, nothing overflows or is cut off, nothing leaves the
 * viewport. PNGs go to test-results/screenshots/ for a reviewer. One browser per browser; the language
 * is switched through Saq's storage between rounds.
 */
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { HELPER_EXTENSION } from '../helpers/paths.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import {
  CLEAN_PAGE,
  DANGEROUS_PRODUCT,
  layoutProblems,
  messages,
  POPUP_WIDTH,
  screenshot,
  screenshotPopup,
  setLanguage,
  SHOP_PREFIX,
  sizeAsPopup,
  UI_LANGUAGES,
  visibleText,
  warningProbe,
} from './ui-support.ts';

const SEVERE = ['verdict_warning', 'verdict_danger', 'verdict_critical'];

describeEachBrowser('UI screenshots', (context) => {
  const browser = context.blockBrowser({ extraExtensions: [HELPER_EXTENSION] });
  /** Pages a test opened, closed even when it fails, so the next language starts from a clean slate. */
  const opened: Page[] = [];
  const track = <P extends Page>(page: P): P => (opened.push(page), page);
  const closeAll = async (): Promise<void> => {
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => undefined)));
  };

  for (const lang of UI_LANGUAGES) {
    it(`${lang}: a dangerous page — in-page warning and popup`, async () => {
      context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
      const m = messages(lang);
      const saq = await browser();
      try {
        await setLanguage(saq, lang);
        const page = track(await saq.newShopPage(`/${SHOP_PREFIX[lang]}/${DANGEROUS_PRODUCT}`));
        const tabId = await saq.tabIdOf(page);

        const warning = await eventually(
          () => warningProbe(saq, tabId),
          // Armed: the picture shows Hide as the person can press it, not in its first dimmed moment.
          (probe) => probe !== null && probe.lang === lang && probe.armed && SEVERE.some((key) => probe.text.includes(m(key))),
          `the in-page warning in ${lang}`,
          20_000,
        );
        expect(warning!.text).toContain(m('warning_hint'));
        expect(warning!.text).toContain(m('warning_dismiss'));
        expect(warning!.overflow).toEqual([]);
        expect(warning!.onTop).toBe(true);
        await screenshot(page, `${context.browserName}-${lang}-page-danger`);

        // The warning comes with the first severe verdict: the clicks', or the insertion of the helper's script
        // from another extension's world (judged after the observer's settle time), whichever is first. The
        // popup names the script as the actor of its clicks: wait for that verdict (CI's Firefox opened the
        // popup before it, with only the insertion judged — which names the script in its evidence, not as actor).
        await eventually(
          async () => (await saq.report(tabId)).verdicts.map((verdict) => verdict.finding.actor.url),
          (actors) => actors.includes(`https://${HELPER_CDN}/autobuy.js`),
          'a verdict whose actor is the helper script',
        );
        const popup = track(await saq.openPopup(tabId));
        await sizeAsPopup(popup);
        expect(await popup.evaluate(() => document.documentElement.lang)).toBe(lang);
        const severity = await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'));
        expect(['warning', 'danger', 'critical']).toContain(severity);
        const text = await visibleText(popup);
        for (const key of [
          `verdict_${severity}`,
          'todo_title',
          'todo_close_tab',
          'todo_remove',
          'todo_passwords',
          'todo_call',
          'todo_police',
          'popup_findings_title',
          'why_title',
          'why_malware',
          'why_rules',
          'why_limits',
          'report_save',
          'links_title',
          'feed_title',
        ])
          expect(text, `popup (${lang}) shows ${key}`).toContain(m(key));
        expect(text).toContain('1477');
        expect(await popup.$('[data-testid="inventory"]'), 'the extension check, to find what to remove').not.toBeNull();
        expect(text).toContain(`https://${HELPER_CDN}/autobuy.js`);
        expect(await layoutProblems(popup, POPUP_WIDTH)).toEqual([]);
        await screenshotPopup(popup, `${context.browserName}-${lang}-popup-danger`);

        // The tab moves on to a clean page: the alarm stays in view as an earlier page's, with a way to dismiss it.
        await page.goto(new URL(`/${SHOP_PREFIX[lang]}/${CLEAN_PAGE}`, page.url()).href, { waitUntil: 'load' });
        await eventually(async () => (await saq.report(tabId)).earlier !== null, Boolean, "the clean page's record, carrying the alarm");
        const carried = track(await saq.openPopup(tabId));
        await sizeAsPopup(carried);
        const carriedText = await visibleText(carried);
        for (const key of ['popup_earlier_findings_title', 'popup_earlier_dismiss', 'todo_title'])
          expect(carriedText, `popup (${lang}) shows ${key}`).toContain(m(key));
        expect(carriedText).toContain(m('popup_earlier_page').split('$1')[0]!.trim());
        expect(await layoutProblems(carried, POPUP_WIDTH)).toEqual([]);
        await screenshotPopup(carried, `${context.browserName}-${lang}-popup-earlier`);
      } finally {
        await closeAll();
      }
    });

    it(`${lang}: a clean page — no warning, a calm popup`, async () => {
      const m = messages(lang);
      const saq = await browser();
      try {
        await setLanguage(saq, lang);
        const page = track(await saq.newShopPage(`/${SHOP_PREFIX[lang]}/${CLEAN_PAGE}`));
        const tabId = await saq.tabIdOf(page);
        await eventually(
          () => saq.report(tabId),
          (report) => report.pageUrl !== null,
          'Saq to watch the clean page',
        );
        // Let the shop's own scripts run for a while: still nothing to warn about.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await warningProbe(saq, tabId)).toBeNull();
        expect(await saq.badgeText(tabId)).toBe('');
        await screenshot(page, `${context.browserName}-${lang}-page-clean`);

        const popup = track(await saq.openPopup(tabId));
        await sizeAsPopup(popup);
        expect(await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'))).toBe('clean');
        const text = await visibleText(popup);
        for (const key of [
          'verdict_clean',
          'verdict_clean_detail',
          'clean_tip',
          'links_title',
          'link_nbk',
          'link_shop_rules',
          'feed_title',
          'popup_settings',
        ])
          expect(text, `popup (${lang}) shows ${key}`).toContain(m(key));
        expect(await popup.$('[data-testid="what-to-do"]')).toBeNull();
        expect(await popup.$('[data-testid="inventory"]')).toBeNull();
        expect(await layoutProblems(popup, POPUP_WIDTH)).toEqual([]);
        await screenshotPopup(popup, `${context.browserName}-${lang}-popup-clean`);
      } finally {
        await closeAll();
      }
    });
  }
});
