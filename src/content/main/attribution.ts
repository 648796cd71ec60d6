/**
 * Who called a hooked function, read from the JavaScript call stack at the moment of the call.
 *
 * The stack is read into frames by stack-frames.ts (the formats of both engines are listed there). In
 * Chromium it is read off V8's call sites (v8-call-sites.ts): a script file's frame by its address, the rest
 * by their text, so a URL code only claims for itself with `//# sourceURL=` reads as code with no URL.
 * Firefox prints a claimed URL like a script's own and has no call sites: there, once code Saq sees being
 * made (an inline script, `new Function`, a string timer) by anyone but the shop claims a URL, frames at
 * that URL are read as code with no URL for the rest of the document's life (`claim`). Code made by a direct
 * `eval` is not seen being made: its claim alone still passes in Firefox.
 *
 * The actor is the innermost frame that is neither the shop nor one of its trusted providers: a helper
 * calling the shop's own function still taints the call, and a trusted library in between does not hide
 * it. Frames with no URL name an inline script (when `document.currentScript` is one inserted after the
 * parse, whose text we know) or anonymous code. Page code can install Error.prepareStackTrace or shrink
 * stackTraceLimit; both are neutralised for the duration of our capture.
 *
 * A srcdoc document's own scripts are named by its address, `about:srcdoc` — the same for every srcdoc frame, and
 * no host of the shop's. Whoever wrote the srcdoc wrote that code, so such frames are read by the srcdoc writers
 * seen (`srcdocWritten`, called wherever a script gives a frame in the document a srcdoc: its setter, an attribute
 * write, markup, the frame inserted): as the shop's while the shop and its providers are the only writers, as the
 * writer's when one other actor wrote them all, and as a stranger at `about:srcdoc` otherwise — including before any
 * writer was seen. A frame whose srcdoc document starts (frame-handover.iife.ts, `srcdocStarted`) when no script
 * gave it that srcdoc got it from the HTML its document was parsed from: the shop's own page, or markup written by
 * one of the writers above (a srcdoc frame's own HTML), so it counts as the shop's only while no writer was seen;
 * a srcdoc written by a route no hook sees would read as the shop's then too. One answer for the
 * whole document, as the address does not say which frame: once a helper writes a srcdoc, the shop's srcdoc code
 * reads as the helper's too, never a helper's as the shop's.
 */
import type { Actor } from '../../shared/findings.ts';
import { currentScript, dateNow, pageDocument, pageHref, regExpExec, resolveUrl } from './natives.ts';
import { append, safeList, SafeSet, SafeWeakMap, SafeWeakSet, type SafeList } from './safe-collections.ts';
import type { Site } from './site.ts';
import { isPageSide } from './sensor.ts';
import { extensionBase, extensionIdOf, parseStack, readSites, siteBase, type Frame, type ParsedStack } from './stack-frames.ts';
import { MAX_CHAIN, type Scheduling, type Schedulings } from './scheduled.ts';
import { captureStack, stackLater } from './stack-capture.ts';
import { callSiteReader } from './v8-call-sites.ts';
import { createPageInline } from './page-inline.ts';
import { tokenBucket } from '../../shared/token-bucket.ts';

