/**
 * Cart and order requests at bot rates whoever sends them, requests that bypass the page hooks, polling
 * loops and reload storms — seen by the background's webRequest observer and cross-checked against the
 * page hooks — against what the shop and a person do: the shop's stock polling, lazy chunk, analytics
 * and captcha, a person adding to cart in several shop tabs at once, F5 pressed at a human pace.
 */
import { expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER } from '../helpers/fixture-extensions.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser } from './each-browser.ts';
import { afterSettling, humanPause, openShopTab, PRODUCT, rulesFire, serious, SHOP, sleep, whatWasSeen } from './sensors-rest-support.ts';

describeEachBrowser('sensors-rest: network', (context) => {
  const saqBrowser = context.blockBrowser(() => ({ extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS] }));
  const browser = context.browserName;

  it('catches a cart burst sent from another extension’s isolated world, ignoring 429s', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, 'cart-burst');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CART-003', 'SAQ-CART-004']);
    // This case has needed its retry on the first page of a fresh browser in full runs: say what was seen.
    if (!verdicts) console.info(`[${browser}] cart burst not concluded:`, await whatWasSeen(saq, tabId, context.shop.requests));
    recordCase(task, {
      behaviour: 'cart burst',
      case: "another extension's isolated-world fetch burst (unhooked, 429s ignored)",
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const unhooked = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CART-003')!;
    expect(unhooked.finding.evidence).toMatchObject({ hooksActive: true, method: 'POST', requestType: 'xmlhttprequest' });
    const refused = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CART-004')!;
    expect(refused.finding.evidence).toMatchObject({ via: 'network', seenBy: 'network' });
    // The replica really refused: the helper kept sending after 429s.
    expect(context.shop.requests.filter((request) => request.path === '/api/cart/items').length).toBeGreaterThan(10);
  });

  it('catches a cart burst posted as forms into hidden frames from another extension’s isolated world', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, 'cart-form-burst');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CART-003', 'SAQ-CART-001']);
    if (!verdicts) console.info(`[${browser}] form burst not concluded:`, await whatWasSeen(saq, tabId, context.shop.requests));
    recordCase(task, {
      behaviour: 'cart burst',
      case: "another extension's isolated world posts the cart form into 25 hidden frames (no fetch, no XHR)",
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const unhooked = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CART-003')!;
    expect(unhooked.finding.evidence).toMatchObject({ hooksActive: true, method: 'POST', requestType: 'sub_frame' });
    // The replica really took them as cart requests.
    expect(context.shop.requests.filter((request) => request.path === '/api/cart/items').length).toBeGreaterThan(10);
  });

  it('catches cart requests sent with a pristine fetch taken from an iframe', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    // Console-style code: a fresh frame's fetch has never met the page hooks.
    await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const pristineFetch = frame.contentWindow!.fetch.bind(frame.contentWindow);
      for (let i = 0; i < 8; i++) {
        void pristineFetch('/api/cart/items', {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ productId: 'p-102', qty: 1 }),
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });
    // Either layer may name it: the page hooks (the frame's realm adopted: pristine-iframe) or the network cross-check.
    const byNetwork = await rulesFire(saq, tabId, ['SAQ-CART-003'], 6_000);
    const { verdicts } = await saq.report(tabId);
    const flagged = byNetwork !== null || verdicts.some((verdict) => verdict.ruleId === 'SAQ-DEF-001');
    recordCase(task, { behaviour: 'cart burst', case: 'pristine fetch from an iframe', malicious: true, flagged, browser });
    expect(flagged).toBe(true);
    expect(serious(verdicts).length).toBeGreaterThan(0);
  });

  it('catches a script polling a shop URL at a fixed period, next to the shop’s own polling', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    await page.evaluate(() => {
      let left = 24;
      const timer = setInterval(() => {
        void fetch('/api/stock/p-102', { credentials: 'include' });
        if (--left === 0) clearInterval(timer);
      }, 250);
    });
    const verdicts = await rulesFire(saq, tabId, ['SAQ-RLD-002']);
    recordCase(task, {
      behaviour: 'polling loop',
      case: 'page-world script polls the stock endpoint every 250 ms',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const loop = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-RLD-002')!;
    expect(loop.finding.actor.type).not.toBe('page');
    expect(loop.finding.evidence).toMatchObject({ what: 'polling', url: `${SHOP}/api/stock/p-102` });
  });

  it('stays silent for the shop’s own polling, chunk, analytics and captcha, with a person buying in two tabs', async ({ task }) => {
    const saq = await saqBrowser();
    const first = await openShopTab(saq, PRODUCT);
    const second = await openShopTab(saq, '/kz/product/altyn-tulpar-gold');
    await second.page.click('[data-action="add-to-cart"]');
    await humanPause(700, 500);
    await first.page.bringToFront();
    await first.page.click('[data-action="add-to-cart"]');
    // Long enough for the stock poll (every 2 s) to repeat past the hooks' third-time threshold.
    const one = await afterSettling(saq, first.tabId, 7_000);
    const two = await afterSettling(saq, second.tabId, 0);
    recordCase(task, {
      behaviour: 'cart burst / polling',
      case: "shop's own polling, chunk, analytics, captcha; two shop tabs",
      malicious: false,
      flagged: one.serious.length + two.serious.length > 0,
      browser,
    });
    expect(one.serious).toEqual([]);
    expect(two.serious).toEqual([]);
    expect([one.badge, two.badge]).toEqual(['', '']);
    expect(context.shop.requests.filter((request) => request.path.startsWith('/api/stock/')).length).toBeGreaterThanOrEqual(6);
    expect(context.shop.requests.some((request) => request.host === 'cdn.shopmetrics.test' && request.path === '/collect')).toBe(true);
  });

  // A cart page built as an app loads its state in parallel: seven GETs of cart endpoints within a second. Reading a
  // cart is no add: it was SAQ-CART-001 (danger) in both browsers before the burst counted only requests that can
  // change a cart (src/background/derive.ts, `changesCart`; review of stop 54).
  it('stays silent for the shop’s cart page loading its state with parallel GETs', async ({ task }) => {
    context.shop.setFixture(
      '/assets/cart-app.js',
      `(function () {
        var get = function (u) { return fetch(u, { credentials: 'same-origin' }).then(function (r) { return r.status; }); };
        Promise.all([get('/api/cart/items'), get('/api/cart/summary'), get('/api/cart/delivery-options'), get('/api/cart/limits')])
          .then(function () { return Promise.all(['p-101', 'p-102', 'p-103'].map(function (id) { return get('/api/cart/items/' + id + '/stock'); })); })
          .then(function () { document.body.dataset.loaded = '1'; });
      })();`,
      { contentType: 'text/javascript' },
    );
    context.shop.setFixture(
      '/kz/cart-app',
      '<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>Себет</title></head><body><div id="app">…</div><script src="/assets/cart-app.js"></script></body></html>',
    );
    const before = context.shop.requests.length;
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, '/kz/cart-app');
    // Read off the replica, not the page: a driver's evaluation in the tab is itself what Saq reports (automation).
    const reads = (): number =>
      context.shop.requests.slice(before).filter((r) => r.method === 'GET' && r.path.startsWith('/api/cart/')).length;
    for (let waited = 0; reads() < 7 && waited < 15_000; waited += 100) await sleep(100);
    const settled = await afterSettling(saq, tabId);
    recordCase(task, {
      behaviour: 'cart burst',
      case: "the shop's cart page loading its state with seven parallel GETs",
      malicious: false,
      flagged: settled.serious.length > 0,
      browser,
    });
    expect(settled.serious).toEqual([]);
    expect(settled.badge).toBe('');
    expect(reads()).toBe(7);
  });

  it('catches a reload storm (a helper reloading the product page as fast as it loads)', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    // Navigated from the page: the bot aborts each load as it starts, which a goto would report as an error.
    await page.evaluate((url) => {
      location.href = url;
    }, `${SHOP}${PRODUCT}?saq-helper=reload`);
    const verdicts = await rulesFire(saq, tabId, ['SAQ-RLD-001'], 50_000);
    recordCase(task, {
      behaviour: 'reload storm',
      case: 'extension reloads the product page 35 times',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-RLD-001')!.finding.evidence.reloads).toBeGreaterThanOrEqual(30);
  });

  it('stays silent for a person pressing F5 at a human pace', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    for (let i = 0; i < 5; i++) {
      await humanPause(800, 1_000);
      await page.reload({ waitUntil: 'load' });
    }
    const { serious: flagged, badge } = await afterSettling(saq, tabId, 1_500);
    recordCase(task, {
      behaviour: 'reload storm',
      case: 'person presses F5 five times',
      malicious: false,
      flagged: flagged.length > 0,
      browser,
    });
    expect(flagged).toEqual([]);
    expect(badge).toBe('');
  });
});
