/**
 * Untrusted activation of purchase controls from worlds the page hooks never see — another extension's
 * ISOLATED world and a MV3 userscript manager's USER_SCRIPT world — against the activations a person
 * makes: keyboard (Enter, Space, as screen readers and keyboard users do) and the harmless extensions
 * next to Saq (password manager autofill, translator, dark mode, ad blocker). A page-world script that
 * creates its click and dispatches it later is named, not mistaken for another world.
 */
import { expect, it } from 'vitest';
import type { Finding } from '../../src/shared/findings.ts';
import {
  BENIGN_NEIGHBOURS,
  ISOLATED_HELPER,
  USERSCRIPT_LAUNCH,
  allowUserScripts,
  userscriptHelper,
} from '../helpers/fixture-extensions.ts';
import { pollPage, type SaqBrowser } from '../helpers/harness.ts';
import { fromCdn } from '../helpers/hostile/attacks.ts';
import { DELAYED_DISPATCH, HELPER_CDN } from '../helpers/hostile/main-world.ts';
import { serveHostilePage } from '../helpers/hostile/pages.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { keptFindings } from './kept-findings.ts';
import { afterSettling, humanPause, openShopTab, PRODUCT, rulesFire } from './sensors-rest-support.ts';

const BEHAVIOUR = 'untrusted activation';

/** Every untrusted-activation finding the background kept for the tab (verdicts coalesce them). */
const activations = (saq: SaqBrowser, tabId: number): Promise<Finding[]> => keptFindings(saq, tabId, 'untrusted-activation');
/** How many activations the background counted (each finding carries the count within its window so far). */
const dispatches = (findings: readonly Finding[]): number => Math.max(0, ...findings.map((finding) => Number(finding.evidence.count)));

