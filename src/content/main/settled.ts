/**
 * Promise reactions page code cannot deny Saq. Pure JavaScript with natives captured when the MAIN-world
 * bundle starts (request-body.ts, which the unit tests run in Node, uses it too):
 * tests/unit/content/settled.test.ts.
 */
import { bare } from './descriptors.ts';
import { uncurryThis } from './strings.ts';

/** Reactions on a native promise get the engine's value, whatever page code later does to Promise. */
const promiseThen = uncurryThis(Promise.prototype.then) as <T>(
  promise: Promise<T>,
  ok: (value: T) => void,
  failed: () => void,
) => Promise<void>;
const { defineProperty } = Object;
const { deleteProperty } = Reflect;
const noop = (): void => undefined;

/**
 * Runs `ok` (or `failed`) when a native promise settles, with the engine's value; false when no reaction
 * could be set. `then` asks the promise's `constructor` for its species, and page code can make
 * `Promise.prototype.constructor` a getter that throws (Saq never hears back) or a class of its own (which
 * learns that Saq waits on the promise): for the one call the promise gets an own `constructor` of
 * undefined — `then` then uses the realm's Promise and reads nothing the page wrote — removed at once. For
 * promises no page code holds yet (fresh from a native call in a hook, or Saq's own). The reactions never
 * throw: a rejected derived promise would reach the page as an `unhandledrejection` event.
 */
export function whenSettled<T>(promise: Promise<T>, ok: (value: T) => void, failed: () => void = noop): boolean {
  try {
    defineProperty(promise, 'constructor', bare({ value: undefined, configurable: true }));
  } catch {
    return false;
  }
  try {
    promiseThen(
      promise,
      (value: T) => quietly(ok, value),
      () => quietly(failed, undefined),
    );
    return true;
  } catch {
    return false;
  } finally {
    deleteProperty(promise, 'constructor');
  }
}

function quietly<T>(fn: (value: T) => void, value: T): void {
  try {
    fn(value);
  } catch {
    // See whenSettled.
  }
}
