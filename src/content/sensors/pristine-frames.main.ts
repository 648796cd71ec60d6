/**
 * The "pristine iframe" trick: a same-origin frame (about:blank, srcdoc, sandboxed with
 * allow-same-origin) has its own realm with untouched `fetch`, `addEventListener` and
 * `Function.prototype.toString`. Saq adopts every such realm the moment page code can reach it, so a copy
 * taken from it is hooked too:
 * - when a frame element (`<iframe>`, `<frame>`, `<object>`) is inserted (script-insertion sensor) or made by
 *   markup (to an element or a shadow root), and when `contentWindow` / `contentDocument` is read;
 * - when a same-origin window is opened (`window.open`, or `document.open` with a URL);
 * - when a frame loads (a srcdoc or a navigation replaces its realm), heard in every adopted document and in
 *   the shadow roots frames are met in; with it, the frames the loaded one holds (its parser made them);
 * - after `execCommand` (`insertHTML` puts markup at the caret), and when a same-origin message's `source` is read;
 * - when an about:blank or about:srcdoc frame's first script says its new realm is there (frame-handover.iife.ts):
 *   before the frame's own scripts run, which the load comes too late for (a popup's document tells its opener).
 * Code other than the shop's reaching into a same-origin frame is reported: it is how the trick starts. What is
 * left (a new realm polled for before its load) is in docs/security.md, "What Saq cannot see".
 */
import { FRAME_READY_EVENT } from '../frame-ready.ts';
import { hookMarkup } from '../main/markup.ts';
import { timelineLoaded } from './frame-timeline.main.ts';
import {
  documentView,
  eventTarget,
  frameWindowOf,
  getRootNode,
  hasAttribute,
  listen,
  localName,
  messageOrigin,
  nodeType,
  pageLocation,
  stopImmediatePropagation,
} from '../main/natives.ts';
import { safeList, SafeWeakMap, SafeWeakSet } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor, type MainSensorContext, type Realm } from '../main/sensor.ts';
import { onListenerAdded } from '../main/listeners-added.ts';

/** Markup that makes an element holding a window of its own. */
const HAS_FRAME = /<(?:iframe|frame|object|embed)\b/i;
const FRAMES = 'iframe,frame,object,embed';
/**
 * Windows one walk of a loaded frame's own frames visits, at any depth (a bound for hostile pages). Chromium lets a
 * page hold 1,000 frames in all, so there it is every frame; frames nested in a frame load before it does, where no
 * listener hears them yet, and this walk is what adopts them. A fixed depth and width were a way past it (a 33rd
 * sibling, a fifth level: stop 49's review).
 */
const MAX_WALK = 1000;
/** Popups remembered for their next realms (the latest ones): a page opens a few, and each forged handover visits them. */
const MAX_OPENED = 64;

/**
 * One load listener per document (a function added twice to a target is added once): every realm adopted later
 * shares the top's. It adopts what a loaded frame holds, and listens in the frame's current document too.
 */
interface Loads {
  adoptLoaded: (event: Event) => void;
  adoptTree: (win: unknown) => void;
  listenAround: (frameElement: unknown) => void;
  /** Listens at a window (or any target) for its frames' FRAME_READY_EVENT (before page code can, if it can). */
  listenForReady: (target: unknown) => void;
  /** A window the page opened (window.open, document.open with a URL): its next realms hand over to its opener. */
  rememberOpened: (win: unknown) => void;
}
const loadsByContext = new SafeWeakMap<MainSensorContext, Loads>();

