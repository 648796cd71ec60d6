/**
 * Who called a hooked function, read from the JavaScript call stack at the moment of the call.
 *
 * Frame formats (Chromium 156, Firefox ESR 153; tests/e2e/sensors-main-*.e2e.ts exercise each):
 * - a script file, or a parser-inserted inline script (the document's URL): Chrome
 *   `at fn (https://host/a.js:1:2)`, Firefox `fn@https://host/a.js:1:2`;
 * - code with no URL — an inline script inserted after the parse, the console, a `javascript:` URL, a
 *   string timer: Chrome `at <anonymous>:1:5`; Firefox `… line 4 > injectedScript:1:6`,
 *   `debugger eval code:1:1`, `javascript:…:1:6`;
 * - eval / new Function: Chrome `at eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1)` (a
 *   Function body starts on line 3), Firefox `https://host/a.js line 3 > eval:1:6` (or `> Function`);
 * - Puppeteer/Playwright evaluations: `pptr:…`, `__puppeteer_evaluation_script__`, `__playwright…`;
 * - extension code in the MAIN world: Chrome `chrome-extension://<id>/file.js:1:2`; Firefox shows every
 *   MAIN-world extension script, Saq's included, as `<anonymous code>`: Saq's own frames there end at
 *   its wrapper (`w@`, or a Proxy trap), and a later `<anonymous code>` frame is another extension's.
 *
 * The actor is the innermost frame that is neither the shop nor one of its trusted providers: a helper
 * calling the shop's own function still taints the call, and a trusted library in between does not hide
 * it. Frames with no URL name an inline script (when `document.currentScript` is one inserted after the
 * parse, whose text we know) or anonymous code. Page code can install Error.prepareStackTrace or shrink
 * stackTraceLimit; both are neutralised for the duration of our capture.
 */
import type { Actor } from '../../shared/findings.ts';
import { currentScript, defineProperty, deleteProperty, errorStackGetter, getOwnPropertyDescriptor, reflectApply } from './natives.ts';
import { dateNow, NativeError as E, NativeWeakMap, pageDocument, pageHref, regExpExec, startsWith } from './natives.ts';
import type { Site } from './site.ts';

const AUTOMATION = /pptr:|__puppeteer_evaluation_script__|__playwright_evaluation_script__/;
/** Chrome `at name (location)` / `at location`, Firefox `name@location`. */
const FRAME = /^\s*(?:at (?:.*? \()?(.*?)\)?|([^@]*)@(.*))$/;
const POSITION = /:\d+(?::\d+)?$/;
const FIREFOX_DYNAMIC = / line \d+ > (eval|Function)$/;
const INJECTED = / line \d+ > injectedScript:\d/;
const CHROME_EVAL = /^eval at .*?\(((?:https?|blob|data|chrome-extension|moz-extension):\S+?):\d+:\d+\), <anonymous>:(\d+)|^eval at /;
const NO_URL = /^(?:<anonymous>:|debugger eval code|javascript:)/;
const EXTENSION = /^(?:chrome|moz)-extension:\/\/([^/]+)/;
const FIREFOX_EXTENSION_CODE = '<anonymous code>';
// `Async*w`: Firefox names an async parent frame by its cause (when it records async stacks: DevTools
// open, a WebDriver session). Saq's hooked setTimeout shows up so; it is not another extension's code.
const FIREFOX_WRAPPER = /^(?:[^*@]*\*)?(?:w|apply|construct)$/;
const CAPTURE_BURST = 64;
const CAPTURES_PER_SECOND = 100;
const SAQ_MADE = /^<anonymous code> line \d+ > (?:Function|eval)/;
const HAS_SCHEME = /^[a-z][\w+.-]*:/i;
const STACK_KNOBS = ['stackTraceLimit', 'prepareStackTrace'] as const;

export interface Attributed {
  actor: Actor;
  /** Text of the inline script that acted, hashed into actor.sha256 before the finding leaves. */
  text?: string;
}

