/**
 * This world's listeners on the window and the document that outlive `document.open()`.
 *
 * The call erases every world's listeners on the window, the document and every node in it (HTML, "document open
 * steps"): the keylogger's, the form submissions', the posted messages', the ask about who placed a field. Hooks and
 * observers survive it. The listeners added here are kept and added again:
 * - inside the hooked `document.open()`, before the page's code goes on, so a listener the page adds after its call
 *   still runs after Saq's, as one it added at any other time;
 * - when the ISOLATED world says it listens again (`listening`): it saw the document's children replaced, by a call
 *   from any world, this one's hooks passed or not (isolated/lasting-listeners.ts).
 * Adding a listener that is still there changes nothing (the same type, function and capture). A `once` listener
 * that ran does not come back.
 *
 * Only the top document's and its window's are kept: a frame's realm adopted later is gone with its frame, and a
 * list holding its window would keep it alive.
 */
import { bare } from './descriptors.ts';
import { hasOwn, listen, pageDocument, readyState } from './natives.ts';
import { onListenerAdded } from './listeners-added.ts';
import type { Observer, Patcher } from './patch.ts';
import type { Realm } from './sensor.ts';
import { append, safeList } from './safe-collections.ts';

interface Lasting {
  readonly target: EventTarget;
  readonly type: string;
  readonly listener: (event: Event) => void;
  readonly options: AddEventListenerOptions | undefined;
  ran: boolean;
}

const lasting = safeList<Lasting>();

/**
 * `listen`, and again after every re-opened document when the target is the window or the document, or `kept` (a
 * node of the top document the caller keeps a bounded number of: the page may hold it across the call and put it back).
 */
export function listenLasting(
  target: EventTarget,
  type: string,
  fn: (event: Event) => void,
  options?: AddEventListenerOptions,
  kept = false,
): void {
  // The options as a prototype-less copy of their own keys: a literal made in the page's realm (Firefox's MAIN world)
  // inherits from the page's Object.prototype, where a getter the page put for `once` or `signal` would run on Saq's
  // read, and on the browser's each time a listener is added again — an aborted `signal` there would keep it off.
  const own = (key: 'capture' | 'once' | 'signal'): unknown => (options !== undefined && hasOwn(options, key) ? options[key] : undefined);
  const once = own('once') === true;
  const safe = bare({ capture: own('capture') === true, once }) as AddEventListenerOptions;
  const signal = own('signal');
  if (signal !== undefined) safe.signal = signal as AbortSignal;
  if (!kept && target !== window && target !== pageDocument) return listen(target, type, fn, safe);
  const entry: Lasting = bare({
    target,
    type,
    listener: once
      ? (event: Event): void => {
          entry.ran = true;
          fn(event);
        }
      : fn,
    options: safe,
    ran: false,
  });
  append(lasting, entry);
  listen(target, type, entry.listener, safe);
}

/** Adds every kept listener again (those still there are left as they are). */
export function listenAgain(): void {
  for (let i = 0; i < lasting.length; i++) {
    const entry = lasting[i]!;
    if (entry.ran) continue;
    try {
      listen(entry.target, entry.type, entry.listener, entry.options);
    } catch {
      // The next one still comes back.
    }
  }
}

/**
 * Set while a call that re-opens the top document runs (`open()`, or a `write` or `writeln` that began on it parsed),
 * until the first listener the page adds inside it, or until it returns.
 */
let reopening = false;

/**
 * In each realm: the top document re-opened adds them again, and has the ISOLATED world add its own, before the
 * page's code goes on (`tellIsolated`: its observer of the document would add them a microtask later, and watches only
 * from the end of the parse):
 * - after `document.open()` with fewer than three arguments;
 * - after a `write` or `writeln` once the document is parsed, which opens it first;
 * - and before either returns, at the first listener the page adds inside the call: the page's code that runs there
 *   runs after the erasing (a custom element's disconnected callback, a frame's pagehide and unload in Firefox, the
 *   written markup's scripts), and one it adds on the window in the capture phase would otherwise run before Saq's,
 *   and could stop events from other worlds before the ISOLATED world heard them. Only a script adds listeners, and
 *   every listener added passes the hook (review of stop 59).
 * keylogger.main.ts still does not rely on running first.
 */
export function hookReopening(patcher: Patcher, realm: Realm, tellIsolated: () => void): void {
  const reopened = (): void => {
    listenAgain();
    tellIsolated();
  };
  const done: Observer = (_self, _args, _result, began) => {
    if (began !== true) return;
    const pending = reopening;
    reopening = false;
    if (pending) reopened();
  };
  // Set, never cleared, before the call: a write by a script in the written markup (the document is loading then) must
  // not take back the first one's.
  patcher.method(realm.Document.prototype, 'open', (self, args) => self === pageDocument && args.length < 3 && (reopening = true), done);
  // After the write whatever the `readyState` is by then: a written script calling `window.stop()` ends the new parse
  // ("complete" in Chromium, "interactive" in Firefox) and adds its listener after (review of stop 59). A write the
  // browser ignored (during unload, or inside an external script's run) costs one needless adding again.
  const parsed: Observer = (self) => self === pageDocument && readyState(pageDocument) !== 'loading' && (reopening = true);
  patcher.method(realm.Document.prototype, 'write', parsed, done);
  patcher.method(realm.Document.prototype, 'writeln', parsed, done);
  onListenerAdded(patcher, realm, () => {
    if (!reopening) return;
    reopening = false;
    reopened();
  });
}