function loadsOf(context: MainSensorContext): Loads {
  const known = loadsByContext.get(context);
  if (known) return known;
  const options = { capture: true, signal: context.signal };
  /**
   * Adopts a window, listens for loads in its document, and adopts its own frames (by index: `win[i]` is what
   * page code reads, and the page cannot redefine it): a frame's parser makes frames no hooked call inserts, and a
   * srcdoc given before the frame was inserted keeps the realm and brings a new document.
   */
  const adoptTree = (win: unknown): void => void walk(win, MAX_WALK);
  /** Adopts `win` and what it holds, visiting at most `budget` windows; what is left of the budget. */
  const walk = (win: unknown, budget: number): number => {
    let doc: Document;
    try {
      doc = (win as Realm).document; // throws for a cross-origin window, whose frames are not the shop's either
    } catch {
      return budget - 1;
    }
    context.adopt(win);
    timelineLoaded(win);
    listen(doc, 'load', adoptLoaded, options);
    listenForReady(win);
    let left = budget - 1;
    for (let i = 0; left > 0; i++) {
      const child = (win as unknown as Record<number, unknown>)[i];
      if (child === undefined || child === null) break;
      left = walk(child, left);
    }
    return left;
  };
  // A frame's load (srcdoc, a navigation) gives it a new realm, which a window kept from before (a WindowProxy
  // follows its frame) or `window[n]` reaches: adopted from a capture listener, which runs before the page's.
  const adoptLoaded = (event: Event): void => {
    // The browser's loads only (`isTrusted` is each event's own, unforgeable): a `load` page code dispatched at a frame
    // holding 200 frames had them all walked, each time (1.9 ms an event in Chromium, 0.8 ms in Firefox:
    // sensors-main-tamper.e2e.ts, "…forged load events").
    if (!event.isTrusted) return;
    try {
      adoptFrameOf(eventTarget(event), MAX_WALK);
    } catch {
      // Not an element (a load the page dispatched), or a frame element of another namespace.
    }
  };
  /**
   * Adopts the window an event's target holds, if it is a frame element, and up to `budget` windows in all of what
   * it holds; whether it was one.
   */
  const adoptFrameOf = (target: EventTarget | null, budget: number): boolean => {
    // Most loads are images, scripts and styles: told apart by name. Asked for a frame's window, any other
    // element throws, and a throw makes an error with a stack (docs/performance.md, "Traced entry points").
    const win = frameWindowOf(target);
    if (win) walk(win, budget);
    // An <embed> has no property for its window: every frame of the top one is looked at (rare; bounded).
    else if (win === undefined && localName(target) === 'embed') adoptTree(window);
    else return false;
    return true;
  };
  /**
   * A frame's first script names its frame element (frame-handover.iife.ts): its new realm is adopted before the
   * frame's own scripts run, and the propagation stopped, so page code does not see Saq's event. It is not
   * composed: from a frame in a shadow tree it stops at the shadow root, where Saq listens wherever it met a frame
   * (listenAround). Page code dispatching it only makes Saq adopt a frame's window, which it does for any frame anyway.
   */
  const adoptReady = (event: Event): void => {
    try {
      const target = eventTarget(event);
      // The window alone: a document that is just starting holds no frames yet. Only page code forging the event
      // at a frame that holds frames would have them walked, each time (1.3–3.4 ms an event in Chromium for 200
      // frames, 0.9 ms in Firefox: sensors-main-tamper.e2e.ts, "…forged handover events").
      if (!adoptFrameOf(target, 1)) return;
      stopImmediatePropagation(event);
      // A srcdoc document started: if no script gave the frame its srcdoc, the parsed HTML did (main/attribution.ts).
      if (localName(target) === 'iframe' && hasAttribute(target as Element, 'srcdoc')) context.attribution.srcdocStarted(target!);
    } catch {
      // Not an element: at a window, a popup's new document handing over to its opener (no frame element holds it),
      // or page code's own event at a window or a document. Each window the page opened is adopted as it now is.
      for (let i = 0; i < opened.length; i++)
        try {
          walk(opened[i], 1);
        } catch {
          // A window closed meanwhile.
        }
    }
  };
  const opened = safeList<unknown>();
  const openedKnown = new SafeWeakSet<object>();
  let openedCount = 0;
  const rememberOpened = (win: unknown): void => {
    if (win === null || typeof win !== 'object' || openedKnown.has(win)) return;
    openedKnown.add(win);
    opened[openedCount++ % MAX_OPENED] = win; // the oldest gives way
  };
  // At the window, whose capture listeners run first: the top's is added before page code runs, an adopted
  // realm's when it is adopted, which is before page code can reach it.
  const listenForReady = (target: unknown): void => listen(target as EventTarget, FRAME_READY_EVENT, adoptReady, options);
  /**
   * A load event's path stops at the document (DOM standard, "get the parent"), or at the shadow root of a frame
   * in a shadow tree, which is in no `window[n]`. Listened to where a frame is met: its document may have been
   * opened again (`document.open`, or a write into a loaded one), which erases every listener on it, Saq's too.
   */
  const listenAround = (frameElement: unknown): void => {
    const root = getRootNode(frameElement as Node);
    const type = nodeType(root);
    if (type !== 9 && type !== 11) return; // a document, a shadow root
    listen(root, 'load', adoptLoaded, options);
    listen(root, FRAME_READY_EVENT, adoptReady, options);
  };
  const loads = { adoptLoaded, adoptTree, listenAround, listenForReady, rememberOpened };
  loadsByContext.set(context, loads);
  return loads;
}

