/**
 * MAIN-world entry for the shop's about:blank, about:srcdoc and blob: documents (declared with match_about_blank
 * and match_origin_as_fallback).
 * Such a document is the shop's origin but no shop address, so Saq's other scripts do not run in it, and its
 * realm is new: a srcdoc given to a frame already in the page runs its own scripts there before the frame's
 * `load`, and a helper polling `window[n]` reaches it then too (docs/security.md). Nothing the parent can hook
 * runs in between, so this script, the first to run in the new document, tells the parent's Saq at once: it
 * sends a `FRAME_READY_EVENT` to its frame element, and the parent's listener (sensors/pristine-frames.main.ts)
 * adopts the realm — hooks it — inside this call, before the document's first script.
 *
 * It runs in every shop document too (`matches`), and in the shop's data: frames (another origin, whose frame
 * element and opener it cannot reach), and does nothing there. At document_start no page code has run
 * in this realm, so `location`, `frameElement` and `dispatchEvent` are the browser's own; the frame element
 * belongs to the parent's realm, whose prototypes page code may have changed, so this realm's `dispatchEvent`
 * is called on it rather than the one the element inherits.
 */
import { FRAME_READY_EVENT } from './frame-ready.ts';

(() => {
  // blob: too (match_origin_as_fallback): a frame's next document at a blob: address the page made is a new realm
  // of the shop's origin, polled for before its load (sensors-main-tamper.e2e.ts, "…blob: frame polled for…").
  const scheme = location.protocol;
  if (scheme !== 'about:' && scheme !== 'blob:') return;
  try {
    // Null at the top and under another origin's frame (no Saq there). A popup's document (window.open's hook
    // adopts its first; a navigation to about:blank makes another) tells its opener instead, whose Saq adopts the
    // windows its page opened (sensors-main-tamper.e2e.ts, "popup … sent to about:blank").
    const to = window.frameElement ?? window.opener;
    // Not composed: a frame in a shadow tree is heard at its shadow root, where Saq listens, and the event goes no
    // further. Composed, it went on to the host first (capture runs from the window down), where a listener the
    // page added before Saq's stopped it (sensors-main-tamper.e2e.ts, "…whose host stops the handover's event").
    if (to) EventTarget.prototype.dispatchEvent.call(to, new Event(FRAME_READY_EVENT));
  } catch {
    // The parent went away meanwhile, or the opener is another origin's (no Saq there): nothing to hand over to.
  }
})();
