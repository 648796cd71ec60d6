/**
 * The signed rules feed in the built extension, in Chromium and Firefox: Saq fetches a new rule set
 * from a static feed host (the replica's https://feed.saq.test/, with GitHub Pages' headers), the
 * verdict on a helper changes, and then a tampered feed and two rolled-back feeds are refused while
 * the rules it had stay in force; the popup shows the version and the last error.
 *
 * The test build trusts a root made from throwaway test keys (tools/build/test-feed.ts); the release
 * build never does (tools/build/check-feed-anchor.ts). Mirrors are set through the test-only storage
 * key, which a release build does not read.
 */
import { expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { TEST_MIRRORS_KEY } from '../../src/background/feed-config.ts';
import type { FeedStatus } from '../../src/shared/feed/refresh.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { assembledSources } from '../../tools/build/feed-bundle.ts';
import { signTestPointer, signTestRules, testRootBytes, testRulesPath } from '../../tools/build/test-feed.ts';
import { FEED_HOST } from '../shop/config.ts';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { HELPER_EXTENSION } from '../helpers/paths.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { pollPage } from '../helpers/harness.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { messages, type UiLanguage } from './ui-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const NEW_RULE = 'SAQ-INJ-901';
const DAY = 86_400_000;

/** Version 2 as maintainers would publish it: the current set plus a rule naming the helper's CDN. */
function withHelperCdnRule(body: JsonObject): JsonObject {
  const next = structuredClone(body) as { rules: unknown[]; indicators: { hosts?: unknown[] } };
  const finding = (src: string) => ({
    kind: 'script-inserted',
    actor: { type: 'extension', extensionId: 'abcdefghijklmnopabcdefghijklmnop' },
    evidence: { src, inline: false, selfRemoved: false, sha256: '', text: '' },
    at: 0,
  });
  next.rules.push({
    id: NEW_RULE,
    kind: 'script-inserted',
    severity: 'critical',
    message: 'rule_foreign_script',
    references: ['https://kazcoins.nationalbank.kz/kz/pages/questions'],
    when: { evidence: { src: { in_indicators: ['host'] } } },
    samples: {
      positive: [finding(`https://${HELPER_CDN}/autobuy.js`)],
      negative: [finding('https://kazcoins.nationalbank.kz/static/app.js')],
    },
  });
  (next.indicators.hosts ??= []).push({ rule: NEW_RULE, values: [HELPER_CDN] });
  return next as unknown as JsonObject;
}

async function ruleIds(saq: SaqBrowser, tabId: number): Promise<string[]> {
  return (await saq.report(tabId)).verdicts.map((v) => v.ruleId);
}

/** Ask the background from an extension page, as the options page's "check now" does. */
async function checkNow(control: Page): Promise<FeedStatus> {
  return control.evaluate(() => chrome.runtime.sendMessage({ type: 'feed-check-now/popup-to-bg' })) as Promise<FeedStatus>;
}

/** What the feed panel says once it has the background's answer: its state, the plain sentence and the code. */
async function feedPanel(page: Page, state: string): Promise<{ lang: UiLanguage; sentence: string | null; code: string | null }> {
  await pollPage(
    page,
    (s) => document.querySelector('[data-testid="feed-status"]')?.getAttribute('data-state') === s,
    state,
    `the feed panel (${state})`,
  );
  return page.evaluate(() => ({
    lang: document.documentElement.lang as UiLanguage,
    sentence: document.querySelector('[data-testid="feed-error-sentence"]')?.textContent ?? null,
    code: document.querySelector('[data-testid="feed-error-code"]')?.textContent ?? null,
  }));
}

describeEachBrowser('signed rules feed', (context) => {
  it('picks up a new rule from the feed host, then refuses tampered and rolled-back feeds and keeps it', async () => {
    const feed = context.shop.feed;
    const now = Date.now();
    const sign = { issued: now - 60_000, expires: now + 30 * DAY };
    const body = assembledSources();
    const v1 = await signTestRules({ version: 1, body, ...sign });
    const v2 = await signTestRules({ version: 2, body: withHelperCdnRule(body), ...sign });
    const pointer1 = await signTestPointer({ version: 1, rules: v1, rulesVersion: 1, ...sign });
    feed.put('root/1.root.json', await testRootBytes());
    feed.put(testRulesPath(1, v1), v1);
    feed.put(testRulesPath(2, v2), v2);
    feed.put('timestamp.json', await signTestPointer({ version: 2, rules: v2, rulesVersion: 2, ...sign }));

    context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
    const saq = await context.launch({ extraExtensions: [HELPER_EXTENSION] });
    const page = await saq.newShopPage(PRODUCT);
    const tabId = await saq.tabIdOf(page);
    // The bundled, signed baseline (v1) already catches the helper, without the new rule.
    const before = await eventually(
      () => ruleIds(saq, tabId),
      (ids) => ids.includes('SAQ-INJ-001'),
      'the helper caught by the bundled rules',
    );
    expect(before).not.toContain(NEW_RULE);
    expect((await saq.report(tabId)).rulesVersion).toBe('1');

    const control = await saq.openPopup(tabId);
    await control.evaluate((key, mirrors) => chrome.storage.local.set({ [key]: mirrors }), TEST_MIRRORS_KEY, [`https://${FEED_HOST}/`]);
    const updated = await checkNow(control);
    expect(updated).toMatchObject({ state: 'ok', rulesVersion: 2, lastError: null });
    expect(context.shop.requests.filter((r) => r.host === FEED_HOST).map((r) => r.path)).toEqual(
      expect.arrayContaining(['/root/2.root.json', '/timestamp.json', `/${testRulesPath(2, v2)}`]),
    );
    // An update that went through: no error sentence and no code in the panel.
    expect(await feedPanel(await saq.openPopup(tabId), 'ok')).toMatchObject({ sentence: null, code: null });

    // The same helper on a fresh page load is now judged by the new rule too.
    await page.reload({ waitUntil: 'load' });
    const after = await eventually(
      () => ruleIds(saq, tabId),
      (ids) => ids.includes(NEW_RULE),
      'the new rule to judge the helper',
    );
    expect(after).toContain('SAQ-INJ-001');
    expect((await saq.report(tabId)).severity).toBe('critical');

    // A tampered blob (one payload byte changed, pointer re-signed to match its hash): signature fails.
    const tampered = JSON.parse(new TextDecoder().decode(await signTestRules({ version: 3, body, ...sign }))) as { payload: string };
    const payload = Buffer.from(tampered.payload, 'base64');
    payload.writeUInt8(payload.readUInt8(payload.length - 2) ^ 0x01, payload.length - 2);
    const v3 = new TextEncoder().encode(JSON.stringify({ ...tampered, payload: payload.toString('base64') }));
    feed.put(testRulesPath(3, v3), v3);
    feed.put('timestamp.json', await signTestPointer({ version: 3, rules: v3, rulesVersion: 3, ...sign }));
    expect(await checkNow(control)).toMatchObject({ rulesVersion: 2, lastError: { code: 'THRESHOLD_NOT_MET' } });

    // Rolled back: the old pointer replayed, then a fresh pointer naming the old (validly signed) rules.
    feed.put('timestamp.json', pointer1);
    expect(await checkNow(control)).toMatchObject({ rulesVersion: 2, lastError: { code: 'ROLLBACK' } });
    feed.put('timestamp.json', await signTestPointer({ version: 4, rules: v1, rulesVersion: 1, ...sign }));
    expect(await checkNow(control)).toMatchObject({ rulesVersion: 2, lastError: { code: 'ROLLBACK' } });

    // The rules it had stay in force for the next page, and the popup says which and what went wrong.
    await page.reload({ waitUntil: 'load' });
    await eventually(
      () => ruleIds(saq, tabId),
      (ids) => ids.includes(NEW_RULE),
      'the v2 rule to still judge after the refused updates',
    );
    const popup = await saq.openPopup(tabId);
    const panel = await popup.$eval('[data-testid="feed-status"]', (node) => ({
      state: node.getAttribute('data-state'),
      text: node.textContent ?? '',
    }));
    expect(panel.state).toBe('error');
    expect(panel.text).toContain('2');
    expect(panel.text).toContain('ROLLBACK');
    // Not only that the update failed: that the last good rules stay in force.
    expect(await popup.$('[data-testid="feed-kept"]')).not.toBeNull();
    // …and what happened, in the person's words (Saq's own sentence for the code), with the code kept for support;
    // the options page shows the same panel and says the same.
    for (const shown of [popup, await saq.openExtensionPage('src/options/index.html')]) {
      const { lang, sentence, code } = await feedPanel(shown, 'error');
      expect(sentence, `the sentence in ${lang}`).toBe(messages(lang)('feed_error_rollback'));
      expect(code).toBe('ROLLBACK');
    }
  });
});
