/**
 * Takes a stack with the page's hands off the engine's knobs: `Error.stackTraceLimit` and
 * `Error.prepareStackTrace` are swapped by descriptor for the capture, never read or assigned — a page can
 * make them accessors that throw (and V8 captures no stack at all while stackTraceLimit is not a number) —
 * and the `stack` is read from the error's own property or the getter captured at start: in Firefox a page
 * can replace the one on Error.prototype with one that lies (tests/e2e/hostile-getters.e2e.ts).
 */
import { bare, ownDescriptor } from './descriptors.ts';
import { defineProperty, deleteProperty, errorStackGetter, getOwnPropertyDescriptor, NativeError as E, reflectApply } from './natives.ts';

const { hasOwn } = Object;
const STACK_KNOBS = ['stackTraceLimit', 'prepareStackTrace'] as const;
/** Which knobs to set: a limit, and (in a box: it may be undefined) a `prepareStackTrace`. */
interface Knobs {
  limit: number | null;
  prepare: { value: unknown } | null;
}

/**
 * The descriptors Saq defines the knobs with: made prototype-less once (descriptors.ts: `defineProperty` reads a
 * descriptor's fields by [[Get]], inherited ones too) and given each value in place. Making a descriptor per knob
 * per capture, and making the page's saved ones prototype-less to put them back, was most of a capture's time:
 * 16 µs a scheduling's stack against 5 µs without the knobs, in a Chromium tab no DevTools client drives
 * (docs/performance.md).
 */
const KNOB_DESCRIPTORS = [
  bare<PropertyDescriptor>({ value: 0, writable: true, enumerable: true, configurable: true }),
  bare<PropertyDescriptor>({ value: undefined, writable: true, enumerable: false, configurable: true }),
] as const;
/** The page's descriptor of a knob, read back: a data property like Saq's own is put back through Saq's. */
const asSaqs = (descriptor: PropertyDescriptor, i: number): PropertyDescriptor | null => {
  const mine = KNOB_DESCRIPTORS[i]!;
  // Own fields only are read: a field a data descriptor lacks would be looked up the page's Object.prototype.
  if (hasOwn(descriptor, 'get') || hasOwn(descriptor, 'set') || !hasOwn(descriptor, 'value')) return null;
  if (descriptor.writable !== true || descriptor.configurable !== true || descriptor.enumerable !== mine.enumerable) return null;
  mine.value = descriptor.value;
  return mine;
};

/** Runs `take` with the engine's knobs set to Saq's values, and puts the page's back (by descriptor) after. */
function withKnobs<T>(knobs: Knobs, take: () => T): T | undefined {
  // Loops by index: this runs inside the page's calls, where Array.prototype.map or forEach may be the page's.
  // Both places exist from the start: an index written later would pass a setter the page put on Array.prototype.
  const saved: (PropertyDescriptor | undefined)[] = [undefined, undefined];
  const set: boolean[] = [false, false];
  set[0] = knobs.limit !== null;
  set[1] = knobs.prepare !== null;
  for (let i = 0; i < STACK_KNOBS.length; i++) if (set[i]) saved[i] = getOwnPropertyDescriptor(E, STACK_KNOBS[i]!);
  try {
    if (knobs.limit !== null) {
      KNOB_DESCRIPTORS[0].value = knobs.limit;
      defineProperty(E, 'stackTraceLimit', KNOB_DESCRIPTORS[0]);
    }
    if (knobs.prepare !== null) {
      KNOB_DESCRIPTORS[1].value = knobs.prepare.value;
      defineProperty(E, 'prepareStackTrace', KNOB_DESCRIPTORS[1]);
    }
    return take();
  } catch {
    return undefined;
  } finally {
    for (let i = 0; i < STACK_KNOBS.length; i++) {
      if (!set[i]) continue;
      try {
        const descriptor = saved[i];
        if (descriptor) defineProperty(E, STACK_KNOBS[i]!, asSaqs(descriptor, i) ?? bare(descriptor));
        else deleteProperty(E, STACK_KNOBS[i]!);
      } catch {
        // Made non-configurable by the page after we read it: nothing to restore.
      }
    }
    // Not kept alive by Saq: the page's prepareStackTrace, or the last value given.
    KNOB_DESCRIPTORS[1].value = undefined;
  }
}

/** An error's `stack`: its own property, or the getter captured at start (Firefox's, which the page may replace). */
function stackOf(error: object): unknown {
  // Prototype-less (descriptors.ts): a data `stack` (older V8) must not take a `get` the page put on Object.prototype.
  const own = ownDescriptor(error, 'stack');
  return own ? (own.get ? reflectApply(own.get, error, []) : own.value) : errorStackGetter && reflectApply(errorStackGetter, error, []);
}

/** The new error's `stack` (what `prepare` returned, in V8), or undefined when the page made it unreadable. */
export function captureStack(limit: number, prepare: unknown): unknown {
  return withKnobs({ limit, prepare: { value: prepare } }, () => stackOf(new E()));
}

/**
 * An error holding the call stack of now, to be read later (`stackLater`): both engines take the frames when the
 * error is made and write its `stack` only when it is first read — V8 through the `prepareStackTrace` in place
 * then. Null when the page made the engine refuse.
 */
export function stackNow(limit: number): object | null {
  return withKnobs({ limit, prepare: null }, () => new E()) ?? null;
}

/** The `stack` of an error `stackNow` made, written now (by `prepare`, in V8). */
export function stackLater(error: object, prepare: unknown): unknown {
  return withKnobs({ limit: null, prepare: { value: prepare } }, () => stackOf(error));
}
