/**
 * Fidelity of the MAIN-world patcher: a hooked function must be indistinguishable from the original to
 * page code — same results and errors, same `this`, native-looking toString/name/length, no extra own
 * properties, the same behaviour under `new` — and every observer sees what the page did.
 * Runs on Node's own built-ins (no DOM needed: the patcher is pure JavaScript).
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createPatcher, hookLabel } from '../../../src/content/main/patch.ts';

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
const nodeToString = Function.prototype.toString;

/** A fresh object with native methods to patch (Node shares its realm with the test, so we copy). */
function target() {
  return { parse: JSON.parse, stringify: JSON.stringify, max: Math.max };
}

describe('patcher.method', () => {
  it('returns what the original returns, passes `this` and arguments, and reports them first', () => {
    const patcher = createPatcher();
    const seen: unknown[][] = [];
    const holder = {
      base: 10,
      add(this: { base: number }, a: number, b: number) {
        return this.base + a + b;
      },
    };
    const original = holder.add;
    patcher.method(holder, 'add', (self, args) => seen.push([self, ...args]));
    expect(holder.add(1, 2)).toBe(13);
    expect(seen).toEqual([[holder, 1, 2]]);
    expect(holder.add).not.toBe(original);
  });

  it('throws exactly what the original throws, and an observer that throws changes nothing', () => {
    const patcher = createPatcher();
    const t = target();
    patcher.method(t, 'parse', () => {
      throw new Error('observer bug');
    });
    expect(t.parse('{"a":1}')).toEqual({ a: 1 });
    let thrown: unknown;
    try {
      t.parse('{');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyntaxError);
  });

  it('looks native: toString, name, length, own keys, prototype, and no `new`', () => {
    const patcher = createPatcher();
    const t = target();
    const original = t.stringify;
    patcher.realm(Function.prototype);
    try {
      patcher.method(t, 'stringify', () => undefined);
      expect(t.stringify.toString()).toBe(original.toString());
      expect(Function.prototype.toString.call(t.stringify)).toMatch(NATIVE);
      expect(t.stringify.name).toBe('stringify');
      expect(t.stringify.length).toBe(original.length);
      expect(Reflect.ownKeys(t.stringify)).toEqual(Reflect.ownKeys(original));
      expect(Object.getPrototypeOf(t.stringify)).toBe(Function.prototype);
      expect('prototype' in t.stringify).toBe(false);
      expect(() => new (t.stringify as unknown as new () => object)()).toThrow(TypeError);
      // The disguise itself looks native, and ordinary functions still show their source.
      expect(Function.prototype.toString.toString()).toMatch(NATIVE);
      expect(Function.prototype.toString.name).toBe('toString');
      const plain = function plain() {
        return 42;
      };
      expect(plain.toString()).toContain('return 42');
    } finally {
      // Node's realm is shared with the test runner: give it its toString back.
      Object.defineProperty(Function.prototype, 'toString', { value: nodeToString });
    }
  });

  it('still looks native when two sensors wrap the same method (form submit: page requests and synthetic events)', () => {
    const patcher = createPatcher();
    const t = target();
    const original = t.max;
    const seen: string[] = [];
    patcher.realm(Function.prototype);
    try {
      patcher.method(t, 'max', () => void seen.push('first'));
      patcher.method(t, 'max', () => void seen.push('second'));
      expect(t.max(1, 5)).toBe(5);
      expect(seen).toEqual(['second', 'first']);
      // Before the fix the outer hook's disguise was the inner hook's source text.
      expect(t.max.toString()).toBe(original.toString());
      expect(Function.prototype.toString.call(t.max)).toMatch(NATIVE);
      expect(t.max.name).toBe('max');
      expect(t.max.length).toBe(original.length);
    } finally {
      Object.defineProperty(Function.prototype, 'toString', { value: nodeToString });
    }
  });

  it("keeps the original's own key order where it is not the engine's usual one (Firefox: `name` first)", () => {
    const patcher = createPatcher();
    // A function whose own keys are `name`, then `length`: the order a method has in Firefox.
    const original = {
      m(a: number, b: number) {
        return a + b;
      },
    }.m;
    delete (original as { length?: number }).length;
    Object.defineProperty(original, 'length', { value: 2, configurable: true });
    const holder = { m: original };
    patcher.method(holder, 'm', () => undefined);
    expect(Reflect.ownKeys(holder.m)).toEqual(['name', 'length']);
    expect(holder.m.length).toBe(2);
    expect(holder.m.name).toBe('m');
    expect(holder.m(1, 2)).toBe(3);
  });

  it('keeps the property descriptor shape (writable, enumerable, configurable)', () => {
    const patcher = createPatcher();
    const t = target();
    Object.defineProperty(t, 'max', { enumerable: false });
    const before = Object.getOwnPropertyDescriptor(t, 'max')!;
    patcher.method(t, 'max', () => undefined);
    const after = Object.getOwnPropertyDescriptor(t, 'max')!;
    expect({ ...after, value: undefined }).toEqual({ ...before, value: undefined });
  });

  it('hands `after` what `before` returned for the same call', () => {
    const patcher = createPatcher();
    const t = target();
    const tokens: unknown[] = [];
    patcher.method(
      t,
      'max',
      (_self, args) => args.length,
      (_self, _args, _result, token) => tokens.push(token),
    );
    t.max(1, 2, 3);
    t.max();
    expect(tokens).toEqual([3, 0]);
  });

  it('lets `after` see the result', () => {
    const patcher = createPatcher();
    const t = target();
    const results: unknown[] = [];
    patcher.method(t, 'max', undefined, (_self, _args, result) => results.push(result));
    expect(t.max(3, 9, 4)).toBe(9);
    expect(results).toEqual([9]);
  });
});

