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
import { listen, pageDocument, readyState } from './natives.ts';
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
  if (!kept && target !== window && target !== pageDocument) return listen(target, type, fn, options);
  const once = options?.once === true;
  const entry: Lasting = bare({
    target,
    type,
    listener: once
      ? (event: Event): void => {
          entry.ran = true;
          fn(event);
        }
      : fn,
    options,
    ran: false,
  });
  append(lasting, entry);
  listen(target, type, entry.listener, options);
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
 * Set by a `write` or `writeln` that began on the parsed top document, until the first listener added after it opened
 * the document (the written markup's own scripts run inside the call), or until it returns.
 */
let openingByWrite = false;

/**
 * In each realm: the top document re-opened adds them again, and has the ISOLATED world add its own, before the
 * page's code goes on (`tellIsolated`: its observer of the document would add them a microtask later, and watches only
 * from the end of the parse):
 * - after `document.open()` with fewer than three arguments;
 * - after a `write` or `writeln` once the document is parsed, which opens it first (its `readyState` goes back to
 *   "loading"); and if a script in the written markup adds a listener, before that: one it adds on the window in the
 *   capture phase would otherwise run before Saq's, and could stop events from other worlds before the ISOLATED
 *   world heard them. Only a script adds listeners, and every added listener passes the hook.
 * A listener the page adds inside the native call (a custom element's disconnected callback) still runs first:
 * keylogger.main.ts does not rely on running first.
 */
export function hookReopening(patcher: Patcher, realm: Realm, tellIsolated: () => void): void {
  const reopened = (): void => {
    listenAgain();
    tellIsolated();
  };
  patcher.method(realm.Document.prototype, 'open', undefined, (self, args) => {
    if (self === pageDocument && args.length < 3) reopened();
  });
  // Set, never cleared, here: a write by a script in the written markup (the document is loading then) must not take
  // back the first one's.
  const parsed: Observer = (self) => {
    if (self !== pageDocument || readyState(pageDocument) === 'loading') return false;
    return (openingByWrite = true);
  };
  const opened: Observer = (_self, _args, _result, wasParsed) => {
    if (wasParsed !== true) return;
    const pending = openingByWrite;
    openingByWrite = false;
    if (pending && readyState(pageDocument) === 'loading') reopened();
  };
  patcher.method(realm.Document.prototype, 'write', parsed, opened);
  patcher.method(realm.Document.prototype, 'writeln', parsed, opened);
  onListenerAdded(patcher, realm, () => {
    if (!openingByWrite || readyState(pageDocument) !== 'loading') return;
    openingByWrite = false;
    reopened();
  });
}
