/**
 * Hooks that the page cannot tell from the originals. A wrapper behaves exactly like the function it
 * replaces (same `this`, arguments, return value and thrown errors; the observer runs inside try/catch)
 * and looks native: `toString()` gives the original's text (one WeakMap consulted by a patched
 * Function.prototype.toString in each realm), `name`, `length` and the prototype are the original's,
 * and it has no other own properties. Method wrappers are method-shorthand functions, so like native
 * methods they cannot be called with `new`; constructors are wrapped in a Proxy, which forwards
 * `new`, `prototype` and every reflective query to the original.
 *
 * Every installed hook is remembered, so the defence sensor can notice page code putting something
 * else in its place. Pure JavaScript (no DOM): tests/unit/content/patch.test.ts checks the fidelity.
 */
import { bare, ownDescriptor } from './descriptors.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';

type Fn = (...args: never[]) => unknown;
/**
 * `result` is the return value for `after` observers; `token` is what the `before` observer of the same
 * call returned (work it did on the arguments, so `after` need not redo it).
 */
export type Observer = (self: unknown, args: Args, result?: unknown, token?: unknown) => unknown;
/** A call's arguments as the wrapper got them (its `arguments`: no copy into an array per call). */
export type Args = ArrayLike<unknown> & Iterable<unknown>;

export interface InstalledHook {
  target: object;
  key: string;
  /** Which part of the property descriptor holds our function. */
  slot: 'value' | 'get' | 'set';
  hook: unknown;
}

// Captured when the bundle starts (document_start): page code may replace the globals later.
const { defineProperty, getPrototypeOf, hasOwn, setPrototypeOf } = Object;
const { apply, construct, deleteProperty, ownKeys } = Reflect;
const nativeToString = Function.prototype.toString;
const NativeProxy = Proxy;
/** Whether this engine gives a method-shorthand function the own keys a native has, in the same order. */
const methodKeys = ownKeys({ m() {} }.m);
const METHOD_KEYS_IN_NATIVE_ORDER = methodKeys.length === 2 && methodKeys[0] === 'length' && methodKeys[1] === 'name';