interface Frame {
  /** '' for code with no URL. */
  url: string;
  /** Another extension's MAIN-world code (Firefox, where it has no URL). */
  extension?: boolean;
  /** Inside eval'd code; `url` is the script that ran the eval. */
  evaled?: boolean;
}

export function createAttribution(site: Site) {
  /** Inline scripts inserted after the parse: whether the page inserted them, and their text. */
  const inlineScripts = new NativeWeakMap<object, { page: boolean; text: string }>();
  /**
   * What a stack shows beyond its actor, for the sensors that care: automation frames, and eval'd code
   * (eval itself cannot be wrapped: a wrapper would turn every direct eval into an indirect one and
   * change the scope the page's code runs in, so eval'd code is seen when it reaches a hook).
   */
  const listeners: { automation: (frame: string) => void; eval: (by: Actor) => void } = {
    automation: () => undefined,
    eval: () => undefined,
  };
  let own = '';

  /**
   * The call stack as text, or null when page code made it unreadable. The two knobs are swapped by
   * descriptor, never read or assigned: a page can make them accessors that throw (and V8 captures no
   * stack at all while stackTraceLimit is not a number), and in Firefox it can replace the `stack`
   * getter on Error.prototype with one that lies (tests/e2e/hostile-getters.e2e.ts).
   */
  function rawStack(): string | null {
    const saved = STACK_KNOBS.map((key) => getOwnPropertyDescriptor(E, key));
    try {
      defineProperty(E, 'stackTraceLimit', { value: 30, writable: true, enumerable: true, configurable: true });
      defineProperty(E, 'prepareStackTrace', { value: undefined, writable: true, enumerable: false, configurable: true });
      const error = new E();
      const ownStack = getOwnPropertyDescriptor(error, 'stack');
      const stack = ownStack
        ? ownStack.get
          ? reflectApply(ownStack.get, error, [])
          : ownStack.value
        : errorStackGetter && reflectApply(errorStackGetter, error, []);
      return typeof stack === 'string' ? stack : null;
    } catch {
      return null;
    } finally {
      STACK_KNOBS.forEach((key, i) => {
        try {
          const descriptor = saved[i];
          if (descriptor) defineProperty(E, key, descriptor);
          else deleteProperty(E, key);
        } catch {
          // Made non-configurable by the page after we read it: nothing to restore.
        }
      });
    }
  }

  /** One stack line; null for frames that say nothing (builtins, Saq's own, the `Error` header). */
  function frame(line: string, automation: string[]): Frame | null {
    const auto = regExpExec(AUTOMATION, line);
    if (auto) automation.push(auto[0]);
    const match = regExpExec(FRAME, line);
    const location = match?.[1] ?? match?.[3] ?? '';
    const evalAt = regExpExec(CHROME_EVAL, location);
    const mine = (url: string): boolean => own !== '' && startsWith(url, own);
    // Code made by Saq's Function hook on the page's behalf: the frames below it name its maker.
    if ((evalAt && mine(evalAt[1] ?? '')) || regExpExec(SAQ_MADE, location)) return null;
    // new Function bodies start on line 3 of their synthetic source, eval'd code on line 1.
    if (evalAt) return { url: evalAt[1] ?? '', evaled: Number(evalAt[2] ?? 1) < 3 };
    // An injected inline script runs under its inserter's location, but nobody shipped it with the page.
    if (regExpExec(NO_URL, location) || regExpExec(INJECTED, location)) return { url: '' };
    if (startsWith(location, FIREFOX_EXTENSION_CODE)) {
      // Saq's own wrapper deeper in the stack (a hooked call that led to another): not an extension's code.
      if (regExpExec(FIREFOX_WRAPPER, line.trim().split('@')[0]!)) return null;
      return { url: '', extension: true };
    }
    let url = location.replace(POSITION, '');
    if (!regExpExec(HAS_SCHEME, url) || mine(url)) return null;
    const dynamic = regExpExec(FIREFOX_DYNAMIC, url);
    if (dynamic) url = url.slice(0, dynamic.index);
    return { url, evaled: dynamic?.[1] === 'eval' };
  }

  function frames(automation: string[]): Frame[] | null {
    const raw = rawStack();
    if (raw === null) return null;
    const lines = raw.split('\n');
    // Firefox: Saq's own leading frames end at its wrapper (or, outside a hook, with the leading run).
    let leading = 0;
    let ownUntil = -1;
    for (; leading < lines.length && lines[leading]!.includes(FIREFOX_EXTENSION_CODE); leading++)
      if (regExpExec(FIREFOX_WRAPPER, lines[leading]!.split('@')[0]!)) ownUntil = leading;
    const parsed: Frame[] = [];
    for (const line of lines.slice((ownUntil < 0 ? leading - 1 : ownUntil) + 1)) {
      const f = frame(line, automation);
      if (f) parsed.push(f);
    }
    return parsed;
  }

  const foreign = (f: Frame): boolean => f.url !== '' && site.originOf(f.url) === 'foreign';
  function actorOfUrl(url: string): Actor {
    const extension = regExpExec(EXTENSION, url);
    return extension ? { type: 'extension', url, extensionId: extension[1]! } : { type: 'script', url };
  }

  /**
   * Stack captures left (a token bucket: CAPTURE_BURST, refilled at CAPTURES_PER_SECOND). A page that
   * floods the hooks (10,000 script insertions) gets `unknown` actors past the budget: its acts are
   * still reported and judged (unknown is not the shop), only their authors blur, and Saq's share of
   * the main thread stays bounded.
   */
  let tokens = CAPTURE_BURST;
  let refilledAt = dateNow();

  /** Names who is calling right now. Costs a stack capture: call it only for calls worth naming. */
  function attribute(): Attributed {
    const now = dateNow();
    tokens = Math.min(CAPTURE_BURST, tokens + ((now - refilledAt) * CAPTURES_PER_SECOND) / 1000);
    refilledAt = now;
    if (tokens < 1) return { actor: { type: 'unknown' } };
    tokens--;
    const automation: string[] = [];
    const list = frames(automation);
    // A stack the page made unreadable names nobody — and must not name the shop.
    if (list === null) return { actor: { type: 'unknown' } };
    const evaled = list.find((f) => f.evaled);
    if (evaled && (!evaled.url || foreign(evaled))) listeners.eval(evaled.url ? actorOfUrl(evaled.url) : { type: 'anonymous' });
    if (automation[0]) {
      listeners.automation(automation[0]);
      return { actor: { type: 'automation' } };
    }
    // The innermost frame that is not the shop's decides: another extension's code, a foreign script,
    // or code with no URL (an inline script inserted after the parse — named by its text — or anonymous).
    const decisive = list.find((f) => f.extension || !f.url || foreign(f));
    if (decisive?.extension) return { actor: { type: 'extension' } };
    if (decisive?.url) return { actor: actorOfUrl(decisive.url) };
    if (decisive) {
      const record = inlineScripts.get(currentScript(pageDocument) as object);
      if (record?.page) return { actor: { type: 'page', url: pageHref() } };
      return record ? { actor: { type: 'inline' }, text: record.text } : { actor: { type: 'anonymous' } };
    }
    const trusted = list.find((f) => site.originOf(f.url) === 'trusted');
    return { actor: trusted ? { type: 'script', url: trusted.url } : { type: 'page', url: list[0]?.url ?? pageHref() } };
  }

  // Saq's own bundle is the extension URL in a stack taken now, at install time (Chrome; none in Firefox).
  own = /(?:chrome|moz)-extension:\/\/[^/]+\//.exec(rawStack() ?? '')?.[0] ?? '';

  return { attribute, inlineScripts, listeners };
}

export type Attribution = ReturnType<typeof createAttribution>;