describe('patcher.constructor', () => {
  it('forwards calls and `new`, keeps identity in every place that held it, and stays reflective', () => {
    const sandbox = runInNewContext('({ Fn: Function, proto: Function.prototype })') as {
      Fn: FunctionConstructor;
      proto: { constructor: unknown };
    };
    const realm = { Function: sandbox.Fn };
    const original = sandbox.Fn;
    const seen: unknown[][] = [];
    const patcher = createPatcher();
    patcher.constructor(realm, 'Function', (args) => seen.push(args), [[sandbox.proto, 'constructor']], undefined, true);
    const Wrapped = realm.Function;
    expect(Wrapped).not.toBe(original);
    expect(sandbox.proto.constructor).toBe(Wrapped);
    expect(new Wrapped('a', 'return a * 2')(21)).toBe(42);
    expect(Wrapped('return 7')()).toBe(7);
    expect(seen).toEqual([['a', 'return a * 2'], ['return 7']]);
    expect(Wrapped.prototype).toBe(original.prototype);
    expect(Wrapped.name).toBe('Function');
    expect(Wrapped.length).toBe(original.length);
    expect(Reflect.ownKeys(Wrapped)).toEqual(Reflect.ownKeys(original));
    expect(() => Wrapped('{')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    class Sub extends (Wrapped as FunctionConstructor) {}
    expect(new Sub('return 1')).toBeInstanceOf(Sub);
  });

  it('wraps a global constructor and its prototype’s constructor together, and skips one the realm lacks', () => {
    class Channel {
      constructor(readonly url: string) {}
    }
    const realm: Record<string, unknown> = { Channel };
    const seen: unknown[][] = [];
    const patcher = createPatcher();
    patcher.globalConstructor(realm, 'Channel', (args) => seen.push(args));
    patcher.globalConstructor(realm, 'Missing', () => undefined);
    // Function's prototype is a function: it is wrapped all the same.
    const sandbox = runInNewContext('({ Function, proto: Function.prototype })') as { Function: FunctionConstructor; proto: object };
    patcher.globalConstructor(sandbox, 'Function', () => undefined);
    expect(sandbox.proto.constructor).toBe(sandbox.Function);
    expect(patcher.isHook(sandbox.Function)).toBe(true);
    const Wrapped = realm.Channel as typeof Channel;
    expect(Wrapped).not.toBe(Channel);
    expect(Wrapped.prototype.constructor).toBe(Wrapped);
    expect(new Wrapped('wss://a').url).toBe('wss://a');
    expect(new Wrapped('wss://a')).toBeInstanceOf(Channel);
    expect(seen).toEqual([['wss://a'], ['wss://a']]);
    // Called without `new`, a class (like a DOM constructor) throws before it reads its arguments: not observed.
    expect(() => (Wrapped as unknown as (url: string) => unknown)('wss://b')).toThrow(TypeError);
    expect(seen).toEqual([['wss://a'], ['wss://a']]);
    expect('Missing' in realm).toBe(false);
    expect(patcher.replaced()).toEqual([]);
  });

  it('puts the one wrapper at every alias of a global constructor and hands `made` each new object', () => {
    class Peer {
      constructor(readonly config: unknown) {}
    }
    const Other = class {
      readonly other = true;
    };
    const realm: Record<string, unknown> = { Peer, webkitPeer: Peer, notAnAlias: Other };
    const made: unknown[] = [];
    createPatcher().globalConstructor(
      realm,
      'Peer',
      () => undefined,
      ['webkitPeer', 'notAnAlias', 'missing'],
      (instance) => {
        made.push(instance);
        throw new Error('an observer failing does not fail the construction');
      },
    );
    const Wrapped = realm.Peer as typeof Peer;
    expect(realm.webkitPeer).toBe(Wrapped);
    expect(realm.notAnAlias).toBe(Other);
    expect('missing' in realm).toBe(false);
    const viaAlias = new (realm.webkitPeer as typeof Peer)({ a: 1 });
    const viaName = new Wrapped({ b: 2 });
    expect(made).toEqual([viaAlias, viaName]);
    expect(viaAlias).toBeInstanceOf(Peer);
  });

  it('gives a non-constructor the same TypeError under `new`', () => {
    const t = { fn: Math.max };
    createPatcher().constructor(t, 'fn', () => undefined);
    expect(() => new (t.fn as unknown as new () => object)()).toThrow(TypeError);
    expect(t.fn(1, 5)).toBe(5);
  });
});

describe('patcher.accessor', () => {
  it('reports reads and writes and keeps the values', () => {
    let stored = 'a';
    const holder = {};
    Object.defineProperty(holder, 'value', {
      get() {
        return stored;
      },
      set(value: string) {
        stored = value;
      },
      configurable: true,
      enumerable: true,
    });
    const reads: unknown[] = [];
    const writes: unknown[] = [];
    const patcher = createPatcher();
    const originalGet = Object.getOwnPropertyDescriptor(holder, 'value')!.get!;
    patcher.accessor(
      holder,
      'value',
      (_self, value) => reads.push(value),
      (_self, [value]) => writes.push(value),
    );
    (holder as { value: string }).value = 'b';
    expect((holder as { value: string }).value).toBe('b');
    expect(reads).toEqual(['b']);
    expect(writes).toEqual(['b']);
    const descriptor = Object.getOwnPropertyDescriptor(holder, 'value')!;
    expect(descriptor.get!.name).toBe(originalGet.name);
    expect(descriptor.enumerable).toBe(true);
  });
});

describe('patcher.replaced', () => {
  it('names the hooks page code replaced, and only those', () => {
    class Thing {
      parse(): number {
        return 1;
      }
      max(): number {
        return 2;
      }
    }
    const patcher = createPatcher();
    const proto = Thing.prototype;
    const originalParse = proto.parse;
    patcher.method(proto, 'parse', () => undefined);
    patcher.method(proto, 'max', () => undefined);
    patcher.method(proto, 'max', () => undefined); // a second sensor on the same method: the outer hook is watched
    expect(patcher.replaced()).toEqual([]);
    proto.parse = originalParse;
    const replaced = patcher.replaced();
    expect(Array.from(replaced, (hook) => hook.key)).toEqual(['parse']);
    expect(hookLabel(replaced[0]!)).toBe('Thing.prototype.parse');
  });

  it('watches each place apart: one key on two objects, and an accessor’s getter and setter', () => {
    const patcher = createPatcher();
    const a = target();
    const b = target();
    const originalA = a.parse;
    patcher.method(a, 'parse', () => undefined);
    patcher.method(b, 'parse', () => undefined);
    patcher.method(b, 'parse', () => undefined); // b's outer hook replaces b's entry, not a's
    let value = 0;
    const holder = {};
    Object.defineProperty(holder, 'value', { get: () => value, set: (v: number) => void (value = v), configurable: true });
    patcher.accessor(
      holder,
      'value',
      () => undefined,
      () => undefined,
    );
    expect(patcher.replaced()).toEqual([]);
    a.parse = originalA;
    const setter = Object.getOwnPropertyDescriptor(holder, 'value')!.set;
    Object.defineProperty(holder, 'value', { get: () => 1, set: setter, configurable: true });
    expect(
      Array.from(patcher.replaced(), (hook) => [hook.target === a ? 'a' : hook.target === b ? 'b' : 'holder', hook.key, hook.slot]),
    ).toEqual([
      ['a', 'parse', 'value'],
      ['holder', 'value', 'get'],
    ]);
  });

  it('ignores hooks installed untracked (a frame realm)', () => {
    const patcher = createPatcher();
    const t = target();
    patcher.untracked(() => patcher.method(t, 'parse', () => undefined));
    t.parse = JSON.parse;
    expect(patcher.replaced()).toEqual([]);
  });
});

describe('patcher.askToString', () => {
  it('runs `seen` once, inside the disguise’s call on the function it gave, and for no other call (hook-tamper.main.ts)', () => {
    const patcher = createPatcher();
    const functionPrototype = runInNewContext('Function.prototype') as { toString: (this: unknown) => string };
    patcher.realm(functionPrototype);
    const disguise = functionPrototype.toString;
    let seen = 0;
    const target = patcher.askToString(() => seen++);
    expect(disguise.call(JSON.parse)).toMatch(NATIVE);
    expect(seen).toBe(0);
    disguise.call(target);
    disguise.call(target);
    expect(seen).toBe(1);
    // Disarmed: a later probe's function is another.
    expect(patcher.askToString(null)).not.toBe(target);
  });
});