/**
 * A frame element a hooked call inserted (script-insertion.main.ts): its window adopted at once, and its loads heard
 * where they stop — in a shadow root, the frame's next realm (a srcdoc given later) is reached at its load from there.
 */
export function adoptInserted(context: MainSensorContext, frameElement: Element): void {
  context.adopt(frameWindowOf(frameElement));
  loadsOf(context).listenAround(frameElement);
}

export const pristineFramesSensor: MainSensor = {
  id: 'pristine-frames',
  install(context, realm) {
    const { patcher, attribution, site } = context;
    const reached = new SafeWeakSet<object>();
    const { adoptLoaded, adoptTree, listenAround, listenForReady, rememberOpened } = loadsOf(context);
    const options = { capture: true, signal: context.signal };

    /** Adopts the realm; reports once per realm when code that is not the shop's reaches into it. */
    function reach(win: unknown, target: string): void {
      context.adopt(win);
      let realmKey: object;
      try {
        realmKey = (win as Realm).Function.prototype; // throws for a cross-origin frame: nothing to take
      } catch {
        return;
      }
      if (reached.has(realmKey)) return;
      const who = attribution.attribute();
      if (isPageSide(who.actor, site)) return;
      reached.add(realmKey);
      context.report('defence-tamper', who, { what: 'pristine-iframe', target });
    }

    const frame = realm.HTMLIFrameElement.prototype;
    patcher.accessor(frame, 'contentWindow', (self, win) => {
      listenAround(self);
      reach(win, 'HTMLIFrameElement.contentWindow');
    });
    patcher.accessor(frame, 'contentDocument', (self, doc) => {
      listenAround(self);
      reach((doc as Document | null)?.defaultView, 'HTMLIFrameElement.contentDocument');
    });
    patcher.method(realm, 'open', undefined, (_self, _args, win) => {
      rememberOpened(win);
      reach(win, 'window.open');
    });
    // `document.open(url, name, features)` is window.open by another name, and returns the new window too
    // (with two arguments or none it reopens the document and returns that: nothing to adopt, but its
    // listeners are gone).
    patcher.method(realm.Document.prototype, 'open', undefined, (self, args, win) => {
      if (args.length >= 3) {
        rememberOpened(win);
        reach(win, 'document.open');
      } else {
        // Reopening a window's document erases the window's listeners too (HTML, "document open steps").
        listen(self as Document, 'load', adoptLoaded, options);
        const win = documentView(self);
        if (win) listenForReady(win);
      }
    });
    // A frame's window handed over in a message it sent (a frame that nothing else reaches: in a closed shadow
    // root the page's markup made). Only a window of this origin can be adopted; the origin is read first, so a
    // cross-origin sender costs no thrown error.
    const origin = pageLocation.origin;
    patcher.accessor(realm.MessageEvent.prototype, 'source', (self, source) => {
      if (source !== null && source !== realm && messageOrigin(self) === origin) adoptTree(source);
    });

    // Page code listening for the handover's event could stop it before Saq's listener does: at a window whose
    // listeners a write into its loaded document erased (an implicit open, which no hook sees) — the written script
    // listens at once — or at a shadow root before a frame is put in it. Saq's own listener goes there first (a
    // listener added twice keeps its place), so the page's comes after it (sensors-main-tamper.e2e.ts, "…stopping the
    // handover's event"). Any other listener leaves after one comparison.
    onListenerAdded(patcher, realm, (target, type) => {
      if (type === FRAME_READY_EVENT) listenForReady(target);
    });

    // `execCommand('insertHTML')` puts markup at the caret, where no query of the markup hooks looks; any command
    // is followed by a look at the window's frames (editors call it now and then, not in loops).
    patcher.method(realm.Document.prototype, 'execCommand', undefined, () => adoptTree(realm));

    // HTML that creates frames: adopt them right away, before `window[0]` can be read.
    hookMarkup(patcher, realm, HAS_FRAME, FRAMES, (frames) => {
      // By index: a NodeList's iterator is the page's to replace.
      for (let i = 0; i < frames.length; i++)
        try {
          const win = frameWindowOf(frames[i]!);
          if (win) context.adopt(win);
          listenAround(frames[i]!);
        } catch {
          // A frame element of another namespace: no window.
        }
    });

    listen(realm.document, 'load', adoptLoaded, options);
    listenForReady(realm);
  },
};