const CAPTURE_BURST = 64;
/** `//# sourceURL=<url>` (or the older `//@`): every one in a text, the engines honour the last. */
const SOURCE_URL = /\/\/[#@][ \t]*sourceURL[ \t]*=[ \t]*([^\s'"]+)/g;
const CAPTURES_PER_SECOND = 100;
/** The address engines give a srcdoc document's scripts (see the header). */
const SRCDOC = 'about:srcdoc';

export interface Attributed {
  actor: Actor;
  /** Text of the inline script that acted, hashed into actor.sha256 before the finding leaves. Read with `inlineTextOf` (sensor.ts). */
  text?: string;
  /**
   * The inline script that acted, while the profile has not said yet whether the shop's side inserted it (its
   * first run, before the profile arrived): its findings wait for that (`MainSensorContext.actorOf`). Read with
   * `undecidedSideOf` (sensor.ts).
   */
  side?: InlineSide;
}

/** Whether the shop's side (the shop, or a provider the profile trusts) inserted an inline script: decided once the profile is known. */
export interface InlineSide {
  page: boolean;
  decided: boolean;
}

export function createAttribution(site: Site, schedulings?: Schedulings) {
  /** Inline scripts inserted after the parse: whether the shop's side inserted them, and their text. */
  const inlineScripts = new SafeWeakMap<object, InlineSide & { text: string }>();
  /**
   * What a stack shows beyond its actor, for the sensors that care: automation frames, and eval'd code
   * (eval itself cannot be wrapped: a wrapper would turn every direct eval into an indirect one and
   * change the scope the page's code runs in, so eval'd code is seen when it reaches a hook).
   */
  const listeners: { automation: (frame: string) => void; eval: (by: Actor) => void } = {
    automation: () => undefined,
    eval: () => undefined,
  };
  /**
   * Saq's own base URL in stacks (Chrome; '' in Firefox), read off the first stack an attribution takes,
   * whose innermost frame is Saq's: a stack taken at install for it cost every shop document an Error
   * (0.1–0.4 ms, timed in the page), though most documents never need a stack.
   */
  let own: string | undefined;
  /** Inline scripts the shop's side inserted: in Chromium named by V8's hash of their code, in Firefox while only theirs ran (page-inline.ts). */
  const pageInline = createPageInline();
  /** Chromium: stacks read off V8's call sites, so a URL code only claims is not read (v8-call-sites.ts). */
  const sites = callSiteReader({ inserted: pageInline, url: pageHref });

  /**
   * The call stack read into frames, or null when page code made it unreadable (stack-capture.ts). Chromium's
   * is read off the call sites, its script files' frames without any text made or parsed (stack-frames.ts,
   * readSites); Firefox's is text.
   */
  function readStack(): ParsedStack | null {
    return readCaptured(captureStack(30, sites?.prepare));
  }

  /** A stack as captureStack or stackLater wrote it, read into frames (see readStack). */
  function readCaptured(stack: unknown): ParsedStack | null {
    if (sites) {
      if (!sites.made(stack)) return null;
      own ??= siteBase(stack);
      return readSites(stack, own);
    }
    if (typeof stack !== 'string') return null;
    own ??= extensionBase(stack);
    // Firefox's injected inline scripts read as the document's own while they can only be the shop's side's.
    return parseStack(stack, own, pageInline.shopsOnly() ? pageHref() : '');
  }

  /** Array.prototype.find is the page's to replace: a loop. */
  function first(list: SafeList<Frame>, test: (f: Frame) => boolean): Frame | undefined {
    for (let i = 0; i < list.length; i++) if (test(list[i]!)) return list[i];
    return undefined;
  }
  /** Firefox: URLs code other than the shop's claimed (see the header). */
  const claimed = new SafeSet<string>();
  /** Reads the URLs a piece of code made by someone other than the shop claims for itself (Firefox only). */
  function claim(code: string): void {
    if (sites || code.length < 16) return;
    SOURCE_URL.lastIndex = 0;
    for (let match = regExpExec(SOURCE_URL, code); match !== null; match = regExpExec(SOURCE_URL, code)) {
      const url = match[1]!;
      claimed.add(url);
      try {
        claimed.add(resolveUrl(url));
      } catch {
        // Not a URL: it is printed as written.
      }
    }
  }
  const isClaimed = (f: Frame): boolean => claimed.size > 0 && claimed.has(f.url);

  /**
   * Who wrote the document's srcdocs (see the header): null before any writer was seen, 'shop' while only the shop
   * and its providers wrote them, the one other writer, or 'many' once two others (or another and an unnamed one) did.
   */
  let srcdocWriter: null | 'shop' | 'many' | Attributed = null;
  const srcdocIsShop = (f: Frame): boolean => srcdocWriter === 'shop' && f.url === SRCDOC;
  const foreign = (f: Frame): boolean => f.url !== '' && site.originOf(f.url) === 'foreign' && !srcdocIsShop(f);
  function actorOfUrl(url: string): Actor {
    const extensionId = extensionIdOf(url);
    return extensionId ? { type: 'extension', url, extensionId } : { type: 'script', url };
  }

  /**
   * Stack captures left (a token bucket: CAPTURE_BURST, refilled at CAPTURES_PER_SECOND). A page that
   * floods the hooks (10,000 script insertions) gets `unknown` actors past the budget: its acts are
   * still reported and judged (unknown is not the shop), only their authors blur, and Saq's share of
   * the main thread stays bounded.
   */
  const mayCapture = tokenBucket(CAPTURE_BURST, CAPTURES_PER_SECOND, dateNow);

  /**
   * Names who is calling right now. Costs a stack capture: call it only for calls worth naming.
   * `inListener`: called from Saq's own event listener (a navigation, a form's submit), where a stack with no
   * page frame means the browser started it — the person's click, a parsed refresh — and so the page.
   * `budgeted`: false for a capture made once per document at most (hook-tamper's toString probe), which a page
   * that spent the budget must not turn into a wrong answer.
   */
  function attribute(inListener = false, budgeted = true): Attributed {
    if (budgeted && !mayCapture()) return { actor: { type: 'unknown' } };
    const stack = readStack();
    // A stack the page made unreadable names nobody — and must not name the shop.
    if (stack === null) return { actor: { type: 'unknown' } };
    const named = actorOfStack(stack, inListener, true);
    // No stranger on the stack: the act is the shop's own, or nobody's — unless a stranger scheduled the callback
    // running now (`setTimeout(shopAddToCart, 0, 1)`, `setTimeout(fetch, 0, url)`: scheduled.ts).
    if (named.actor.type === 'unknown' || isPageSide(named.actor, site)) return scheduledBy(schedulings?.running() ?? null) ?? named;
    return named;
  }

  /** Each scheduling's answer, read once: an interval runs its callback again and again. */
  const scheduledAnswers = new SafeWeakMap<object, Attributed | 'shop' | null>();

  /**
   * The stranger who scheduled the running callback, or the callback that scheduled it, and so on back: null when a
   * scheduler was the shop's own — the shop's code scheduled it, so the chain before it is the shop's business (a
   * stranger's timer that once ran the shop's start-up does not own every timer the shop then keeps: its poller's
   * ticks an hour later) — or when no scheduler's stack was taken (a page past the budget) or can be read. A scheduling
   * whose stack names nobody (natives and bound functions only: `setTimeout(requestAnimationFrame, 0, …)`) passes the
   * question to its parent.
   */
  function scheduledBy(scheduling: Scheduling | null): Attributed | null {
    for (let depth = 0; scheduling !== null && depth < MAX_CHAIN; depth++, scheduling = scheduling.parent) {
      const error = scheduling.error;
      if (error === null) continue;
      let answer = scheduledAnswers.get(error);
      if (answer === undefined) {
        const stack = readCaptured(stackLater(error, sites?.prepare));
        answer = stack === null ? null : schedulerOf(stack);
        scheduledAnswers.set(error, answer);
      }
      if (answer === 'shop') return null;
      if (answer !== null) return answer;
    }
    return null;
  }

  /**
   * Who a scheduler's stack says scheduled: a stranger, the shop (`'shop'`), or nobody (null). As for an act, except
   * that a stranger's frames between the hook and a frame of the shop's only passed the shop's own call on — a tag
   * manager's, a timer booster's or another extension's wrapper of `setTimeout` that calls the real one: the shop
   * called it, with the shop's callback, and what lies outside the shop's frame decides (a helper that called the
   * shop's code there is still named). Without this, every timer-driven act of the shop — its debounced add to cart,
   * its API client — was named after whoever wrapped the timers.
   */
  function schedulerOf(stack: ParsedStack): Attributed | 'shop' | null {
    const list = stack.frames;
    let at = 0;
    while (at < list.length && strangerFrame(list[at]!)) at++;
    let outer = stack;
    if (at > 0 && at < list.length) {
      const frames = safeList<Frame>();
      for (let i = at; i < list.length; i++) append(frames, list[i]!);
      outer = { frames, automation: stack.automation };
    }
    const named = actorOfStack(outer, false, false);
    if (named.actor.type === 'unknown') return null;
    return isPageSide(named.actor, site) ? 'shop' : named;
  }

  /** A frame that is not the shop's nor a trusted provider's: another extension's, a foreign script's, or code with no URL. */
  const strangerFrame = (f: Frame): boolean => f.extension === true || !f.url || foreign(f) || isClaimed(f);

  /**
   * The actor a stack names (see the header). `now`: the stack of the call being made, whose eval'd code and
   * automation frames are told to the sensors that report them; a scheduler's stack read later is not.
   */
  function actorOfStack(stack: ParsedStack, inListener: boolean, now: boolean): Attributed {
    const { frames: list, automation } = stack;
    const evaled = first(list, (f) => f.evaled === true);
    if (now && evaled && (!evaled.url || foreign(evaled))) listeners.eval(evaled.url ? actorOfUrl(evaled.url) : { type: 'anonymous' });
    if (automation) {
      if (now) listeners.automation(automation);
      return { actor: { type: 'automation' } };
    }
    // Inside a hook, nothing but Saq's own frames: a native the page bound and handed to a timer, a promise or
    // an event (`setTimeout(click.bind(button))`) runs with no page frame at all. That names nobody — not the shop.
    if (list.length === 0 && !inListener) return { actor: { type: 'unknown' } };
    // The innermost frame that is not the shop's decides: another extension's code, a foreign script,
    // or code with no URL (an inline script inserted after the parse — named by its text — or anonymous).
    const decisive = first(list, strangerFrame);
    if (decisive?.extension) return { actor: { type: 'extension' } };
    if (decisive?.url === SRCDOC && !isClaimed(decisive)) {
      const writer = srcdocWriter;
      if (writer !== null && typeof writer === 'object')
        return writer.text === undefined ? { actor: { ...writer.actor } } : { actor: { ...writer.actor }, text: writer.text };
    }
    if (decisive?.url && !isClaimed(decisive)) return { actor: actorOfUrl(decisive.url) };
    if (decisive) {
      const record = inlineScripts.get(currentScript(pageDocument) as object);
      if (record?.page) return { actor: { type: 'page', url: pageHref() } };
      if (record && !record.decided) return { actor: { type: 'inline' }, text: record.text, side: record };
      return record ? { actor: { type: 'inline' }, text: record.text } : { actor: { type: 'anonymous' } };
    }
    // No stranger on the stack: the shop (its files, its srcdoc frames' code) and its trusted providers only. A frame of
    // the shop's makes it the shop's call — its own callback a provider ran (an invisible captcha's, which clicks "add
    // to cart" again), or a provider's library it called (jQuery's `trigger`). Only a call whose frames are all a
    // provider's names it, by its innermost frame. (Naming any provider on the stack blamed the captcha for the
    // shop's own click.)
    const shop = first(list, (f) => site.originOf(f.url) !== 'trusted');
    if (shop || list.length === 0) return { actor: { type: 'page', url: shop?.url ?? pageHref() } };
    return { actor: { type: 'script', url: list[0]!.url } };
  }

  /** Frames a script gave a srcdoc (by any route a hook sees); another frame's srcdoc came with the HTML. */
  const scriptedSrcdocs = new SafeWeakSet<object>();
  /** A script just gave `frame` a srcdoc: its writer named (a stack capture), for that code's frames. */
  function srcdocWritten(frame: object): void {
    scriptedSrcdocs.add(frame);
    if (srcdocWriter === 'many') return;
    const who = attribute();
    if (isPageSide(who.actor, site)) srcdocWriter ??= 'shop';
    else if (srcdocWriter === null || srcdocWriter === 'shop') srcdocWriter = who;
    else if (!sameActor(srcdocWriter, who)) srcdocWriter = 'many';
  }

  /** A frame's srcdoc document starts: one no script gave came with the parsed HTML (see the header). */
  function srcdocStarted(frame: object): void {
    if (!scriptedSrcdocs.has(frame)) srcdocWriter ??= 'shop';
  }

  return { attribute, claim, inlineScripts, pageInline, listeners, srcdocStarted, srcdocWritten };
}

/** The same code: the same kind and address, and for an inline script the same text. */
const sameActor = (a: Attributed, b: Attributed): boolean =>
  a.actor.type === b.actor.type && a.actor.url === b.actor.url && a.text === b.text && a.actor.type !== 'unknown';

export type Attribution = ReturnType<typeof createAttribution>;