export function createPatcher() {
  /**
   * Each hook and the function whose text it shows. The text is made only when the page asks for it (most
   * pages never do), not at install: 120-odd strings a document (docs/performance.md, page load).
   */
  const disguises = new SafeWeakMap<object, Fn>();
  const installed = safeList<InstalledHook>();
  // Hooks in a same-origin frame's realm are not watched for replacement (and not kept alive here).
  let tracking = true;

  /** The text the page must see for a function: its original's, through a hook wrapped by another sensor's. */
  const nativeText = (fn: Fn): string => {
    let shown = fn;
    for (let next = disguises.get(shown); next !== undefined; next = disguises.get(shown)) shown = next;
    return apply(nativeToString, shown, []) as string;
  };

  function look(wrapper: object, original: Fn): void {
    disguises.set(wrapper, original);
    // Same own keys in the same order as the original. Engines differ: V8 gives a method and a native
    // `length` then `name`, so their values are redefined in place; Firefox makes a method's `name` first,
    // so there both are deleted and added back in the original's order. (Deleting in V8 turns each wrapper
    // into a dictionary-mode object: an allocation per hook on every page load.) Loops by index: a
    // same-origin frame's realm is hooked after page code could replace the array iterator.
    const keys = ownKeys(original);
    if (!(METHOD_KEYS_IN_NATIVE_ORDER && keys.length === 2 && keys[0] === 'length' && keys[1] === 'name')) {
      deleteProperty(wrapper, 'name');
      deleteProperty(wrapper, 'length');
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 'length' || key === 'name') defineProperty(wrapper, key, ownDescriptor(original, key)!);
    }
    // A wrapper installed into another realm (a same-origin iframe) gets that realm's Function.prototype.
    const prototype = getPrototypeOf(original) as object | null;
    if (getPrototypeOf(wrapper) !== prototype) setPrototypeOf(wrapper, prototype);
  }

  /** One observing wrapper: `before` sees the arguments, `after` also the result; neither can throw. */
  function wrap(original: Fn, before?: Observer, after?: Observer): Fn {
    const wrapper = {
      // `arguments`, not a rest parameter: Firefox copies a rest array on every call (+0.2 µs a hooked call).
      /* eslint-disable prefer-rest-params */
      w(this: unknown): unknown {
        let token: unknown;
        if (before)
          try {
            token = before(this, arguments);
          } catch {
            // Sensors observe; they never change what the page sees.
          }
        const result = apply(original, this, arguments);
        if (after)
          try {
            after(this, arguments, result, token);
          } catch {
            // As above.
          }
        return result;
      },
      /* eslint-enable prefer-rest-params */
    }.w;
    look(wrapper, original);
    return wrapper as Fn;
  }

  function install(target: object, key: string, slot: InstalledHook['slot'], hook: unknown, descriptor: PropertyDescriptor): void {
    // The descriptor is the property's own, prototype-less (ownDescriptor): changed in place, not copied.
    (descriptor as Record<string, unknown>)[slot] = hook;
    defineProperty(target, key, descriptor);
    if (!tracking) return;
    // Two sensors may wrap the same method: the outer wrapper is the one to watch.
    for (let i = 0; i < installed.length; i++) {
      const entry = installed[i]!;
      if (entry.target === target && entry.key === key && entry.slot === slot) return void (entry.hook = hook);
    }
    append(installed, { target, key, slot, hook });
  }

  /** Wraps a method stored as a data property (`Node.prototype.appendChild`, `window.fetch`). */
  function method(target: object, key: string, before?: Observer, after?: Observer): void {
    const descriptor = ownDescriptor(target, key);
    if (typeof descriptor?.value === 'function') install(target, key, 'value', wrap(descriptor.value as Fn, before, after), descriptor);
  }

  /**
   * Wraps an accessor: `onGet` gets the value read, `onSet` runs after a write with the value as args[0]
   * (and what `beforeSet`, run before the write, returned as its token).
   */
  function accessor(
    target: object,
    key: string,
    onGet?: (self: unknown, value: unknown) => void,
    onSet?: Observer,
    beforeSet?: Observer,
  ): void {
    const descriptor = ownDescriptor(target, key);
    if (onGet && descriptor?.get) {
      const hook = wrap(descriptor.get as Fn, undefined, (self, _args, value) => onGet(self, value));
      install(target, key, 'get', hook, descriptor); // which now holds the hook: the setter's install keeps it
    }
    if (onSet && descriptor?.set) install(target, key, 'set', wrap(descriptor.set as Fn, beforeSet, onSet), descriptor);
  }

  /**
   * Wraps a constructor (`Function`, `WebSocket`) in a Proxy: `new` passes `onCall`, and so does a plain call
   * where the constructor is `callable` without `new` (`Function('…')`); a DOM constructor called so throws
   * before it reads its arguments, and `onCall` (which may make text of them) must not run then either. `made`
   * gets each object `new` made (before the caller has it). `alsoAt`: other places that hold the same
   * constructor (`Function.prototype.constructor`, an alias such as `webkitRTCPeerConnection`), so that
   * identities the page may compare stay equal and no name reaches the original.
   */
  function constructor(
    target: object,
    key: string,
    onCall: (args: unknown[]) => void,
    alsoAt: ArrayLike<readonly [object, string]> = [],
    made?: (instance: object) => void,
    callable = false,
  ): void {
    const descriptor = ownDescriptor(target, key);
    const original = descriptor?.value as Fn | undefined;
    if (typeof original !== 'function') return;
    const observe = (args: unknown[]): void => {
      try {
        onCall(args);
      } catch {
        // Observation only.
      }
    };
    // Prototype-less: a trap the page put on Object.prototype (`get`) would run on every read of the hook.
    const proxy = new NativeProxy(
      original,
      bare<ProxyHandler<Fn>>({
        apply(fn, self, args: unknown[]) {
          if (callable) observe(args);
          return apply(fn, self, args);
        },
        construct(fn, args: unknown[], newTarget: Fn) {
          observe(args);
          const instance = construct(fn, args, newTarget) as object;
          if (made)
            try {
              made(instance);
            } catch {
              // Observation only.
            }
          return instance;
        },
      }),
    );
    disguises.set(proxy, original);
    install(target, key, 'value', proxy, descriptor!);
    for (let i = 0; i < alsoAt.length; i++) {
      const owner = alsoAt[i]![0];
      const name = alsoAt[i]![1];
      const other = ownDescriptor(owner, name);
      if (other?.value === original) install(owner, name, 'value', proxy, other);
    }
  }

  /**
   * Wraps a realm's global constructor (`WebSocket`, `Worker`, `Function`) where the browser has it, and the
   * same function at its prototype's `constructor`, so `X.prototype.constructor === X` still holds, and at
   * the realm's `aliases` (other global names of the same function). `made` as for `constructor`.
   */
  function globalConstructor(
    realm: object,
    name: string,
    onCall: (args: unknown[]) => void,
    aliases: readonly string[] = [],
    made?: (instance: object) => void,
    callable = false,
  ): void {
    const original = ownDescriptor(realm, name)?.value as { prototype?: unknown } | undefined;
    // Function.prototype is itself a function.
    const prototype = typeof original === 'function' ? original.prototype : undefined;
    if ((typeof prototype !== 'object' || prototype === null) && typeof prototype !== 'function') return;
    // Grown by `append`: an index written past the end would pass a setter the page put on Array.prototype.
    const alsoAt = safeList<[object, string]>();
    append(alsoAt, [prototype, 'constructor']);
    for (let i = 0; i < aliases.length; i++) append(alsoAt, [realm, aliases[i]!]);
    constructor(realm, name, onCall, alsoAt, made, callable);
  }

  /** A toString replacement being asked who wrote it (`askToString`): the function it is asked about, and what to run. */
  let probe: { target: object; seen: () => void } | null = null;

  /**
   * Arms Saq's toString disguise to run `seen` when it is next called on the function returned — a function no other
   * call of the page's passes —, once; null disarms it. sensors/hook-tamper.main.ts calls the page's own toString
   * replacement on it, in a task of its own and armed only for that call, so that `seen` runs with the replacement's
   * frames on the stack and, below them, only a wrapper of Saq's the stack reader drops: who wrote it.
   */
  function askToString(seen: (() => void) | null): object {
    const target = { m() {} }.m;
    probe = seen === null ? null : { target, seen };
    return target;
  }

  /** Installs the toString disguise in a realm (the page's own, or a same-origin frame's). */
  function realm(functionPrototype: object): void {
    const descriptor = ownDescriptor(functionPrototype, 'toString')!;
    const realmToString = descriptor.value as Fn;
    const toString = {
      toString(this: unknown): string {
        if (probe !== null && this === probe.target) {
          const { seen } = probe;
          probe = null;
          try {
            seen();
          } catch {
            // Saq's own reading; the page's call goes on.
          }
        }
        return typeof this === 'function' && disguises.has(this) ? nativeText(this as Fn) : (apply(realmToString, this, []) as string);
      },
    }.toString;
    look(toString, realmToString);
    install(functionPrototype, 'toString', 'value', toString, descriptor);
  }

  /** Hooks whose property no longer holds our function: page code replaced them. */
  const replaced = (): SafeList<InstalledHook> => {
    // A loop and `append`, not filter(): the page's Array.prototype.filter must not hide a replacement.
    const found = safeList<InstalledHook>();
    for (let i = 0; i < installed.length; i++) {
      const entry = installed[i]!;
      if (ownDescriptor(entry.target, entry.key)?.[entry.slot] !== entry.hook) append(found, entry);
    }
    return found;
  };

  /** Runs `install` with replacement tracking off (for a child realm's hooks). */
  function untracked(installAll: () => void): void {
    tracking = false;
    try {
      installAll();
    } finally {
      tracking = true;
    }
  }

  /** Whether a function is one of Saq's hooks (in any realm). */
  const isHook = (fn: unknown): boolean => typeof fn === 'function' && disguises.has(fn);

  return { method, accessor, constructor, globalConstructor, realm, replaced, untracked, isHook, askToString };
}

/** Names a hooked property for evidence: `window.fetch`, `EventTarget.prototype.addEventListener`. */
export function hookLabel(hook: InstalledHook): string {
  const { target } = hook;
  const owner = ownDescriptor(target, 'constructor')?.value as { name?: unknown } | undefined;
  const name =
    hasOwn(target, 'window') && (target as { window?: unknown }).window === target
      ? 'window'
      : typeof owner?.name === 'string'
        ? `${owner.name}.prototype`
        : 'object';
  return `${name}.${hook.key}`;
}

export type Patcher = ReturnType<typeof createPatcher>;
