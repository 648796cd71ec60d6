/**
 * Tampering with Saq from the page world (issue 3, item 10): a pristine fetch taken from a fresh
 * iframe (by contentWindow, or by innerHTML and window[n]), the page's fetch replaced by that pristine
 * copy, Function.prototype.toString replaced, and the private channel spoofed — each ends in a finding,
 * never in silence, and the pristine copy is hooked anyway. The hooks themselves look native to page
 * code. A monitoring library that wraps fetch and addEventListener (calling through) is an info note.
 */
import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENIGN, HELPER_CDN, type MainWorldScript } from '../helpers/hostile/main-world.ts';
import { prototypeTrapsScript, trappedNames } from '../helpers/hostile/prototype-traps.ts';
import { TEST_BUILD } from '../helpers/paths.ts';
import type { Verdict } from '../../src/shared/findings.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { pollPage, type SaqBrowser } from '../helpers/harness.ts';
import {
  describeVerdicts,
  loudAfterShopScript,
  maybeVerdict,
  recordCase,
  recordMalicious,
  serve,
  settleAndListLoud,
  sharedBrowser,
  verdicts,
  visit,
} from './sensors-main-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const BEHAVIOUR = 'defence tampering';
const helper = (name: string): string => `https://${HELPER_CDN}/${name}.js`;

