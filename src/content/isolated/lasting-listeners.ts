/**
 * Listeners that outlive `document.open()`.
 *
 * The call erases every world's event listeners on the window, on the document and on every node in it (HTML,
 * "document open steps": erase all event listeners and handlers), so a page could blind this world by re-opening its
 * own document: the lane's and the hand-over's listeners, the hub's for input, change, submit and focusin, the focus
 * watch of secret fields. Observers and the port survive the call. So the listeners added here are kept in a list
 * and added again as soon as the document's own children are replaced, the call's first step: one observer of the
 * document node alone (no subtree), which an element added anywhere below never wakes. That is a microtask after the
 * call: a capture listener the page added on the window in between would run first, and could stop events from
 * other worlds before this one hears them. So the MAIN world's hooked `open()` asks at once, on an element in no
 * document (page-protocol.ts, againType), and by port when it sees its events go untaken (`relisten`).
 *
 * Adding a listener that is still there changes nothing (the same type, function and capture), so adding them all
 * again is safe whatever was erased. A `once` listener leaves the list when it runs, one whose signal aborted when it
 * aborts: neither comes back.
 */

interface Lasting {
  readonly target: EventTarget;
  readonly type: string;
  readonly listener: EventListener;
  readonly options: AddEventListenerOptions;
}

const lasting = new Set<Lasting>();
const whenReopened: Array<() => void> = [];

const add = (entry: Lasting): void => entry.target.addEventListener(entry.type, entry.listener, entry.options);

/** Adds the listener, and again whenever the document is re-opened. Returns what removes it for good. */
export function listenLasting<E extends Event = Event>(
  target: EventTarget,
  type: string,
  listener: (event: E) => void,
  options: { capture?: boolean; once?: boolean; signal?: AbortSignal } = {},
): () => void {
  const { capture = false, once = false, signal } = options;
  if (signal?.aborted) return () => undefined;
  const entry: Lasting = {
    target,
    type,
    listener: (once
      ? (event: E) => {
          lasting.delete(entry);
          listener(event);
        }
      : listener) as EventListener,
    options: { capture, once, ...(signal ? { signal } : {}) },
  };
  lasting.add(entry);
  signal?.addEventListener('abort', () => lasting.delete(entry), { once: true });
  add(entry);
  return () => {
    lasting.delete(entry);
    target.removeEventListener(type, entry.listener, { capture });
  };
}

/** Adds every lasting listener again, then tells whoever asked (`onReopened`). */
export function listenAgain(): void {
  for (const entry of lasting)
    try {
      add(entry);
    } catch {
      // A target gone (a frame's window) must not keep the others from coming back.
    }
  for (const then of whenReopened)
    try {
      then();
    } catch {
      // The same.
    }
}

/** `fn` runs each time the listeners were added again (after a re-opened document, or on the MAIN world's ask). */
export function onReopened(fn: () => void): void {
  whenReopened.push(fn);
}

/**
 * From the end of the parse: the document's own children replaced (what `document.open()` does first) adds them
 * again. Not before, as the hub's own child-list watch: an observer of child lists has the browser look for
 * observers at each node the parser inserts (from the document_start, this one measured no different in page cost:
 * docs/performance.md, stop 58). A page's own `document.open()` before then passes the MAIN world's hook, which asks
 * at once (againType).
 */
export function watchReopening(signal: AbortSignal): void {
  const observer = new MutationObserver(listenAgain);
  const start = (): void => {
    if (signal.aborted) return;
    observer.observe(document, { childList: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  };
  if (document.readyState !== 'loading') start();
  else listenLasting(document, 'readystatechange', start, { once: true, capture: true, signal });
}
