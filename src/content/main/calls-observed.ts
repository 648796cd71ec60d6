/**
 * One wrapper per hooked method that several sensors observe (a timer: the dynamic-code sensor reads a string's
 * code, the scheduling wraps a function's callback): a second wrapper around the first makes every call pass two
 * (listeners-added.ts, the same for `addEventListener`). Observers run in the order they asked, each in its own
 * try, before the call; they may put an argument in place (textInPlace, the scheduled callback).
 */
import type { Args, Patcher } from './patch.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';

// Captured when the bundle starts (document_start): page code may replace the globals later.
const { create } = Object;

export type CallObserver = (self: unknown, args: Args) => void;

/** By the object the method is on, then by its name. */
const observersByTarget = new SafeWeakMap<object, Record<string, SafeList<CallObserver>>>();

export function onCall(patcher: Patcher, target: object, key: string, observer: CallObserver): void {
  let byKey = observersByTarget.get(target);
  if (!byKey) observersByTarget.set(target, (byKey = create(null) as Record<string, SafeList<CallObserver>>));
  const known = byKey[key];
  if (known) return void append(known, observer);
  const observers = safeList<CallObserver>();
  append(observers, observer);
  byKey[key] = observers;
  patcher.method(target, key, (self, args) => {
    // By index: the page's array iterator must not hide an observer; one throwing must not stop the next.
    for (let i = 0; i < observers.length; i++)
      try {
        observers[i]!(self, args);
      } catch {
        // The next sensor still sees the call.
      }
  });
}