describeEachBrowser('MAIN-world sensors: tampering with Saq', (context) => {
  const browser = sharedBrowser(context);
  const { browserName } = context;
  /** The verdict came with this severity, naming the helper script as the actor. */
  function expectBy(verdict: Verdict | null, severity: string, name: string): void {
    expect(verdict?.severity).toBe(severity);
    expect(verdict?.finding.actor).toEqual({ type: 'script', url: helper(name) });
  }
  /** What `probe` finds in a browser without Saq: the baseline a hooked page must match. */
  async function withoutSaq<T>(probe: (browser: SaqBrowser) => Promise<T>): Promise<T> {
    const plain = await context.launch({ withSaq: false });
    try {
      return await probe(plain);
    } finally {
      await plain.close();
    }
  }

  it('catches a pristine fetch taken from a fresh iframe, and still sees its request', async ({ task }) => {
    serve(context, 'pristine-iframe');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=pristine-iframe`);
    const tamper = await maybeVerdict(saq, tabId, 'SAQ-DEF-001');
    const request = await maybeVerdict(saq, tabId, 'SAQ-EXF-001', (v) =>
      String(v.finding.evidence.url).startsWith('https://evil.example/pristine'),
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'pristine fetch from an about:blank iframe',
      malicious: true,
      flagged: tamper !== null,
      browser: browserName,
    });
    expect(tamper?.finding.evidence).toMatchObject({ what: 'pristine-iframe', target: 'HTMLIFrameElement.contentWindow' });
    expect(tamper?.finding.actor.url).toBe(helper('pristine-iframe'));
    expect(request?.finding.actor.url).toBe(helper('pristine-iframe'));
  });

  // Frames whose realm page code reaches with nothing Saq hooks in between: each helper sends the cookie with the
  // frame's own `fetch`, which is seen only when Saq adopted (hooked) that realm first. [fixture, path it sends to, case]
  const REACHED_FRAMES: Array<[MainWorldScript, string, string]> = [
    ['pristine-window-index', 'indexed', 'frame by innerHTML, fetch taken from window[n]'],
    ['pristine-window-index-reloaded', 'reloaded', 'frame navigated to srcdoc, fetch taken from window[n] at its load'],
    [
      'pristine-shadow-reloaded',
      'shadow-reloaded',
      'frame in a closed shadow root navigated to srcdoc, fetch taken from its kept window at its load',
    ],
    ['pristine-nested-reloaded', 'nested-reloaded', 'frame inside a frame navigated to srcdoc, fetch taken from window[i][0] at its load'],
    ['pristine-reopened-nested', 'pristine-reopened-nested', 'the same after document.open() on the outer frame (its listeners erased)'],
    ['pristine-rewritten-nested', 'pristine-rewritten-nested', 'the same after a write into the loaded outer frame (an implicit open)'],
    ['pristine-srcdoc-parsed-frame', 'pristine-srcdoc-parsed-frame', 'frame the parser made inside a srcdoc frame, window[n][0]'],
    ['pristine-object', 'pristine-object', '<object data=about:blank>, contentWindow at its load'],
    ['pristine-embed', 'pristine-embed', '<embed src=about:blank>, window[n]'],
    ['pristine-frame-element', 'pristine-frame-element', '<frame> put in the body, window[n]'],
    ['pristine-shop-frame', 'pristine-shop-frame', 'a frame showing a shop page (its own Saq), fetch taken at its load'],
    ['pristine-form-target', 'pristine-form-target', 'named frame given a new realm by a form targeting it, fetch taken at its load'],
    // A new realm before the frame's load: adopted when the frame's first script hands it over (frame-handover.iife.ts).
    [
      'pristine-polled-navigation',
      'pristine-polled-navigation',
      'frame sent to about:blank by its location, new realm polled for before its load',
    ],
    [
      'srcdoc-given-in-page',
      'srcdoc-given-in-page',
      "srcdoc given to a frame already in the page, its own script sending before the frame's load",
    ],
    ['srcdoc-given-in-shadow', 'srcdoc-given-in-shadow', 'the same, the frame in a closed shadow root'],
    ['srcdoc-given-nested', 'srcdoc-given-nested', 'the same, the frame inside a same-origin frame'],
    ['srcdoc-given-reopened', 'srcdoc-given-reopened', 'the same after document.open() on the outer frame (its window’s listeners erased)'],
    [
      'ready-stopped-at-host',
      'ready-stopped-at-host',
      "srcdoc given to a frame in a closed shadow root whose host stops the handover's event (a listener added before Saq's)",
    ],
    [
      'ready-stopped-at-root',
      'ready-stopped-at-root',
      "the same, its shadow root stopping the handover's event (the page's listener added before the frame was put there)",
    ],
    [
      'ready-stopped-rewritten',
      'ready-stopped-rewritten',
      "srcdoc given to a frame inside a same-origin frame after a write into its loaded document (its window's listeners erased), the written script stopping the handover's event",
    ],
    // Held at the review of the handover: listeners added after Saq's, a frame moved, a frame in a frame in a shadow
    // root, a sandboxed frame, a javascript: URL's document.
    [
      'ready-stopped-in-page',
      'ready-stopped-in-page',
      "srcdoc given to a frame in the page whose window, document and element stop the handover's event (listeners after Saq's)",
    ],
    ['srcdoc-given-moved', 'srcdoc-given-moved', "srcdoc given to a frame then moved at once into a same-origin frame's document"],
    [
      'srcdoc-given-shadow-nested',
      'srcdoc-given-shadow-nested',
      'srcdoc given to a frame inside a same-origin frame in a closed shadow root',
    ],
    ['srcdoc-given-sandboxed', 'srcdoc-given-sandboxed', 'srcdoc given to a sandboxed frame (allow-scripts allow-same-origin) in the page'],
    ['javascript-url-frame', 'javascript-url-frame', 'loaded srcdoc frame sent to a javascript: URL whose markup result sends'],
    [
      'popup-renavigated',
      'popup-renavigated',
      'popup the helper opened on a shop page and sent to about:blank, its new realm polled for (no frame element)',
    ],
    ['pristine-inserthtml', 'pristine-inserthtml', "frame made by execCommand('insertHTML'), window[n] at once"],
    [
      'pristine-declarative-shadow',
      'pristine-declarative-shadow',
      'srcdoc frame in a closed declarative shadow root (setHTMLUnsafe), its window from MessageEvent.source',
    ],
  ];
  /** Loads the product page with the helper `fixture`, and waits for the verdict on its request to evil.example's `path`. */
  async function sendOf(fixture: MainWorldScript, path: string): Promise<Verdict | null> {
    serve(context, fixture);
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=${fixture}`);
    return maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => String(v.finding.evidence.url).startsWith(`https://evil.example/${path}?`));
  }
  /** Whether the helper's request to evil.example's `path` reached the replica at all. */
  const attacked = (path: string): boolean =>
    context.shop.requests.some((request) => request.host === 'evil.example' && request.path.startsWith(`/${path}?`));
  for (const [fixture, path, caseName] of REACHED_FRAMES)
    it(`still hooks a frame's realm: ${caseName}`, async ({ task, skip }) => {
      const request = await sendOf(fixture, path);
      // A route some browser versions do not run: Firefox ESR 140 loads no srcdoc into a frame inside a same-origin
      // frame, with or without Saq, so the helper's request is never made and there is nothing to see.
      if (request === null && !attacked(path)) return skip(`the helper's route does not run in this ${browserName}`);
      recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: true, flagged: request !== null, browser: browserName });
      expect(request?.finding.actor.url).toBe(helper(fixture));
    });

  // Open gap (docs/security.md): a frame's new realm reached between the navigation's commit and the document's
  // first script, where frame-handover.iife.ts runs. Recorded in the detection table, not asserted.
  it("records a frame's realm reached before its first script: srcdoc realm polled for by window[n]", async ({ task }) => {
    const fixture = 'pristine-polled-srcdoc';
    const request = await sendOf(fixture, fixture);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'srcdoc realm polled for by window[n] before its first script',
      malicious: true,
      flagged: request !== null,
      browser: browserName,
    });
    // The helper did send: what is recorded is Saq's miss, not a fixture that never ran.
    await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith(`/${fixture}?`)),
      (sent) => sent,
      `the helper's request to /${fixture}`,
    );
  });

  it("leaves the page's own events of the handover's type to its listeners (Saq listens first where they listen)", async () => {
    const saq = await browser();
    const { page } = await visit(saq, PRODUCT);
    const heard = await page.evaluate(() => {
      const type = 'saq:frame-ready/v1';
      const seen: string[] = [];
      window.addEventListener(type, () => seen.push('window'), true);
      const box = document.body.appendChild(document.createElement('div'));
      box.addEventListener(type, () => seen.push('box'));
      box.dispatchEvent(new Event(type, { bubbles: true }));
      window.dispatchEvent(new Event(type));
      return seen;
    });
    // No frame sent them: Saq's listeners, added before the page's, let them go on.
    expect(heard).toEqual(['window', 'box', 'window']);
  });

  // Page code dispatching the events Saq adopts frames at, at a frame that holds 200 frames. A walk of them all at
  // each event cost 170 (handover) and 255 (load) times a light frame's event in Chromium, 48 and 95 in Firefox.
  const FORGED: Array<[string, string]> = [
    ['handover', 'saq:frame-ready/v1'],
    ['load', 'load'],
  ];
  for (const [name, type] of FORGED)
    it(`spends no walk of the frames a frame holds on forged ${name} events`, async () => {
      const saq = await browser();
      const { page } = await visit(saq, PRODUCT);
      const costs = await page.evaluate((type) => {
        const light = document.body.appendChild(document.createElement('iframe'));
        const holding = document.body.appendChild(document.createElement('iframe'));
        const doc = holding.contentDocument!;
        for (let i = 0; i < 200; i++) doc.body.appendChild(doc.createElement('iframe'));
        const perEvent = (frame: HTMLIFrameElement, n: number): number => {
          const start = performance.now();
          for (let i = 0; i < n; i++) frame.dispatchEvent(new Event(type));
          return (performance.now() - start) / n;
        };
        perEvent(light, 100); // warm-up
        return { light: perEvent(light, 2000), holding: perEvent(holding, 500) };
      }, type);
      expect(costs.holding).toBeLessThan(costs.light * 10);
    });

  it("stays silent for the shop's own popup sent to about:blank for a receipt (its next realm handed over)", async ({ task }) => {
    const script = { name: 'receipt-popup', script: BENIGN['receipt-popup'], doneFlag: '__receipt' };
    const loud = await loudAfterShopScript(context, await browser(), script);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "the shop's receipt popup sent to about:blank, its script asking the shop for stock",
      malicious: false,
      flagged: loud.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(loud)).toEqual([]);
  });

  it("still hooks a blob: frame's next document before its first script", async ({ task }) => {
    const fixture = 'blob-frame-next-page';
    const request = await sendOf(fixture, fixture);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'frame sent from one blob: page the helper made to another, whose own script sends',
      malicious: true,
      flagged: request?.finding.evidence.via === 'fetch',
      browser: browserName,
    });
    // Seen by the hooked fetch of the new realm (its code named by its blob: address); before the handover ran in
    // blob: documents, Chromium saw nothing and Firefox only the network timeline's request, with no actor.
    expect(request?.finding.evidence.via).toBe('fetch');
    expect(String(request?.finding.actor.url)).toMatch(/^blob:https:\/\/kazcoins\.nationalbank\.kz\//);
  });

  // Open gap (docs/security.md), as for the polled srcdoc: the realm of a blob: document is there before its first
  // script, and a helper polling window[n] reached it first in either browser, in some runs. Recorded in the detection
  // table, not asserted.
  it("records a frame's realm reached before its first script: the shop's blob: receipt's next page polled for", async ({ task }) => {
    const fixture = 'blob-realm-polled';
    serve(context, fixture);
    context.shop.setFixture('/assets/blob-receipt.js', BENIGN['blob-receipt'], { contentType: 'text/javascript' });
    context.shop.setFixture(
      '/kz/blob-receipt',
      '<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Ілбіс</h1><script src="/assets/blob-receipt.js"></script></body></html>',
    );
    const saq = await browser();
    await visit(saq, PRODUCT); // the shop's cookie: that page starts the session
    const { tabId } = await visit(saq, `/kz/blob-receipt?saq-tag=${fixture}`);
    const request = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
      String(v.finding.evidence.url).startsWith(`https://evil.example/${fixture}?`),
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "the shop's blob: receipt's next page, its realm polled for by window[0] before its first script",
      malicious: true,
      flagged: request?.finding.actor.url === helper(fixture),
      browser: browserName,
    });
    // The helper did send: what is recorded is Saq's miss, not a fixture that never ran.
    await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith(`/${fixture}?`)),
      (sent) => sent,
      `the helper's request to /${fixture}`,
    );
  });

  it('still hooks the realm of a srcdoc frame whose own script sends', async ({ task }) => {
    serve(context, 'srcdoc-frame');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=srcdoc-frame`);
    const request = await maybeVerdict(saq, tabId, 'SAQ-EXF-001', (v) =>
      String(v.finding.evidence.url).startsWith('https://evil.example/srcdoc'),
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'srcdoc frame sends with its own realm’s fetch',
      malicious: true,
      flagged: request !== null,
      browser: browserName,
    });
    expect(request?.finding.evidence.via).toBe('fetch');
    // The srcdoc's code is named by its address, about:srcdoc; the helper wrote it (main/attribution.ts).
    expect(request?.finding.actor).toEqual({ type: 'script', url: helper('srcdoc-frame') });
  });

  it('catches the page’s fetch replaced by a pristine copy', async ({ task }) => {
    serve(context, 'restore-fetch');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=restore-fetch`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-DEF-001', (v) => v.finding.evidence.replacement === 'native-other-realm');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'window.fetch replaced by a pristine copy',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ what: 'pristine-iframe', target: 'window.fetch' });
  });

  it('catches Function.prototype.toString replaced', async ({ task }) => {
    serve(context, 'tostring-patch');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=tostring-patch`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-DEF-004');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'Function.prototype.toString replaced',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ what: 'tostring-patched', replacement: 'script' });
    expect(verdict?.finding.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Its replacement calls through to Saq's toString, whose stack names it (the shop's own would be an info note).
    expect(verdict?.finding.actor).toEqual({ type: 'script', url: helper('tostring-patch') });
  });

  it('catches page code imitating Saq’s private channel', async ({ task }) => {
    serve(context, 'spoof-channel');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=spoof-channel`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-DEF-006');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'spoofed private-channel hello',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.severity).toBe('danger');
    // The forged report it sent (posted right after the hello) never became a finding of its own.
    expect((await verdicts(saq, tabId)).filter((v) => v.finding.kind === 'script-inserted' && v.finding.actor.type === 'page')).toEqual([]);
  });

  it('keeps its hooks looking native to page code', async () => {
    const saq = await browser();
    const { page } = await visit(saq, PRODUCT);
    const looks = await page.evaluate(() => {
      const native = (fn: unknown) => /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn));
      const hooks: Array<[string, unknown]> = [
        ['fetch', window.fetch],
        ['addEventListener', EventTarget.prototype.addEventListener],
        ['appendChild', Node.prototype.appendChild],
        ['click', HTMLElement.prototype.click],
        ['send', XMLHttpRequest.prototype.send],
        ['toString', Function.prototype.toString],
        ['Function', Function],
        ['WebSocket', WebSocket],
        ['setTimeout', setTimeout],
      ];
      const cookieGetter = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!.get!;
      let newFetchError = '';
      try {
        new (window.fetch as unknown as new () => object)();
      } catch (error) {
        newFetchError = (error as Error).constructor.name;
      }
      return {
        allNative: hooks.every(([, fn]) => native(fn)) && native(cookieGetter),
        names: hooks.map(([, fn]) => (fn as { name: string }).name),
        fetchOwnKeys: Reflect.ownKeys(window.fetch),
        fetchLength: window.fetch.length,
        cookieGetterName: cookieGetter.name,
        newFetchError,
        functionIdentity: Function.prototype.constructor === Function && (() => 0).constructor === Function,
        webSocketIdentity: WebSocket.prototype.constructor === WebSocket,
        // The page's own `new Function` still compiles (through Reflect.construct: the lint bans the literal form in our code).
        functionWorks: (Reflect.construct(Function, ['a', 'return a + 1']) as (a: number) => number)(1) === 2,
      };
    });
    expect(looks).toEqual({
      allNative: true,
      names: ['fetch', 'addEventListener', 'appendChild', 'click', 'send', 'toString', 'Function', 'WebSocket', 'setTimeout'],
      fetchOwnKeys: ['length', 'name'],
      fetchLength: 1,
      cookieGetterName: 'get cookie',
      newFetchError: 'TypeError',
      functionIdentity: true,
      webSocketIdentity: true,
      functionWorks: true,
    });
  });

  it('leaves no built-in function looking like script: every hook in every interface, in the page and a frame, passes toString', async () => {
    // A page with no script of its own: any function whose text is not native is one of Saq's hooks.
    context.shop.setFixture(
      '/kz/no-script',
      '<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Ілбіс</h1></body></html>',
    );
    const saq = await browser();
    const { page } = await visit(saq, '/kz/no-script');
    const sweep = await page.evaluate(() => {
      const toText = Function.prototype.toString;
      const native = (fn: unknown) => /\{\s*\[native code\]\s*\}\s*$/.test(toText.call(fn));
      const leaks: string[] = [];
      let functions = 0;
      const check = (owner: object, label: string) => {
        for (const key of Reflect.ownKeys(owner)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(owner, key)!;
          for (const slot of ['value', 'get', 'set'] as const) {
            const fn: unknown = descriptor[slot];
            if (typeof fn !== 'function') continue;
            functions++;
            if (!native(fn)) leaks.push(`${label}.${String(key)} (${slot})`);
          }
        }
      };
      const sweep = (win: Window & typeof globalThis, realm: string) => {
        check(win, `${realm}window`);
        for (const name of Object.getOwnPropertyNames(win)) {
          const value: unknown = Reflect.getOwnPropertyDescriptor(win, name)?.value;
          if (typeof value !== 'function' || typeof (value as { prototype?: unknown }).prototype !== 'object') continue;
          check(value, `${realm}${name}`);
          check((value as { prototype: object }).prototype, `${realm}${name}.prototype`);
        }
        check(win.document, `${realm}document`);
      };
      sweep(window, '');
      // A same-origin frame's realm gets the same hooks (pristine-frames sensor): they must pass too.
      const frame = document.body.appendChild(document.createElement('iframe'));
      sweep(frame.contentWindow as Window & typeof globalThis, 'frame: ');
      return { leaks, checked: functions > 4000 };
    });
    expect(sweep).toEqual({ leaks: [], checked: true });
  });

  it('runs no toString of the page that the browser would not: hooked calls on the wrong object, with too few arguments, after a throw', async () => {
    // Every probe makes the browser throw before it makes text of its arguments (or, for the controls, makes
    // it once). Saq turns objects into text itself before a hooked call; it must not where the browser would
    // not — a page counting the calls could tell Saq is there. Compared with a browser without Saq.
    const probe = async (saq: SaqBrowser): Promise<Record<string, number>> => {
      const page = await saq.newShopPage(PRODUCT);
      return page.evaluate(() => {
        const counts: Record<string, number> = {};
        const probe = (label: string, call: (text: object, failing: object) => void): void => {
          let calls = 0;
          const text = { toString: () => (calls++, '<b title=x>x</b>') };
          const failing = {
            toString: () => {
              throw new Error('no');
            },
          };
          try {
            call(text, failing);
          } catch {
            // The probes throw; the count is what matters.
          }
          counts[label] = calls;
        };
        const set = (proto: object, key: string) => Object.getOwnPropertyDescriptor(proto, key)!.set!;
        const div = document.createElement('div');
        const plain = {};
        probe('innerHTML on a plain object', (t) => set(Element.prototype, 'innerHTML').call(plain, t));
        probe('innerHTML on a text node', (t) => set(Element.prototype, 'innerHTML').call(document.createTextNode('x'), t));
        probe('outerHTML on a plain object', (t) => set(Element.prototype, 'outerHTML').call(plain, t));
        probe('insertAdjacentHTML with one argument', (t) => Reflect.apply(div.insertAdjacentHTML, div, [t]));
        probe('insertAdjacentHTML on a plain object', (t) => Element.prototype.insertAdjacentHTML.call(plain, 'beforeend', t as never));
        probe('insertAdjacentHTML after a position that throws', (t, failing) => div.insertAdjacentHTML(failing as never, t as never));
        probe('shadow root innerHTML on an element', (t) => set(ShadowRoot.prototype, 'innerHTML').call(div, t));
        probe('createContextualFragment on a plain object', (t) => Range.prototype.createContextualFragment.call(plain, t as never));
        probe('DOMParser with one argument', (t) => Reflect.apply(DOMParser.prototype.parseFromString, new DOMParser(), [t]));
        probe('document.write on a plain object', (t) => Document.prototype.write.call(plain, t as never));
        probe('execCommand on a plain object', (t) => Document.prototype.execCommand.call(plain, 'insertHTML', false, t as never));
        probe('setAttribute on a plain object', (t) => Element.prototype.setAttribute.call(plain, t as never, 'x'));
        probe('setAttribute with one argument', (t) => Reflect.apply(div.setAttribute, div, [t]));
        probe('setAttributeNS with two arguments', (t) => Reflect.apply(div.setAttributeNS, div, [null, t]));
        probe('XHR open on a plain object', (t) => Reflect.apply(XMLHttpRequest.prototype.open, plain, [t, t]));
        probe('XHR open with one argument', (t) => Reflect.apply(XMLHttpRequest.prototype.open, new XMLHttpRequest(), [t]));
        probe('sendBeacon on a plain object', (t) => Navigator.prototype.sendBeacon.call(plain, t as never));
        probe('document.open on a plain object', (t) => Reflect.apply(Document.prototype.open, plain, [t, 'x', '']));
        probe('addEventListener with one argument', (t) => Reflect.apply(div.addEventListener, div, [t]));
        probe('addEventListener on a plain object', (t) => Reflect.apply(EventTarget.prototype.addEventListener, plain, [t, () => {}]));
        probe('control: addEventListener on an element', (t) => Reflect.apply(div.addEventListener, div, [t, () => {}]));
        // From the review of the first version: a StaticRange passes AbstractRange's getters; a symbol, or a method that
        // is no byte string, fails before the next argument; a DOM constructor called without `new`.
        probe('createContextualFragment on a StaticRange', (t) =>
          Reflect.apply(
            Range.prototype.createContextualFragment,
            new StaticRange({ startContainer: div, startOffset: 0, endContainer: div, endOffset: 0 }),
            [t],
          ),
        );
        probe('insertAdjacentHTML after a symbol', (t) => Reflect.apply(div.insertAdjacentHTML, div, [Symbol('position'), t]));
        probe('setAttributeNS after a symbol', (t) => Reflect.apply(div.setAttributeNS, div, [Symbol('ns'), t, 'v']));
        probe('document.write after a symbol', (t) =>
          Reflect.apply(Document.prototype.write, document.implementation.createHTMLDocument(''), [Symbol('w'), t]),
        );
        probe('XHR open with a method no byte string holds', (t) => new XMLHttpRequest().open('\u0100', t as never));
        probe('WebSocket called without new', (t) => Reflect.apply(WebSocket, undefined, [t]));
        probe('Worker called without new', (t) => Reflect.apply(Worker, undefined, [t]));
        // Stop 32: receivers checked by a call of their own (DOMParser), or as a window (fetch, timers, open).
        probe('DOMParser on a plain object', (t) => Reflect.apply(DOMParser.prototype.parseFromString, plain, [t, 'text/html']));
        probe('fetch on a plain object', (t) => void Reflect.apply(fetch, plain, [t]));
        probe(
          'fetch on a plain object, its init method an object',
          (t) => void Reflect.apply(fetch, plain, ['/api/stock/probe', { method: t }]),
        );
        probe('setTimeout on a plain object', (t) => Reflect.apply(setTimeout, plain, [t]));
        probe('window.open on a plain object', (t) => Reflect.apply(open, plain, [t]));
        // Controls: calls the browser makes text for, once each.
        probe('control: innerHTML on an element', (t) => set(Element.prototype, 'innerHTML').call(div, t));
        probe('control: setAttribute on an element', (t) => div.setAttribute(t as never, 'x'));
        probe('control: XHR open', (t) => new XMLHttpRequest().open(t as never, '/api/stock/probe'));
        probe('control: DOMParser', (t) => new DOMParser().parseFromString(t as never, 'text/html'));
        probe('control: fetch with no receiver', (t) => void Reflect.apply(fetch, undefined, [t]).catch(() => {}));
        return counts;
      });
    };
    const baseline = await withoutSaq(probe);
    expect(Object.entries(baseline).filter(([label, n]) => n !== (label.startsWith('control:') ? 1 : 0))).toEqual([]);
    expect(await probe(await browser())).toEqual(baseline);
  });

  it('leaves a call with no receiver in a frame it hooks where the browser puts it: in that frame', async () => {
    // A frame Saq hooks itself (about:blank, filled by script): its natives called bare, as a page may hold them.
    // Saq's bundle once ran sloppy, so its wrapper was handed the top window as `this` and passed it on.
    const probe = async (saq: SaqBrowser) => {
      const page = await saq.newShopPage(PRODUCT);
      return page.evaluate(() => {
        const frame = document.body.appendChild(document.createElement('iframe'));
        const win = frame.contentWindow as Window & typeof globalThis;
        const landed: string[] = [];
        const add = win.addEventListener;
        // Where the listener went: the target the event is at when it fires.
        add('saq-probe', (event: Event) =>
          landed.push(event.currentTarget === win ? 'frame' : event.currentTarget === window ? 'top' : 'other'),
        );
        const remove = win.removeEventListener;
        win.dispatchEvent(new win.Event('saq-probe'));
        window.dispatchEvent(new Event('saq-probe'));
        const outcome = (call: () => unknown): string => {
          try {
            call();
            return 'returned';
          } catch (error) {
            return (error as Error).name;
          }
        };
        const dispatch = win.dispatchEvent;
        return {
          landed,
          dispatch: outcome(() => dispatch(new win.Event('saq-probe'))),
          fetch: outcome(() => Reflect.apply(win.fetch, undefined, ['/api/stock/probe'])),
          open: outcome(() => Reflect.apply(win.XMLHttpRequest.prototype.open, undefined, ['GET', '/'])),
          remove: outcome(() => remove('saq-probe', () => {})),
          timer: outcome(() => Reflect.apply(win.setTimeout, undefined, [() => {}, 0])),
          atob: outcome(() => Reflect.apply(win.atob, undefined, ['YQ=='])),
        };
      });
    };
    const baseline = await withoutSaq(probe);
    // Dispatched at the frame, at the top window, then by the frame's dispatchEvent called bare (at the frame).
    expect(baseline.landed).toEqual(['frame', 'frame']);
    expect(await probe(await browser())).toEqual(baseline);
  });

  it('is not blinded through Object.prototype: a Proxy trap put there, data descriptors made to inherit `get`', async ({ task }) => {
    serve(context, 'poisoned-prototype');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=poisoned-prototype`);
    await pollPage(page, () => (window as { __poisonedTook?: boolean }).__poisonedTook !== undefined, undefined, 'the helper to run');
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
      String(v.finding.evidence.url).startsWith('https://evil.example/poisoned-get'),
    );
    const worker = await maybeVerdict(saq, tabId, 'SAQ-INJ-003', (v) => v.finding.evidence.how === 'worker');
    recordMalicious(task, BEHAVIOUR, browserName, [
      [sent, 'cookie sent while every data descriptor inherits `get`'],
      [worker, 'a worker started from a constructor taken through a `get` trap on Object.prototype'],
    ]);
    // The trap never ran: the hooked Worker's handler has no prototype to find it on.
    expect(await page.evaluate(() => (window as { __poisonedTook?: boolean }).__poisonedTook)).toBe(false);
    // Named, not `unknown`: the stack capture's descriptors read nothing the page put on Object.prototype.
    expectBy(sent, 'critical', 'poisoned-prototype');
    expectBy(worker, 'danger', 'poisoned-prototype');
  });

  it("is not fooled through fields Saq's own objects leave out: a stack frame's `extension`, a listener's `once`", async ({ task }) => {
    serve(context, 'poisoned-fields');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=poisoned-fields`);
    const fetched = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
      String(v.finding.evidence.url).startsWith('https://evil.example/poisoned-extension'),
    );
    // Firefox 140 replaces a new frame's first about:blank document when it loads, and the forms the helper put
    // there never post: nothing leaves, so there is nothing to catch. Judged wherever the post reaches the sink
    // (Chromium always; Firefox 153 too).
    const postedOut = await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith('/poisoned-once')),
      Boolean,
      'the post at the sink',
      3_000,
    ).catch(() => false);
    if (browserName === 'chromium') expect(postedOut, 'the post at the sink').toBe(true);
    const posted = postedOut
      ? await maybeVerdict(
          saq,
          tabId,
          'SAQ-EXF-003',
          (v) => String(v.finding.evidence.url).startsWith('https://evil.example/poisoned-once') && v.finding.evidence.via === 'form',
        )
      : null;
    recordMalicious(task, BEHAVIOUR, browserName, [
      [fetched, 'cookie sent while Object.prototype.extension and .evaled are true'],
      ...(postedOut
        ? ([[posted, "cookie posted by a frame's second form, its realm adopted while Object.prototype.once was true"]] as const)
        : []),
    ]);
    // The helper, not another extension: every frame Saq reads has its own `extension` and `evaled`.
    expectBy(fetched, 'critical', 'poisoned-fields');
    if (postedOut) expectBy(posted, 'critical', 'poisoned-fields');
  });

  it('is not blinded by a `then` on Object.prototype that holds back stream reads and digests', async ({ task }) => {
    serve(context, 'poisoned-then');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=poisoned-then`);
    const cookie = await page.evaluate(() => document.cookie);
    const sent = await maybeVerdict(
      saq,
      tabId,
      'SAQ-EXF-003',
      (v) => String(v.finding.evidence.url).startsWith('https://evil.example/poisoned-then') && v.finding.evidence.via === 'fetch',
    );
    const inserted = await maybeVerdict(saq, tabId, 'SAQ-INJ-004', (v) => v.finding.evidence.text === 'window.__poisonedThenRan = true;');
    recordMalicious(task, BEHAVIOUR, browserName, [
      [sent, 'cookie sent in a fetch body while Object.prototype.then holds stream reads back'],
      [inserted, 'inline script inserted while Object.prototype.then holds digests back'],
    ]);
    // The body was read (its size), and the hash is the text's own: nothing came back through the page's `then`.
    expect(sent?.finding.evidence.bytes).toBe(cookie.length);
    expect(sent?.finding.actor).toEqual({ type: 'script', url: helper('poisoned-then') });
    expect(inserted?.finding.evidence.sha256).toBe(createHash('sha256').update('window.__poisonedThenRan = true;').digest('hex'));
  });

  it('is not blinded by a stored value no URL can encode (half a surrogate pair)', async ({ task }) => {
    serve(context, 'poisoned-storage');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=poisoned-storage`);
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.url === 'https://evil.example/poisoned-storage');
    recordMalicious(task, BEHAVIOUR, browserName, [[sent, 'cookie posted while the page stores a value with a lone surrogate']]);
    expect(await page.evaluate(() => sessionStorage.getItem('saq-poison')?.length)).toBe(9);
    expect(sent?.finding.actor).toEqual({ type: 'script', url: helper('poisoned-storage') });
  });

  it('is not blinded by a page clearing every timer id while it acts (batching, hashing, the hook check)', async ({ task }) => {
    serve(context, 'timer-clearing');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=timer-clearing`);
    // Polled from here: a wait inside the page runs on the page's timers, which the helper clears.
    await eventually(
      () => page.evaluate(() => (window as { __cleared?: boolean }).__cleared === true),
      Boolean,
      'the helper to finish clearing timers',
      30_000,
    );
    const sends = [];
    for (const path of ['cleared-1', 'cleared-2', 'cleared-3'])
      sends.push(
        await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => String(v.finding.evidence.url).startsWith(`https://evil.example/${path}?`)),
      );
    // The helper's inline script, as it builds it.
    const text = `var __pad = "${'x'.repeat(200_000)}"; document.querySelector("[data-action=add-to-cart]").click(); window.__bigRan = 1;`;
    const sha256 = createHash('sha256').update(text).digest('hex');
    const inserted = await maybeVerdict(saq, tabId, 'SAQ-INJ-004', (v) => v.finding.evidence.sha256 === sha256);
    const click = await maybeVerdict(
      saq,
      tabId,
      'SAQ-ACT-001',
      (v) => v.finding.actor.type === 'inline' && v.finding.actor.sha256 === sha256,
    );
    const swapped = await maybeVerdict(saq, tabId, 'SAQ-DEF-001', (v) => v.finding.evidence.what === 'pristine-iframe');
    recordMalicious(task, BEHAVIOUR, browserName, [
      [sends[0]!, 'cookie sent while the page clears every timer id (first of three sends)'],
      [sends[1]!, 'cookie sent while the page clears every timer id (second, a few ms later: batched)'],
      [sends[2]!, 'cookie sent while the page clears every timer id (third)'],
      [inserted, '200 KB inline script inserted while the page clears every timer id (hashed in steps)'],
      [click, 'add to cart clicked by that inline script (its actor hashed in steps)'],
      [swapped, "fetch swapped for a pristine frame's while the page clears every timer id (the hook check)"],
    ]);
    expect(await page.evaluate(() => (window as { __bigRan?: number }).__bigRan)).toBe(1);
    for (const verdict of sends) expect(verdict?.finding.actor).toEqual({ type: 'script', url: helper('timer-clearing') });
    expect(inserted?.finding.evidence.sha256Skipped).toBeUndefined();
    expect(click).not.toBeNull();
    expect(swapped).not.toBeNull();
  });

  it("reads and writes nothing through the page's Object.prototype while a helper acts (every name its bundle uses)", async () => {
    const bundle = readFileSync(resolve(TEST_BUILD[browserName], 'src/content/main-world.iife.js'), 'utf8');
    const names = trappedNames(bundle);
    context.shop.setFixture('/prototype-traps.js', prototypeTrapsScript(names), { host: HELPER_CDN, contentType: 'text/javascript' });
    const saq = await browser();
    // A shop page that polls nothing: the product page's stock poll hands fetch an init of the shop's own, whose
    // fields the browser reads on its behalf through Saq's hook (as in the control), and the WebRTC act may
    // outlast a poll interval.
    const { page } = await visit(saq, `/kz/pages/questions?saq-tag=prototype-traps`);
    await pollPage(page, () => (window as { __trapped?: unknown }).__trapped !== undefined, undefined, 'the traps to come off');
    const {
      names: trapped,
      seen,
      sent,
    } = await page.evaluate(
      () =>
        (
          window as unknown as {
            __trapped: { names: number; seen: { name: string; access: string; phase: string; at: string }[]; sent: number };
          }
        ).__trapped,
    );
    expect(trapped).toBe(names.length);
    expect(sent, "the data channel's sends, under the traps").toBe(2);
    // The control: fetch's init is the page's own object, and Saq reads its fields: the trap sees Saq's frames here.
    expect(seen.filter((s) => s.phase === 'control').length, 'Saq read through the traps in the control').toBeGreaterThan(0);
    expect(seen.filter((s) => s.phase !== 'control')).toEqual([]);
  });

  // core-js (most Babel builds) and zone.js (every Angular app) replace Function.prototype.toString so that their own
  // functions look native, as a stealth kit does: each was SAQ-DEF-004 (warning) on every page of a shop built with
  // them. The shop's own replacement calls through to Saq's, whose stack then names it: an info note, as any wrapper.
  for (const polyfill of ['polyfill-tostring', 'zone-tostring'] as const)
    it(`keeps the shop's own polyfill that makes its functions look native at an info note (${polyfill})`, async ({ task }) => {
      context.shop.setFixture(`/assets/${polyfill}.js`, BENIGN[polyfill], { contentType: 'text/javascript' });
      context.shop.setFixture(
        `/kz/${polyfill}`,
        `<!doctype html><html lang="kk"><head><meta charset="utf-8"><script src="/assets/${polyfill}.js"></script></head><body><h1>Ілбіс</h1></body></html>`,
      );
      const saq = await browser();
      const { page: tab, tabId } = await visit(saq, `/kz/${polyfill}`);
      await pollPage(tab, () => typeof (window as { __polyfilled?: unknown }).__polyfilled === 'string', undefined, 'the polyfill');
      const info = await maybeVerdict(saq, tabId, 'SAQ-DEF-005', (v) => v.finding.evidence.target === 'Function.prototype.toString');
      const noisy = await settleAndListLoud(saq, tabId);
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `the shop's own polyfill replaces Function.prototype.toString (${polyfill === 'zone-tostring' ? 'zone.js' : 'core-js'})`,
        malicious: false,
        flagged: noisy.length > 0,
        browser: browserName,
      });
      expect(describeVerdicts(noisy)).toEqual([]);
      expect(info?.severity).toBe('info');
      // Named after the shop's own file (a first-party file's actor is the page's: main/attribution.ts).
      expect(info?.finding.actor).toEqual({ type: 'page', url: `https://kazcoins.nationalbank.kz/assets/${polyfill}.js` });
    });

  // A helper that puts its own toString over the shop's polyfill after load (review of stop 54): the hook was reported
  // once, when the polyfill replaced it, and never again. This one also hands its call through to a promise reaction
  // of the polyfill's own function, so that Saq's toString, asked later, saw only the shop's frames.
  it("reports a helper's toString put over the shop's own polyfill after load, laundered through a reaction", async ({ task }) => {
    context.shop.setFixture('/assets/polyfill-tostring.js', BENIGN['polyfill-tostring'], { contentType: 'text/javascript' });
    context.shop.setFixture(
      '/late-tostring.js',
      `setTimeout(function () {
        var shops = Function.prototype.toString, callShops = Function.prototype.call.bind(shops);
        Function.prototype.toString = function toString() {
          Promise.resolve(this).then(callShops);
          return 'function () { [native code] }';
        };
        window.__latePatched = true;
      }, 1500);`,
      { host: HELPER_CDN, contentType: 'text/javascript' },
    );
    context.shop.setFixture(
      '/kz/late-tostring',
      `<!doctype html><html lang="kk"><head><meta charset="utf-8"><script src="/assets/polyfill-tostring.js"></script>` +
        `<script src="${helper('late-tostring')}"></script></head><body><h1>Ілбіс</h1></body></html>`,
    );
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, '/kz/late-tostring');
    await pollPage(tab, () => (window as { __latePatched?: boolean }).__latePatched === true, undefined, "the helper's toString");
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-DEF-004');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "a helper's toString over the shop's polyfill after load, its call through laundered into a reaction",
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.severity).toBe('warning');
    expect(verdict?.finding.evidence).toMatchObject({ what: 'tostring-patched', replacement: 'script' });
  });

  it('keeps a monitoring library that wraps fetch and addEventListener at an info note', async ({ task }) => {
    context.shop.setFixture('/monitor.js', BENIGN.monitoring, { host: 'cdn.shopmetrics.test', contentType: 'text/javascript' });
    context.shop.setFixture(
      '/kz/monitored',
      `<!doctype html><html lang="kk"><head><meta charset="utf-8"><script src="https://cdn.shopmetrics.test/monitor.js"></script></head><body><h1>Ілбіс</h1></body></html>`,
    );
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/monitored');
    const info = await maybeVerdict(saq, tabId, 'SAQ-DEF-005');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'monitoring library wraps fetch/addEventListener',
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
    expect(info?.severity).toBe('info');
  });
});
