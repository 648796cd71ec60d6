import { describe, expect, it } from 'vitest';
import { append, safeList, SafeMap, SafeSet, SafeWeakMap, SafeWeakSet } from '../../../src/content/main/safe-collections.ts';

/**
 * Runs `fn` while page code's rewritten built-ins are in place: every replacement lies. They are restored
 * before anything else runs (the test runner itself relies on them), so `fn` only collects results.
 */
function underLies<T>(fn: () => T): T {
  const restore: Array<() => void> = [];
  const replace = (target: object, key: PropertyKey, descriptor: PropertyDescriptor): void => {
    const before = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { configurable: true, ...descriptor });
    restore.unshift(() => (before ? Object.defineProperty(target, key, before) : Reflect.deleteProperty(target, key)));
  };
  try {
    replace(Map.prototype, 'get', { value: () => 10_000 });
    replace(Map.prototype, 'set', {
      value: function (this: unknown) {
        return this;
      },
    });
    replace(Map.prototype, 'has', { value: () => true });
    replace(Map.prototype, 'size', { get: () => 0 });
    replace(Set.prototype, 'has', { value: () => true });
    replace(Set.prototype, 'add', {
      value: function (this: unknown) {
        return this;
      },
    });
    replace(WeakMap.prototype, 'get', { value: () => ({ page: true, text: '' }) });
    replace(WeakMap.prototype, 'set', {
      value: function (this: unknown) {
        return this;
      },
    });
    replace(WeakSet.prototype, 'has', { value: () => true });
    replace(Array.prototype, 'push', { value: () => 0 });
    replace(Array.prototype, '0', { set() {}, get: () => 'from the page' });
    replace(Object.prototype, 'get', { value: () => 'page getter' });
    return fn();
  } finally {
    for (const undo of restore) undo();
  }
}

describe('safe collections: page code that rewrites the built-ins cannot read or answer for them', () => {
  it('SafeMap and SafeSet keep and answer for their own entries', () => {
    const map = new SafeMap<string, number>();
    const set = new SafeSet<string>();
    const seen = underLies(() => {
      map.set('script-inserted|unknown|', 1);
      const answers = [map.get('script-inserted|unknown|'), map.get('other'), map.has('other'), map.size];
      map.clear();
      const unknownBefore = set.has('https://helper-cdn.test/a.js');
      set.add('https://helper-cdn.test/a.js');
      return [...answers, map.size, unknownBefore, set.has('https://helper-cdn.test/a.js'), set.size];
    });
    expect(seen).toEqual([1, undefined, false, 1, 0, false, true, 1]);
  });

  it('SafeWeakMap and SafeWeakSet keep and answer for their own entries', () => {
    const scripts = new SafeWeakMap<object, { page: boolean; text: string }>();
    const realms = new SafeWeakSet<object>();
    const script = {};
    const seen = underLies(() => {
      const before = scripts.get(script);
      scripts.set(script, { page: false, text: 'x' });
      const realmBefore = realms.has(script);
      realms.add(script);
      return [before, scripts.get(script), realmBefore, realms.has(script)];
    });
    expect(seen).toEqual([undefined, { page: false, text: 'x' }, false, true]);
  });

  it('SafeWeakMap.delete removes the entry even when WeakMap.prototype.delete is replaced', () => {
    const scripts = new SafeWeakMap<object, string>();
    const script = {};
    scripts.set(script, 'text');
    const original = Object.getOwnPropertyDescriptor(WeakMap.prototype, 'delete')!;
    Object.defineProperty(WeakMap.prototype, 'delete', { ...original, value: () => true });
    let deleted: boolean;
    try {
      deleted = scripts.delete(script);
    } finally {
      Object.defineProperty(WeakMap.prototype, 'delete', original);
    }
    expect(deleted).toBe(true);
    expect(scripts.has(script)).toBe(false);
  });

  it('a safe list keeps its elements past a replaced push and a setter on Array.prototype[0]', () => {
    const seen = underLies(() => {
      const batch = safeList<string>();
      const lengths = [append(batch, 'finding'), append(batch, 'second')];
      batch[0] = 'replaced'; // an assignment too: nothing on a prototype to reach
      return { lengths, first: batch[0], second: batch[1], length: batch.length };
    });
    expect(seen).toEqual({ lengths: [1, 2], first: 'replaced', second: 'second', length: 2 });
  });

  it('an ordinary array under the same lies loses the element (why lists have no prototype)', () => {
    const seen = underLies(() => {
      const batch: string[] = [];
      batch[0] = 'finding';
      return batch[0];
    });
    expect(seen).toBe('from the page');
  });

  it('a safe list is an array to Array.isArray and to structured clone (how batches leave)', () => {
    const batch = safeList<{ kind: string }>();
    append(batch, { kind: 'script-inserted' });
    expect(Array.isArray(batch)).toBe(true);
    const copy = structuredClone(batch) as unknown;
    expect(Array.isArray(copy)).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Array.prototype);
    expect(copy).toEqual([{ kind: 'script-inserted' }]);
  });
});
