/**
 * Objects Saq hands to the engine that must read nothing from the page: `Object.defineProperty` reads a
 * descriptor's `get`, `set`, `value`, … by [[Get]], inherited ones too, and a Proxy looks its traps up the same
 * way. A page that puts `get` on `Object.prototype` would otherwise make every data descriptor invalid (each
 * stack capture throws: every actor `unknown`), and one trap it adds there (`get`) would run on every read of a
 * hooked constructor — handing the page the original. Each such object is made prototype-less here, once,
 * before use. Pure JavaScript (tests/unit/content/descriptors.test.ts).
 */
const { setPrototypeOf } = Object;

export function bare<T extends object>(object: T): T {
  return setPrototypeOf(object, null) as T;
}
