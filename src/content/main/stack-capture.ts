/**
 * Takes a stack with the page's hands off the engine's knobs: `Error.stackTraceLimit` and
 * `Error.prepareStackTrace` are swapped by descriptor for the capture, never read or assigned — a page can
 * make them accessors that throw (and V8 captures no stack at all while stackTraceLimit is not a number) —
 * and the `stack` is read from the error's own property or the getter captured at start: in Firefox a page
 * can replace the one on Error.prototype with one that lies (tests/e2e/hostile-getters.e2e.ts).
 */
import { bare, ownDescriptor } from './descriptors.ts';
import { defineProperty, deleteProperty, errorStackGetter, getOwnPropertyDescriptor, NativeError as E, reflectApply } from './natives.ts';

const STACK_KNOBS = ['stackTraceLimit', 'prepareStackTrace'] as const;

/** The new error's `stack` (what `prepare` returned, in V8), or undefined when the page made it unreadable. */
export function captureStack(limit: number, prepare: unknown): unknown {
  // Loops by index: this runs inside the page's calls, where Array.prototype.map or forEach may be the page's.
  // Both places exist from the start: an index written later would pass a setter the page put on Array.prototype.
  const saved: (PropertyDescriptor | undefined)[] = [undefined, undefined];
  for (let i = 0; i < STACK_KNOBS.length; i++) saved[i] = getOwnPropertyDescriptor(E, STACK_KNOBS[i]!);
  try {
    defineProperty(E, 'stackTraceLimit', bare({ value: limit, writable: true, enumerable: true, configurable: true }));
    defineProperty(E, 'prepareStackTrace', bare({ value: prepare, writable: true, enumerable: false, configurable: true }));
    const error = new E();
    // Prototype-less (descriptors.ts): a data `stack` (older V8) must not take a `get` the page put on Object.prototype.
    const own = ownDescriptor(error, 'stack');
    return own ? (own.get ? reflectApply(own.get, error, []) : own.value) : errorStackGetter && reflectApply(errorStackGetter, error, []);
  } catch {
    return undefined;
  } finally {
    for (let i = 0; i < STACK_KNOBS.length; i++)
      try {
        const descriptor = saved[i];
        if (descriptor) defineProperty(E, STACK_KNOBS[i]!, bare(descriptor));
        else deleteProperty(E, STACK_KNOBS[i]!);
      } catch {
        // Made non-configurable by the page after we read it: nothing to restore.
      }
  }
}
