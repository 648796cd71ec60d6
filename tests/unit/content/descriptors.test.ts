import { describe, expect, it } from 'vitest';
import { bare } from '../../../src/content/main/descriptors.ts';
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
