/**
 * The toolbar badge over a tab's life, the options page (language, feed status, dismissals, clearing
 * the person's data), the popup by keyboard, and the evidence report saved with one click.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import { badgeFor } from '../../src/background/badge.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { pollPage } from '../helpers/harness.ts';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { HELPER_EXTENSION } from '../helpers/paths.ts';
import { describeEachBrowser, eventually, sleep } from './each-browser.ts';
import { CLEAN_PAGE, DANGEROUS_PRODUCT, layoutProblems, messages, screenshot, setLanguage, UI_LANGUAGES } from './ui-support.ts';

const PRODUCT = `https://kazcoins.nationalbank.kz/en/${DANGEROUS_PRODUCT}`;
const CLEAN = `https://kazcoins.nationalbank.kz/en/${CLEAN_PAGE}`;
const OPTIONS = 'src/options/index.html';

async function badgeColor(saq: SaqBrowser, tabId: number): Promise<string> {
  const [r, g, b] = await saq.inExtension((id) => chrome.action.getBadgeBackgroundColor({ tabId: id }), tabId);
  return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`;
}

describeEachBrowser('UI pages', (context) => {
  const downloads = mkdtempSync(join(tmpdir(), 'saq-ui-downloads-'));
  const shared = context.blockBrowser({ extraExtensions: [HELPER_EXTENSION], downloadDir: downloads });
  const opened: Page[] = [];
  const browser = async (): Promise<SaqBrowser> => {
    context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
    const saq = await shared();
    await setLanguage(saq, 'en');
    return saq;
  };
  const track = (page: Page): Page => (opened.push(page), page);
  /** The helper again, under a name that ends in a right-to-left override (U+202E): a name is the helper author's to choose. */
  const overrideHelper = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'saq-rtl-helper-'));
    cpSync(HELPER_EXTENSION, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    manifest.name = 'Coin Helper RTL\u202E';
    manifest.browser_specific_settings = { gecko: { id: 'rtl-helper@fixtures.test' } };
    // Chromium's management API counts host permissions only, not content-script matches, as reaching the shop.
    manifest.host_permissions = ['https://kazcoins.nationalbank.kz/*'];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  };
  const withOverrideHelper = context.blockBrowser(() => ({
    extraExtensions: [overrideHelper()],
    firefoxFixtures: { uuids: {}, grantOptionalPermissions: true },
  }));
  const closeAll = async (): Promise<void> => {
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => undefined)));
  };
  const dangerousTab = async (saq: SaqBrowser): Promise<{ page: Page; tabId: number }> => {
    const page = track(await saq.newShopPage(PRODUCT));
    const tabId = await saq.tabIdOf(page);
    await eventually(
      () => saq.badgeText(tabId),
      (text) => text !== '',
      'the badge to light up',
    );
    return { page, tabId };
  };

  it('badge: a count in the colour of the worst verdict, per tab; an alarm carried to the next shop page until dismissed, kept when the tab leaves the shop', async () => {
    try {
      const saq = await browser();
      const { page, tabId } = await dangerousTab(saq);
      const clean = track(await saq.newShopPage(CLEAN));
      const cleanTabId = await saq.tabIdOf(clean);
      await page.bringToFront();

      const report = await eventually(
        () => saq.report(tabId),
        (r) => r.severity !== null,
        'verdicts',
      );
      const text = await saq.badgeText(tabId);
      expect(Number(text)).toBeGreaterThanOrEqual(1);
      expect(await badgeColor(saq, tabId)).toBe(badgeFor(report.verdicts).color);
      expect(await saq.badgeText(cleanTabId)).toBe(''); // per tab

      // The same tab moves to a clean shop page: the new page starts clean, and the alarm of the page it
      // replaced stays in view as an earlier page's (a helper can reload or move the page right after it
      // acts) — badge and popup — until the person dismisses it there.
      await page.goto(CLEAN, { waitUntil: 'load' });
      const after = await eventually(
        () => saq.report(tabId),
        (r) => r.pageUrl?.startsWith(CLEAN) ?? false,
        'the tab record of the clean page',
      );
      expect(after.verdicts).toEqual([]);
      expect(after.earlier?.pageUrl).toBe(PRODUCT);
      expect(after.earlier?.severity).toBe(report.severity);
      const carried = badgeFor(after.earlier!.verdicts);
      await eventually(
        () => saq.badgeText(tabId),
        (badge) => badge === carried.text,
        "the badge to show the earlier page's alarm",
      );
      expect(await badgeColor(saq, tabId)).toBe(carried.color);
      const popup = track(await saq.openPopup(tabId));
      await pollPage(
        popup,
        () => document.querySelector('[data-testid="dismiss-earlier"]') !== null,
        undefined,
        "the earlier page's alarm in the popup",
      );
      const shown = await popup.evaluate(() => ({
        severity: document.querySelector('[data-testid="verdict"]')?.getAttribute('data-severity'),
        note: document.querySelector('[data-testid="earlier-page"]')?.textContent ?? '',
        earlier: document.querySelectorAll('[data-testid="earlier-findings"] > li').length,
        own: document.querySelectorAll('[data-testid="findings"] > li').length,
        report: document.querySelector('[data-testid="save-report"]') !== null,
      }));
      expect(shown).toMatchObject({ severity: report.severity, own: 0, report: true });
      expect(shown.note).toContain('earlier shop page');
      expect(shown.earlier).toBeGreaterThan(0);
      await popup.click('[data-testid="dismiss-earlier"]');
      await pollPage(
        popup,
        () => document.querySelector('[data-testid="earlier-page"]') === null,
        undefined,
        'the note gone once dismissed',
      );
      expect(await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'))).toBe('clean');
      await popup.close();
      await eventually(
        () => saq.badgeText(tabId),
        (badge) => badge === '',
        'the badge to clear once the earlier alarm is dismissed',
      );
      expect((await saq.report(tabId)).earlier).toBeNull();

      // Back to the helper's page, then away from the shop altogether: an alarm (danger or worse) stays with the
      // tab, marked left, its badge put back after the browser clears it (lifecycle.e2e.ts: a helper that
      // navigates away itself; a warning goes with its page: tab-pages.test.ts).
      await page.goto(PRODUCT, { waitUntil: 'load' });
      await eventually(
        () => saq.badgeText(tabId),
        (badge) => badge !== '',
        'the badge to light again',
      );
      const lit = await eventually(
        () => saq.report(tabId),
        (r) => r.pageUrl?.startsWith(PRODUCT) === true && r.severity !== null,
        'the helper page judged again',
      );
      expect(['danger', 'critical']).toContain(lit.severity);
      await page.goto(`https://${HELPER_CDN}/autobuy.js`, { waitUntil: 'load' });
      const left = await eventually(
        () => saq.report(tabId),
        (r) => r.leftAt !== null,
        'the alarm kept, marked left, outside the shop',
      );
      expect(left.severity).toBe(lit.severity);
      await eventually(
        () => saq.badgeText(tabId),
        (badge) => badge !== '',
        'the badge kept outside the shop',
      );
    } finally {
      await closeAll();
    }
  });

  // Three languages, three screenshots and two popups: more than the default minute on a busy 2-core machine.
  it('options: the language applies at once and everywhere; the feed panel is there; every language fits', async () => {
    try {
      const saq = await browser();
      const options = track(await saq.openExtensionPage(OPTIONS));
      await pollPage(
        options,
        () => document.querySelector('[data-testid="language-select"]:not([disabled])') !== null,
        undefined,
        'the options page',
      );
      expect(await options.$('[data-testid="feed-status"]')).not.toBeNull();
      expect(await options.$('[data-testid="feed-check-now"]')).not.toBeNull();

      for (const lang of UI_LANGUAGES) {
        const m = messages(lang);
        await options.focus('[data-testid="language-select"]');
        await options.select('[data-testid="language-select"]', lang);
        await pollPage(options, (l) => document.documentElement.lang === l, lang, `the options page in ${lang}`);
        expect(await options.$eval('h1', (h) => h.textContent)).toBe(m('options_title'));
        expect(await options.evaluate(() => document.activeElement?.id)).toBe('language-select'); // focus stays
        expect(await saq.inExtension(() => chrome.storage.local.get('ui.language'), undefined)).toEqual({ 'ui.language': lang });
        expect(await layoutProblems(options)).toEqual([]);
        await screenshot(options, `${context.browserName}-${lang}-options`);
      }
      // The popup follows.
      const { tabId } = await dangerousTab(saq);
      const popup = track(await saq.openPopup(tabId));
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
      await options.select('[data-testid="language-select"]', 'ru');
      await pollPage(options, () => document.documentElement.lang === 'ru', undefined, 'Russian');
      const popupRu = track(await saq.openPopup(tabId));
      expect(await popupRu.evaluate(() => document.documentElement.lang)).toBe('ru');
      expect(await popupRu.$eval('h2#todo-title', (h) => h.textContent)).toBe(messages('ru')('todo_title'));
      // "Browser language" removes the choice.
      await options.select('[data-testid="language-select"]', 'auto');
      await eventually(
        () => saq.inExtension(() => chrome.storage.local.get('ui.language'), undefined),
        (stored) => !('ui.language' in stored),
        'the language choice removed',
      );
    } finally {
      await closeAll();
    }
  }, 120_000);

  it("options: an extension's name cannot turn round the id shown after it (a right-to-left override in the name)", async () => {
    try {
      const saq = await withOverrideHelper();
      const options = track(await saq.openExtensionPage(OPTIONS));
      await pollPage(options, () => document.querySelector('[data-testid="inventory-enable"]') !== null, undefined, 'the inventory panel');
      await options.click('[data-testid="inventory-enable"]');
      await pollPage(
        options,
        () =>
          [...document.querySelectorAll('[data-testid="inventory-entry"]')].some((entry) => entry.textContent?.includes('Coin Helper RTL')),
        undefined,
        'the renamed helper listed',
      );
      // Where the id's first and last characters are drawn: left to right, as the id reads. Firefox passes the name
      // on as written and drew the id reversed; Chromium drew it in order before the fix too.
      const order = await options.$$eval('[data-testid="inventory-entry"]', (entries) => {
        const entry = entries.find((item) => item.textContent?.includes('Coin Helper RTL'))!;
        const code = entry.querySelector('code')!;
        const text = code.firstChild!;
        const at = (index: number): number => {
          const range = document.createRange();
          range.setStart(text, index);
          range.setEnd(text, index + 1);
          return range.getBoundingClientRect().left;
        };
        return { id: code.textContent, first: at(0), last: at((code.textContent ?? '').length - 1) };
      });
      await options.$$eval('[data-testid="inventory-entry"]', (entries) =>
        entries.find((item) => item.textContent?.includes('Coin Helper RTL'))!.scrollIntoView({ block: 'center' }),
      );
      await screenshot(options, `inventory-rtl-name-${context.browserName}`);
      expect(order.first, `the id ${order.id} drawn in reverse`).toBeLessThan(order.last);
    } finally {
      await closeAll();
    }
  });

  it('options: the rules feed panel answers "check now"', async () => {
    try {
      const saq = await browser();
      const options = track(await saq.openExtensionPage(OPTIONS));
      await pollPage(options, () => document.querySelector('[data-testid="feed-check-now"]') !== null, undefined, 'the feed panel');
      await options.click('[data-testid="feed-check-now"]');
      await pollPage(
        options,
        () => document.querySelector('[data-testid="feed-check-now"]')!.getAttribute('aria-disabled') !== 'true',
        undefined,
        'the check to finish',
        45_000,
      );
      expect(await options.$eval('[data-testid="feed-status"]', (s) => s.getAttribute('data-state'))).toMatch(/^(ok|stale|error|unknown)$/);
    } finally {
      await closeAll();
    }
  });

  it('options: "Delete my data" removes settings, hidden-warning pages, the extension check opt-in and what Saq saw in open tabs', async () => {
    try {
      const saq = await browser();
      const { tabId } = await dangerousTab(saq);
      await saq.inExtension(
        () =>
          chrome.storage.local.set({
            'ui.language': 'kk',
            'ui.dismissals': { 'https://kazcoins.nationalbank.kz/kz/cart': { at: 1, severity: 'danger' } },
            'inventory.optIn': true,
          }),
        undefined,
      );
      const options = track(await saq.openExtensionPage(OPTIONS));
      await pollPage(
        options,
        () => /[1-9]/.test(document.querySelector('[data-testid="stored-tabs"]')?.textContent ?? ''),
        undefined,
        'the count of tabs with findings',
      );
      expect(await options.$('[data-testid="dismissals"] li[data-page]')).not.toBeNull();
      // Let the helper finish its clicks, so no finding from before the deletion is still in flight.
      let last = -1;
      await eventually(
        async () => {
          const count = (await saq.report(tabId)).verdicts.length;
          const settled = count === last;
          last = count;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return settled;
        },
        (settled) => settled,
        'the page to go quiet',
        30_000,
      );
      const clearedAt = Date.now();
      await options.click('[data-testid="clear-data"]');
      await pollPage(options, () => document.querySelector('[data-testid="dismissals-empty"]') !== null, undefined, 'the dismissals gone');
      expect(await options.$eval('[data-testid="stored-tabs"]', (li) => li.textContent)).toMatch(/\b0\b/);
      const stored = await saq.inExtension(() => chrome.storage.local.get(['ui.language', 'ui.dismissals', 'inventory.optIn']), undefined);
      expect(stored).toEqual({});
      // Nothing seen before the deletion is left (the helper may still be acting on the page: what it does afterwards is new).
      const after = await saq.report(tabId);
      expect(after.verdicts.filter((verdict) => verdict.finding.at < clearedAt)).toEqual([]);
      if (after.verdicts.length === 0) expect(await saq.badgeText(tabId)).toBe('');
    } finally {
      await closeAll();
    }
  });

  it("popup: a helper's repeated clicks are one line that says how many times they were seen", async () => {
    try {
      const saq = await browser();
      const { tabId } = await dangerousTab(saq);
      const helper = `https://${HELPER_CDN}/autobuy.js`;
      // The times the background judged the helper's clicks (one verdict kept per subject, with its count).
      const clicksSeen = async (): Promise<number> =>
        (await saq.report(tabId)).verdicts
          .filter((v) => v.ruleId === 'SAQ-ACT-001' && v.finding.actor.url === helper)
          .reduce((sum, v) => sum + (v.seen ?? 1), 0);
      // Settled: the same count twice, longer apart than the helper's clicks (every 150 ms).
      let settled = 0;
      await eventually(
        async () => {
          await sleep(400);
          return [settled, (settled = await clicksSeen())];
        },
        ([before, now]) => now! > 1 && now === before,
        'the helper to finish clicking',
      );
      const popup = track(await saq.openPopup(tabId));
      const shown = await popup.$eval('li[data-rule="SAQ-ACT-001"] .count', (count) => count.textContent);
      expect(shown).toBe(`×${settled}`);
      expect(await popup.$eval('li[data-rule="SAQ-ACT-001"] .sr-only', (text) => text.textContent)).toBe(
        messages('en')('finding_repeated').replace('$1', String(settled)),
      );
    } finally {
      await closeAll();
    }
  });

  it('popup: every control is reached by Tab in reading order, with a visible focus ring; settings and the extensions page open', async () => {
    try {
      const saq = await browser();
      const { tabId } = await dangerousTab(saq);
      const popup = track(await saq.openPopup(tabId));
      const expected = await popup.evaluate(() =>
        Array.from(document.querySelectorAll('a[href], button:not([disabled])')).map((el) => el.outerHTML.slice(0, 80)),
      );
      const reached: string[] = [];
      for (let i = 0; i < expected.length; i++) {
        await popup.keyboard.press('Tab');
        const focus = await popup.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return { html: el.outerHTML.slice(0, 80), ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
        });
        expect(focus.ring, `focus ring on ${focus.html}`).toBe(true);
        reached.push(focus.html);
      }
      expect(reached).toEqual(expected);
      // Every control has a name a screen reader can say; sections are labelled by their headings.
      const unnamed = await popup.evaluate(() =>
        Array.from(document.querySelectorAll('a, button, select, input'))
          .filter((el) => !(el.getAttribute('aria-label') ?? el.textContent ?? '').trim())
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unnamed).toEqual([]);
      const unlabelled = await popup.evaluate(() =>
        Array.from(document.querySelectorAll('section[aria-labelledby]'))
          .filter((section) => !document.getElementById(section.getAttribute('aria-labelledby')!)?.textContent?.trim())
          .map((section) => section.className),
      );
      expect(unlabelled).toEqual([]);
      expect(await popup.$eval('h1', (h) => h.textContent?.trim().length ?? 0)).toBeGreaterThan(0);

      // "Settings" opens the options page; the extensions page opens where the browser allows it.
      await popup.click('[data-testid="open-options"]');
      await eventually(
        () => saq.inExtension(() => chrome.extension.getViews({ type: 'tab' }).map((view) => view.location.pathname), undefined),
        (paths) => paths.includes('/src/options/index.html'),
        'the options page to open',
      );
      if (context.browserName === 'chromium') {
        await popup.bringToFront(); // the options tab took the front; headless Chromium paints (and clicks) only the front tab
        await popup.click('[data-testid="open-extensions"]');
        await eventually(
          async () => saq.browser.targets().map((target) => target.url()),
          (urls) => urls.some((url) => url.startsWith('chrome://extensions')),
          'the browser’s extensions page to open',
        );
      } else {
        // Firefox refuses about:addons in tabs.create: the popup tells the way instead.
        expect(await popup.$('[data-testid="open-extensions"]')).toBeNull();
        expect(await popup.$eval('[data-testid="what-to-do"]', (s) => s.textContent)).toContain(messages('en')('todo_open_addons_firefox'));
      }
      for (const page of await saq.browser.pages()) if (/options\/index\.html|^chrome:\/\/extensions/.test(page.url())) track(page);
    } finally {
      await closeAll();
    }
  });

  it('evidence report: one click saves JSON and HTML with the findings and no personal data', async () => {
    try {
      const saq = await browser();
      const { page, tabId } = await dangerousTab(saq);
      // A query string a helper could read (a session token) must not reach the report.
      await page.evaluate(() => history.replaceState(null, '', `${location.pathname}?session=SECRET-TOKEN-123#${location.hash.slice(1)}`));
      const popup = track(await saq.openPopup(tabId));
      const before = new Set(readdirSync(downloads));
      await popup.click('[data-testid="save-report"]');
      const saved = await eventually(
        async () => readdirSync(downloads).filter((name) => !before.has(name) && /^saq-report-.*\.(json|html)$/.test(name)),
        (names) => names.length === 2,
        'the JSON and HTML report in the downloads folder',
      );
      await pollPage(popup, () => document.querySelector('.report [role="status"].ok') !== null, undefined, 'the "saved" message');
      const json = readFileSync(
        join(
          downloads,
          saved.find((n) => n.endsWith('.json'))!,
        ),
        'utf8',
      );
      const html = readFileSync(
        join(
          downloads,
          saved.find((n) => n.endsWith('.html'))!,
        ),
        'utf8',
      );
      const report = JSON.parse(json) as {
        format: string;
        pageUrl: string;
        saqVersion: string;
        rulesVersion: string;
        findings: Array<{ explanation: string }>;
        scripts: Array<{ url: string }>;
      };
      expect(report.format).toBe('saq-evidence-report/1');
      expect(report.pageUrl).toBe(PRODUCT);
      expect(report.saqVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(report.rulesVersion).not.toBe('');
      expect(report.findings.length).toBeGreaterThan(0);
      expect(report.findings.every((finding) => finding.explanation.length > 0)).toBe(true);
      expect(report.scripts.map((script) => script.url)).toContain(`https://${HELPER_CDN}/autobuy.js`);
      for (const text of [json, html]) {
        expect(text).not.toContain('SECRET-TOKEN');
        expect(text).not.toContain('sid=');
      }
      expect(html).toContain('<html lang="en">');
      expect(html).toContain(messages('en')('report_title'));
    } finally {
      await closeAll();
    }
  });
});
