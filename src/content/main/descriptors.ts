/**
 * Objects Saq hands to the engine that must read nothing from the page: `Object.defineProperty` reads a
 * descriptor's `get`, `set`, `value`, … by [[Get]], inherited ones too, and a Proxy looks its traps up the same
 * way. A page that puts `get` on `Object.prototype` would otherwise make every data descriptor invalid (each
 * stack capture throws: every actor `unknown`), and one trap it adds there (`get`) would run on every read of a
 * hooked constructor — handing the page the original. Each such object is made prototype-less here, once,
 * before use. Pure JavaScript (tests/unit/content/descriptors.test.ts).
 */
const { setPrototypeOf, defineProperty, getOwnPropertyDescriptor } = Object;

export function bare<T extends object>(object: T): T {
  return setPrototypeOf(object, null) as T;
}

/**
 * A property's descriptor with no prototype. The engine's inherits from the page's `Object.prototype`, so a
 * slot the property lacks — a data property's `get`, an accessor's `value` — read plainly is whatever the page
 * put there: a stack getter of its choosing, a replaced hook made to look like Saq's, or (in a frame adopted
 * after page code ran) a page function the patcher would take for the original.
 */
export function ownDescriptor(target: object, key: PropertyKey): PropertyDescriptor | undefined {
  const descriptor = getOwnPropertyDescriptor(target, key);
  return descriptor && bare(descriptor);
}

/**
 * Gives Saq's own object a field it may not have yet. An assignment would look the name up the page's
 * `Object.prototype` first and run a setter found there, handing the page the object (a finding's evidence
 * before it leaves, an actor it could point at the shop).
 */
export function setOwn(object: object, key: string, value: unknown): void {
  defineProperty(object, key, bare({ value, writable: true, enumerable: true, configurable: true }));
}
