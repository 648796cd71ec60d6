/**
 * Maps, sets and list appends for the MAIN world that page code cannot reach into. Saq's own Map, Set,
 * WeakMap and arrays live in the page's realm: a call like `map.get(key)` or `list.push(item)` looks the
 * method up on the shared prototype at call time, so a page that replaced `Map.prototype.get` or
 * `Array.prototype.push` would see everything Saq keeps and could answer for it — drop every finding
 * before it leaves, or say an inline script was the shop's (tests/e2e/hostile/getters.ts, "Array, Map,
 * Set and WeakMap methods rewritten"). These classes call the methods captured when the bundle starts,
 * and `append` defines the new element instead of assigning it (an assignment would reach a setter the
 * page put on `Array.prototype[n]`). Their instances and prototypes never reach page code.
 *
 * Pure JavaScript (no DOM): tests/unit/content/safe-collections.test.ts.
 */
import { uncurryThis } from './strings.ts';

const { defineProperty, getOwnPropertyDescriptor } = Object;
const NativeMap = Map;
const NativeSet = Set;
const NativeWeakMap = WeakMap;
const NativeWeakSet = WeakSet;

const sizeOf = <T extends object>(proto: T): ((self: T) => number) =>
  uncurryThis(getOwnPropertyDescriptor(proto, 'size')!.get as (this: T) => number);

const mapGet = uncurryThis(Map.prototype.get);
const mapSet = uncurryThis(Map.prototype.set);
const mapHas = uncurryThis(Map.prototype.has);
const mapDelete = uncurryThis(Map.prototype.delete);
const mapClear = uncurryThis(Map.prototype.clear);
const mapSize = sizeOf(Map.prototype);
const setAdd = uncurryThis(Set.prototype.add);
const setHas = uncurryThis(Set.prototype.has);
const setClear = uncurryThis(Set.prototype.clear);
const setSize = sizeOf(Set.prototype);
const weakMapGet = uncurryThis(WeakMap.prototype.get);
const weakMapSet = uncurryThis(WeakMap.prototype.set);
const weakMapHas = uncurryThis(WeakMap.prototype.has);
const weakSetAdd = uncurryThis(WeakSet.prototype.add);
const weakSetHas = uncurryThis(WeakSet.prototype.has);

export class SafeMap<K, V> {
  private readonly map = new NativeMap<K, V>();
  get(key: K): V | undefined {
    return mapGet(this.map, key) as V | undefined;
  }
  set(key: K, value: V): this {
    mapSet(this.map, key, value);
    return this;
  }
  has(key: K): boolean {
    return mapHas(this.map, key);
  }
  delete(key: K): boolean {
    return mapDelete(this.map, key);
  }
  clear(): void {
    mapClear(this.map);
  }
  get size(): number {
    return mapSize(this.map);
  }
}

export class SafeSet<T> {
  private readonly set = new NativeSet<T>();
  add(value: T): this {
    setAdd(this.set, value);
    return this;
  }
  has(value: T): boolean {
    return setHas(this.set, value);
  }
  clear(): void {
    setClear(this.set);
  }
  get size(): number {
    return setSize(this.set);
  }
}

export class SafeWeakMap<K extends object, V> {
  private readonly map = new NativeWeakMap<K, V>();
  get(key: K): V | undefined {
    return weakMapGet(this.map, key) as V | undefined;
  }
  set(key: K, value: V): this {
    weakMapSet(this.map, key, value);
    return this;
  }
  has(key: K): boolean {
    return weakMapHas(this.map, key);
  }
}

export class SafeWeakSet<T extends object> {
  private readonly set = new NativeWeakSet<T>();
  add(value: T): this {
    weakSetAdd(this.set, value);
    return this;
  }
  has(value: T): boolean {
    return weakSetHas(this.set, value);
  }
}

/**
 * Defines `list[index] = item` without the page's push or a setter on `Array.prototype[index]`. The
 * descriptor has no prototype: defineProperty reads `get`/`set` through the prototype chain, and a page
 * that put them on Object.prototype would make an ordinary descriptor throw.
 */
export function putAt<T>(list: T[], index: number, item: T): void {
  defineProperty(list, index, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
}

/** `list.push(item)`, out of the page's reach (see putAt); returns the new length. */
export function append<T>(list: T[], item: T): number {
  const length = list.length;
  putAt(list, length, item);
  return length + 1;
}
