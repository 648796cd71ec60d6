/**
 * Listeners the page adds, seen by one wrapper of `addEventListener` per realm that every sensor asking shares: a
 * second wrapper around the first made every call pass two (Firefox's added cost per call +0.9 → +2.0 µs in stop
 * 51's hook bench, when the frame handover's check came beside the keylogger's). The type is made text once, as
 * the browser would (an object or a function given as the type), then each sensor's observer is asked in turn.
 */
import { eventTargetBrand } from './natives.ts';
import type { Patcher } from './patch.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';
import type { Realm } from './sensor.ts';
import { madeIntoText, reachesConversion, textInPlace } from './text-argument.ts';

/** `target`: the listener's receiver, or the realm's window for a bare call (the browser takes it). */
export type ListenerObserver = (target: unknown, type: unknown) => void;

/** By the realm's EventTarget.prototype, which the wrapper is installed on. */
const observersByRealm = new SafeWeakMap<object, SafeList<ListenerObserver>>();

export function onListenerAdded(patcher: Patcher, realm: Realm, observer: ListenerObserver): void {
  const prototype = realm.EventTarget.prototype;
  const known = observersByRealm.get(prototype);
  if (known) return void append(known, observer);
  const observers = safeList<ListenerObserver>();
  append(observers, observer);
  observersByRealm.set(prototype, observers);
  patcher.method(prototype, 'addEventListener', (self, args) => {
    // Not on a foreign object or with fewer than the two arguments required: the browser throws before making the text.
    const type = madeIntoText(args[0]) && reachesConversion(eventTargetBrand, self, args, 2) ? textInPlace(args, 0) : args[0];
    const target = self ?? realm;
    // By index: the page's array iterator must not hide an observer; one throwing must not stop the next.
    for (let i = 0; i < observers.length; i++)
      try {
        observers[i]!(target, type);
      } catch {
        // The next sensor still sees the listener.
      }
  });
}
