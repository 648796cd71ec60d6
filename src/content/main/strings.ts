/**
 * String and RegExp natives captured when the MAIN-world bundle starts (see natives.ts, which re-exports
 * them), in a module of their own because they are pure JavaScript: the stack parser that reads with them
 * runs in Node in the unit tests. A page that replaces `String.prototype.split` or `indexOf` later must
 * not change what Saq reads out of a call stack (tests/e2e/hostile/getters.ts).
 */
export const uncurryThis = Function.prototype.bind.bind(Function.prototype.call) as <T, A extends unknown[], R>(
  fn: (this: T, ...args: A) => R,
) => (self: T, ...args: A) => R;

export const startsWith = uncurryThis(String.prototype.startsWith as (this: string, search: string, position?: number) => boolean);
export const includes = uncurryThis(String.prototype.includes as (this: string, search: string) => boolean);
export const indexOf = uncurryThis(String.prototype.indexOf as (this: string, search: string, position?: number) => number);
export const lastIndexOf = uncurryThis(String.prototype.lastIndexOf as (this: string, search: string, position?: number) => number);
export const sliceString = uncurryThis(String.prototype.slice as (this: string, start?: number, end?: number) => string);
export const toUpperCase = uncurryThis(String.prototype.toUpperCase as (this: string) => string);
export const trimString = uncurryThis(String.prototype.trim as (this: string) => string);
export const regExpExec = uncurryThis(RegExp.prototype.exec);

/** The prototype of the global interface `name`, or null where the browser lacks it (read at document_start). */
export function globalPrototype(name: string): object | null {
  const constructor = (globalThis as unknown as Record<string, unknown>)[name];
  return typeof constructor === 'function' ? ((constructor as { prototype?: object }).prototype ?? null) : null;
}

/** An accessor's getter, uncurried, or null where the browser has no such accessor (an API it lacks). */
export function getterOf<R>(target: object | null | undefined, key: string): ((self: unknown) => R) | null {
  const get = target ? Object.getOwnPropertyDescriptor(target, key)?.get : undefined;
  return get ? uncurryThis(get as (this: unknown) => R) : null;
}