describeEachBrowser('sensors-rest: untrusted activation', (context) => {
  const saqBrowser = context.blockBrowser(() => ({
    extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS, userscriptHelper(context.browserName)],
    ...USERSCRIPT_LAUNCH,
  }));
  const browser = context.browserName;

  /** A benign case: recorded for the detection table, then nothing serious, no badge (and no activation, if asked). */
  async function expectSilent(
    saq: SaqBrowser,
    tabId: number,
    task: Parameters<typeof recordCase>[0],
    caseName: string,
    noActivations = false,
  ): Promise<void> {
    const { serious, badge } = await afterSettling(saq, tabId);
    recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: false, flagged: serious.length > 0, browser });
    expect(serious).toEqual([]);
    expect(badge).toBe('');
    if (noActivations) expect(await activations(saq, tabId)).toEqual([]);
  }

  // Saq listens for clicks on the purchase controls themselves (src/content/isolated/hub.ts): a control the
  // page adds later, or one that becomes a control when a selector's attribute changes, is listened to as well.
  it.for([
    ['clicks', 'add to cart', ['SAQ-ACT-001', 'SAQ-ACT-002'], 3],
    ['clicks-new-control', 'a purchase control added after the page loaded', ['SAQ-ACT-002'], 1],
    ['clicks-renamed-control', 'a button that becomes a purchase control by its class', ['SAQ-ACT-002'], 1],
    [
      'clicks-stripped',
      "add to cart with its data-action taken off for each click (the shop's handler still runs)",
      ['SAQ-ACT-001', 'SAQ-ACT-002'],
      3,
    ],
  ] as const)('%s: catches another extension clicking %s from its isolated world', async ([mode, what, rules, clicks], { task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, mode);
    const verdicts = await rulesFire(saq, tabId, rules);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: `another extension's isolated world clicks ${what}`,
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const clicker = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-ACT-002')!;
    expect(clicker.finding.actor.type).toBe('extension');
    expect(clicker.finding.evidence).toMatchObject({ control: 'add-to-cart', event: 'click', world: 'other' });
    expect(clicker.finding.evidence.count).toBeGreaterThanOrEqual(clicks);
  });

  it('stays silent for keyboard activation (Enter and Space on the focused button, as screen readers do)', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    await page.focus('[data-action="add-to-cart"]');
    await page.keyboard.press('Enter');
    await humanPause(900, 600);
    await page.focus('[data-action="add-to-cart"]');
    await page.keyboard.press(' ');
    await expectSilent(saq, tabId, task, 'keyboard / screen-reader activation');
    // The person's Enter did buy: the shop got the cart request.
    expect(context.shop.requests.some((request) => request.path === '/api/cart/items')).toBe(true);
  });

  it('stays silent for a password manager filling the login form and for translator, dark mode and ad blocker', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, '/kz/login');
    await page.click('[data-role="login-form"] button[type="submit"]');
    const login = await afterSettling(saq, tabId);
    const product = await openShopTab(saq, PRODUCT);
    const shop = await afterSettling(saq, product.tabId, 1_500);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'password manager autofill on login',
      malicious: false,
      flagged: login.serious.length > 0,
      browser,
    });
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'translator, dark mode, ad blocker',
      malicious: false,
      flagged: shop.serious.length > 0,
      browser,
    });
    expect(login.serious).toEqual([]);
    expect(shop.serious).toEqual([]);
    // The neighbours really acted: the fields were filled and the text wrapped.
    expect(await page.$eval('[data-role="username"]', (field) => (field as HTMLInputElement).value)).not.toBe('');
    expect(await product.page.$$eval('main font', (fonts) => fonts.length)).toBeGreaterThan(0);
  });

  it("names the page's script that creates a click and dispatches it 50 ms later, and again (not another extension)", async ({ task }) => {
    const saq = await saqBrowser();
    const script = `https://${HELPER_CDN}/delayed-dispatch.js`;
    const path = await serveHostilePage(
      context.shop,
      `${PRODUCT}?hostile=delayed-dispatch`,
      PRODUCT,
      { end: fromCdn('delayed-dispatch') },
      { 'delayed-dispatch': DELAYED_DISPATCH },
    );
    const { page, tabId } = await openShopTab(saq, path);
    await pollPage(page, () => (window as { __redispatched?: boolean }).__redispatched === true, undefined, 'the second dispatch');
    // Both dispatches reported; then longer than the 250 ms an unannounced click waits before it is given to another world.
    const seen = await eventually(
      () => activations(saq, tabId),
      (found) => dispatches(found) >= 2,
      'both dispatches',
    ).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const found = await activations(saq, tabId);
    const { verdicts } = await saq.report(tabId);
    const named = verdicts.find((verdict) => verdict.ruleId === 'SAQ-ACT-001' && verdict.finding.actor.url === script);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'a page script dispatches a click it created 50 ms earlier, then the same event again',
      malicious: true,
      flagged: named !== undefined,
      browser,
    });
    expect(found.map((finding) => [finding.actor, finding.evidence.world])).toEqual(
      found.map(() => [{ type: 'script', url: script }, 'page']),
    );
    expect(seen, 'both dispatches reported').not.toBeNull();
    expect(dispatches(found)).toBe(2);
    expect(named?.finding.evidence).toMatchObject({ control: 'add-to-cart', event: 'click' });
  });

  // The usual invisible-captcha pattern (reCAPTCHA, hCaptcha, Turnstile on a button with handlers): the shop holds the
  // person's click, the provider's script calls the shop's callback with a token, and the callback clicks again.
  // Naming any trusted frame on the stack blamed the captcha for the shop's own click (SAQ-ACT-001, both browsers).
  it("stays silent for an invisible captcha whose callback, the shop's, clicks add to cart again", async ({ task }) => {
    const saq = await saqBrowser();
    context.shop.setFixture(
      '/invisible.js',
      `window.kazCaptcha = { execute(done) { setTimeout(() => done('token-' + Date.now()), 300); } };`,
      { host: 'captcha.kazpay.test', contentType: 'text/javascript' },
    );
    const path = await serveHostilePage(context.shop, `${PRODUCT}?captcha=invisible`, PRODUCT, {
      top: '<script src="https://captcha.kazpay.test/invisible.js"></script>',
      end: `<script>(() => {
  const button = document.querySelector('[data-action="add-to-cart"]');
  let passed = false;
  button.addEventListener('click', (event) => {
    if (passed) return void (passed = false);
    event.stopImmediatePropagation();
    event.preventDefault();
    window.kazCaptcha.execute(function onCaptcha(token) {
      button.dataset.captchaToken = token;
      passed = true;
      button.click();
      window.__captchaDone = true;
    });
  }, true);
})();</script>`,
    });
    const { page, tabId } = await openShopTab(saq, path);
    await page.click('[data-action="add-to-cart"]');
    await pollPage(page, () => (window as { __captchaDone?: boolean }).__captchaDone === true, undefined, 'the captcha to call back');
    await eventually(
      async () => context.shop.requests.filter((request) => request.path === '/api/cart/items').length,
      (n) => n > 0,
      'the coin added',
    );
    await expectSilent(saq, tabId, task, "invisible captcha calls the shop's callback, which clicks again (benign)");
  });

  it("stays silent for a person's click on add to cart", async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    await page.click('[data-action="add-to-cart"]');
    await expectSilent(saq, tabId, task, "a person's click on add to cart", true);
    expect(context.shop.requests.some((request) => request.path === '/api/cart/items')).toBe(true);
  });

  // document.open() erases every world's listeners on the window and the document: Saq's window listeners for the
  // events that are not only the purchase controls' (input, change, submit, focusin) too. Saq adds them again when
  // it sees the document's children replaced (src/content/isolated/lasting-listeners.ts). The page re-opens its
  // document 200 ms after load and writes a buy block of its own; `afterOpen` runs right after its call, `written` is
  // markup written into the head. `open` '': the write opens the document itself (it is loaded).
  const reopened = (afterOpen = '', written = '', open = 'document.open();'): string => `<script>
addEventListener('load', function () {
  if (document.documentElement.hasAttribute('data-opened')) return;
  setTimeout(function () {
    ${open}${afterOpen}
    document.write('<!doctype html><html data-opened=""><head><title>re-rendered</title>${written}</head><body>'
      + '<div data-role="buy-block" data-product-id="p-102"><input data-role="quantity" name="quantity" value="1">'
      + '<button data-action="add-to-cart">Add to cart</button></div></body></html>');
    document.close();
  }, 200);
});
</script>`;
  const REOPENED = reopened();
  const STOPPER = `function stopThem() {
  ['input', 'change'].forEach(function (type) { top.addEventListener(type, function (event) { event.stopImmediatePropagation(); }, true); });
}`;
  const STOP_WHEN_DISCONNECTED = `<script>${STOPPER}
customElements.define('x-stopper', class extends HTMLElement { disconnectedCallback() { stopThem(); } });
document.body.appendChild(document.createElement('x-stopper'));
</script>`;
  // Firefox runs a removed frame's pagehide and unload listeners inside the call; Chromium's never add the listener.
  const STOP_AT_FRAME_PAGEHIDE = `<script>${STOPPER}
var frame = document.createElement('iframe');
document.body.appendChild(frame);
frame.contentWindow.addEventListener('pagehide', stopThem);
frame.contentWindow.addEventListener('unload', stopThem);
</script>`;
  const WRITTEN_STOP = `<script>
addEventListener('load', function () {
  if (document.documentElement.hasAttribute('data-opened')) return;
  setTimeout(function () {
    document.write('<!doctype html><html><head><title>re-rendered</title><script>window.stop();'
      + '["input", "change"].forEach(function (type) { addEventListener(type, function (event) { event.stopImmediatePropagation(); }, true); });'
      + '<\\/script></head><body></body></html>');
    if (!document.body) document.documentElement.appendChild(document.createElement('body'));
    document.body.innerHTML = '<div data-role="buy-block" data-product-id="p-102"><input data-role="quantity" name="quantity" value="1">'
      + '<button data-action="add-to-cart">Add to cart</button></div>';
    document.documentElement.setAttribute('data-opened', '');
  }, 200);
});
</script>`;
  // The same task, a microtask before Saq's observer of the document would add its listeners again: a capture
  // listener on the window that stops input and change would run first. The hooked open() has them added at once.
  const STOPPING = `
    ['input', 'change'].forEach(function (type) {
      addEventListener(type, function (event) { event.stopImmediatePropagation(); }, true);
    });`;
  for (const [suffix, script, when] of [
    ['', REOPENED, 'after the page re-opened its document'],
    ['-stopped', reopened(STOPPING), 'after the page re-opened its document and stopped those events at once'],
    [
      '-written-stopper',
      reopened('', `<script>${STOPPING.replace(/'/g, '"').replace(/\n\s*/g, ' ')}<\\/script>`, ''),
      "after the page's write opened its document again, and a script it wrote stopped those events",
    ],
    // The written script ends the new parse first (`readyState` is no longer "loading"); the page builds its buy
    // block after the write.
    [
      '-written-stop',
      WRITTEN_STOP,
      "after the page's write opened its document again, and a script it wrote ended the parse and stopped those events",
    ],
    // Page code that runs inside the native call, after the erasing (the review of stop 59).
    [
      '-disconnected-stopper',
      STOP_WHEN_DISCONNECTED + REOPENED,
      'after the page re-opened its document, and a custom element it removed stopped those events from its disconnected callback',
    ],
    [
      '-pagehide-stopper',
      STOP_AT_FRAME_PAGEHIDE + REOPENED,
      "after the page re-opened its document, and its frame's pagehide stopped those events",
    ],
    [
      '-pagehide-stopper-write',
      STOP_AT_FRAME_PAGEHIDE + reopened('', '', ''),
      "after the page's write opened its document again, and its frame's pagehide stopped those events",
    ],
  ])
    it(`catches another extension's input events on the quantity field ${when}`, async ({ task }) => {
      const saq = await saqBrowser();
      const path = await serveHostilePage(context.shop, `/kz/product/reopened-typed${suffix}`, PRODUCT, { end: script });
      const { tabId } = await openShopTab(saq, path, 'typed-after-open');
      const typed = await eventually(
        async () => (await activations(saq, tabId)).filter((finding) => finding.evidence.event === 'input'),
        (found) => found.length > 0,
        "the other world's input event reported",
      );
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `another extension's isolated world types the quantity ${when}`,
        malicious: true,
        flagged: typed.length > 0,
        browser,
      });
      expect(typed[0]!.actor.type).toBe('extension');
      expect(typed[0]!.evidence).toMatchObject({ control: 'quantity', world: 'other' });
    });

  it('stays silent for a person typing the quantity after the page re-opened its document', async ({ task }) => {
    const saq = await saqBrowser();
    const path = await serveHostilePage(context.shop, '/kz/product/reopened-person', PRODUCT, { end: REOPENED });
    const { page, tabId } = await openShopTab(saq, path);
    await page.waitForSelector('html[data-opened] [data-role="quantity"]');
    await page.click('[data-role="quantity"]', { count: 3 });
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await expectSilent(saq, tabId, task, 'a person types the quantity after the page re-opened its document', true);
  });

  // Last in the block: once allowed, the userscript manager's auto-clicker runs on every shop page.
  it('catches a MV3 userscript manager clicking from its USER_SCRIPT world', async ({ task }) => {
    const saq = await saqBrowser();
    await allowUserScripts(saq);
    const { tabId } = await openShopTab(saq, PRODUCT);
    const verdicts = await rulesFire(saq, tabId, ['SAQ-ACT-001', 'SAQ-ACT-002']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'userscript manager (USER_SCRIPT world) clicks',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-ACT-002')!.finding.evidence.world).toBe('other');
  });
});
