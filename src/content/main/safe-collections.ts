/**
 * Maps, sets and list appends for the MAIN world that page code cannot reach into. Saq's own Map, Set,
 * WeakMap and arrays live in the page's realm: a call like `map.get(key)` or `list.push(item)` looks the
 * method up on the shared prototype at call time, so a page that replaced `Map.prototype.get` or
 * `Array.prototype.push` would see everything Saq keeps and could answer for it — drop every finding
 * before it leaves, or say an inline script was the shop's (tests/e2e/hostile/getters.ts, "Array, Map,
 * Set and WeakMap methods rewritten"). These classes call the methods captured when the bundle starts.
 * Lists are arrays with no prototype (`safeList`): an element assigned past the end would otherwise reach
 * a setter the page put on `Array.prototype[n]`, and with no prototype there is nothing to reach. (Defining
 * each element instead cost 1.2 µs an append in Chromium, which keeps such arrays in slow mode; an
 * assignment to a prototype-less array costs ~25 ns in both engines.) Their instances and prototypes
 * never reach page code.
 *
 * Pure JavaScript (no DOM): tests/unit/content/safe-collections.test.ts.
 */
import { uncurryThis } from './strings.ts';

const { getOwnPropertyDescriptor, setPrototypeOf } = Object;
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
const weakMapDelete = uncurryThis(WeakMap.prototype.delete);
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
  delete(key: K): boolean {
    return weakMapDelete(this.map, key);
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
 * An array with no prototype: only its elements and length, no methods to call (the type has none
 * either, so a `list.push` or `for…of` fails to compile rather than reaching the page's Array.prototype).
 * Structured clone and Array.isArray see an ordinary array.
 */
export interface SafeList<T> {
  length: number;
  [index: number]: T;
}

export function safeList<T>(): SafeList<T> {
  return setPrototypeOf([], null) as SafeList<T>;
}

/** `list.push(item)` for a SafeList; returns the new length. */
export function append<T>(list: SafeList<T>, item: T): number {
  const length = list.length;
  list[length] = item;
  return length + 1;
}

/** The list as the array type a message declares: it is cloned or written by index, never called. */
export const asArray = <T>(list: SafeList<T>): T[] => list as T[];
