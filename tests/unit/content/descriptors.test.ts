import { describe, expect, it } from 'vitest';
import { bare, ownDescriptor, setOwn } from '../../../src/content/main/descriptors.ts';
import { actorKey, inlineTextOf } from '../../../src/content/main/sensor.ts';
import { createPatcher } from '../../../src/content/main/patch.ts';

const shared = Object.prototype as Record<string, unknown>;

/** Runs `body` with `get` put on Object.prototype, as a hostile page may; the test runner itself needs it gone. */
function withPoisonedGet<T>(get: (...args: never[]) => unknown, body: () => T): T {
  shared.get = get;
  try {
    return body();
  } finally {
    delete shared.get;
  }
}

describe('bare', () => {
  it('gives the object no prototype and keeps its own fields', () => {
    const descriptor = bare({ value: 1, configurable: true });
    expect(Object.getPrototypeOf(descriptor)).toBe(null);
    expect(descriptor).toMatchObject({ value: 1, configurable: true });
  });

  it('keeps a data descriptor valid when the page puts `get` on Object.prototype', () => {
    const outcome = withPoisonedGet(
      () => undefined,
      () => {
        const plain = {};
        let plainThrew = false;
        try {
          Object.defineProperty(plain, 'x', { value: 1 });
        } catch {
          plainThrew = true;
        }
        const target = {};
        Object.defineProperty(target, 'x', bare({ value: 1 }));
        return { plainThrew, value: (target as { x: number }).x };
      },
    );
    expect(outcome).toEqual({ plainThrew: true, value: 1 });
  });

  it("hands the page's `get` trap nothing when a hooked constructor is read", () => {
    class Channel {
      readonly kind = 'channel';
    }
    const realm: Record<string, unknown> = { Channel };
    createPatcher().globalConstructor(realm, 'Channel', () => undefined);
    let leaked: unknown = null;
    const name = withPoisonedGet(
      ((target: object, key: PropertyKey, receiver: unknown) => {
        leaked = target;
        return Reflect.get(target, key, receiver);
      }) as never,
      () => (realm.Channel as { name: string }).name,
    );
    expect(name).toBe('Channel');
    expect(leaked).toBe(null);
  });
});

/** Runs `body` with an accessor on Object.prototype, as a hostile page may, recording what reached it. */
function withTrap<T>(name: string, body: (reached: unknown[]) => T): T {
  const reached: unknown[] = [];
  Object.defineProperty(shared, name, {
    configurable: true,
    get(this: unknown) {
      reached.push(this);
      return 'the page';
    },
    set(this: unknown) {
      reached.push(this);
    },
  });
  try {
    return body(reached);
  } finally {
    Reflect.deleteProperty(shared, name);
  }
}

describe('ownDescriptor', () => {
  it('gives a descriptor whose missing slots are missing, whatever the page put on Object.prototype', () => {
    const data = { x: 1 };
    const accessor = {
      get x() {
        return 1;
      },
    };
    const read = withPoisonedGet(
      () => 'the page',
      () => [
        ownDescriptor(data, 'x')?.value,
        ownDescriptor(data, 'x')?.get,
        typeof ownDescriptor(accessor, 'x')?.get,
        ownDescriptor(data, 'y'),
      ],
    );
    expect(read).toEqual([1, undefined, 'function', undefined]);
  });
});

describe('setOwn', () => {
  it('gives the object the field as its own, running no setter the page put on Object.prototype', () => {
    const evidence: Record<string, unknown> = { url: 'https://evil.example/' };
    const reached = withTrap('sha256', (seen) => {
      setOwn(evidence, 'sha256', 'ab');
      return seen;
    });
    expect(reached).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(evidence, 'sha256')).toEqual({
      value: 'ab',
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });
});

describe('fields Saq leaves out of its own objects', () => {
  it("are never the page's: an actor's key, an inline actor's text", () => {
    withTrap('url', (reached) => {
      expect(actorKey({ type: 'inline' })).toBe('inline|');
      expect(actorKey({ type: 'script', url: 'https://cdn.example/a.js' })).toBe('script|https://cdn.example/a.js');
      expect(reached).toEqual([]);
    });
    withTrap('text', (reached) => {
      expect(inlineTextOf({ actor: { type: 'anonymous' } })).toBeUndefined();
      expect(inlineTextOf({ actor: { type: 'inline' }, text: 'run()' })).toBe('run()');
      expect(reached).toEqual([]);
    });
  });
});
