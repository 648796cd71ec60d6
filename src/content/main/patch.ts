/**
 * Replace a method with a wrapper that behaves exactly like the original for the page (same `this`,
 * arguments, return value and thrown errors) and still looks native: its `toString()`, `name` and
 * `length` are the original's. The toString disguise is kept in one WeakMap consulted by a single
 * patched Function.prototype.toString.
 */
import type { Natives } from './natives.ts';

type AnyFunction = (...args: never[]) => unknown;

export function createPatcher(natives: Natives) {
  const disguises = new natives.WeakMap<object, string>();
  const nativeToString = natives.functionToString;

  function disguise(wrapper: AnyFunction, original: AnyFunction): void {
    disguises.set(wrapper, natives.reflectApply(nativeToString, original, []) as string);
    for (const key of ['name', 'length'] as const) {
      const descriptor = natives.getOwnPropertyDescriptor(original, key);
      if (descriptor) natives.defineProperty(wrapper, key, descriptor);
    }
  }

  const toStringWrapper = function toString(this: unknown): string {
    const disguised = typeof this === 'function' ? disguises.get(this) : undefined;
    return disguised ?? (natives.reflectApply(nativeToString, this, []) as string);
  };
  disguise(toStringWrapper as AnyFunction, nativeToString as AnyFunction);
  natives.defineProperty(Function.prototype, 'toString', {
    value: toStringWrapper,
    writable: true,
    configurable: true,
    enumerable: false,
  });

  /**
   * `before` runs first and must not throw into the page; any error it raises is swallowed.
   * Object-method shorthand keeps the wrapper a non-constructor, like native methods.
   */
  function wrapMethod<T extends object>(target: T, key: string, before: (self: unknown, args: unknown[]) => void): void {
    const descriptor = natives.getOwnPropertyDescriptor(target, key);
    const original = descriptor?.value as AnyFunction | undefined;
    if (typeof original !== 'function') return;
    const holder = {
      wrapped(this: unknown, ...args: unknown[]): unknown {
        try {
          before(this, args);
        } catch {
          // Sensors observe; they never change what the page sees.
        }
        return natives.reflectApply(original, this, args);
      },
    };
    const wrapper = holder.wrapped as AnyFunction;
    disguise(wrapper, original);
    natives.defineProperty(target, key, { ...descriptor, value: wrapper });
  }

  return { wrapMethod, disguise };
}

export type Patcher = ReturnType<typeof createPatcher>;
