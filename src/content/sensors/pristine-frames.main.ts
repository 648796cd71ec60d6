/**
 * The "pristine iframe" trick: a same-origin frame (about:blank, srcdoc, sandboxed with
 * allow-same-origin) has its own realm with untouched `fetch`, `addEventListener` and
 * `Function.prototype.toString`. Saq adopts every such realm the moment page code can reach it — when
 * the frame is inserted (script-insertion sensor), when `contentWindow` / `contentDocument` is read,
 * when HTML with a frame is assigned (to an element or a shadow root), when a same-origin window is
 * opened (`window.open`, or `document.open` with a URL), and when a frame loads (a srcdoc replaces its realm;
 * in a shadow tree too) — so a copy taken from it is hooked too.
 * Code other than the shop's reaching into a same-origin frame is reported: it is how the trick starts.
 */
import { hookMarkup } from '../main/markup.ts';
import { contentWindow, eventTarget, getRootNode, listen, localName, nodeType } from '../main/natives.ts';
import { SafeWeakSet } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor, type Realm } from '../main/sensor.ts';

const HAS_FRAME = /<iframe/i;

export const pristineFramesSensor: MainSensor = {
  id: 'pristine-frames',
  install(context, realm) {
    const { patcher, attribution, site } = context;
    const reached = new SafeWeakSet<object>();

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

    // A frame's load (srcdoc, a navigation) gives it a new realm, which a window kept from before (a WindowProxy
    // follows its frame) or `window[n]` reaches: adopted from a capture listener, which runs before the page's.
    const adoptLoaded = (event: Event): void => {
      try {
        // Most loads are images, scripts and styles. Asked for its frame's window, any element but an iframe
        // throws, and a throw makes an error with a stack (docs/performance.md, "Traced entry points, stop 47").
        const target = eventTarget(event);
        if (localName(target) === 'iframe') context.adopt(contentWindow(target));
      } catch {
        // Not an element (a load the page dispatched), or an iframe of another namespace.
      }
    };
    // A load event's path stops at the document (DOM standard, "get the parent"), or at the shadow root of a frame
    // in a shadow tree. Such a frame is not in `window[n]`: its window is reached only through the accessors below,
    // so its root is listened to from the first read (once per root).
    const heard = new SafeWeakSet<object>();
    const hearLoadsAround = (frameElement: unknown): void => {
      const root = getRootNode(frameElement as Node);
      if (nodeType(root) !== 11 || heard.has(root)) return; // 11: a shadow root (or a fragment, which loads nothing)
      heard.add(root);
      listen(root, 'load', adoptLoaded, { capture: true, signal: context.signal });
    };

    const frame = realm.HTMLIFrameElement.prototype;
    patcher.accessor(frame, 'contentWindow', (self, win) => {
      hearLoadsAround(self);
      reach(win, 'HTMLIFrameElement.contentWindow');
    });
    patcher.accessor(frame, 'contentDocument', (self, doc) => {
      hearLoadsAround(self);
      reach((doc as Document | null)?.defaultView, 'HTMLIFrameElement.contentDocument');
    });
    patcher.method(realm, 'open', undefined, (_self, _args, win) => reach(win, 'window.open'));
    // `document.open(url, name, features)` is window.open by another name, and returns the new window too
    // (with two arguments or none it reopens the document and returns that: nothing to adopt).
    patcher.method(realm.Document.prototype, 'open', undefined, (_self, args, win) => {
      if (args.length >= 3) reach(win, 'document.open');
    });

    // HTML that creates frames: adopt them right away, before `window[0]` can be read.
    hookMarkup(patcher, realm, HAS_FRAME, 'iframe', (frames) => {
      // By index: a NodeList's iterator is the page's to replace.
      for (let i = 0; i < frames.length; i++) context.adopt(contentWindow(frames[i]!));
    });

    // Every realm's document: a frame made inside a same-origin frame loads there, and `window[i][0]` reaches it.
    listen(realm.document, 'load', adoptLoaded, { capture: true, signal: context.signal });
  },
};
