/**
 * Promise reactions a page cannot deny (src/content/main/settled.ts): a promise of a realm whose
 * Promise.prototype.constructor throws — what a page does to starve an extension of its reactions — still
 * settles into Saq's callback, and the promise is left as it was.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { whenSettled } from '../../../src/content/main/settled.ts';

/** A realm whose Promise.prototype.constructor is a getter that throws; the promises it makes. */
function trappedRealm(): { resolved: (value: unknown) => Promise<unknown>; rejected: () => Promise<unknown> } {
  return runInNewContext(`
    Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, get() { throw new Error('no reactions'); } });
    ({ resolved: (value) => Promise.resolve(value), rejected: () => Promise.reject(new Error('refused')) });
  `) as ReturnType<typeof trappedRealm>;
}

describe('whenSettled', () => {
  it('gets the value where then itself would throw, and leaves no own property behind', async () => {
    const realm = trappedRealm();
    const promise = realm.resolved(42);
    expect(() => Promise.prototype.then.call(promise, () => undefined)).toThrow('no reactions');
    const value = await new Promise((resolve) => expect(whenSettled(promise, resolve)).toBe(true));
    expect(value).toBe(42);
    expect(Reflect.ownKeys(promise)).toEqual([]);
  });

  it('calls `failed` for a rejection, and neither callback’s throw escapes', async () => {
    const realm = trappedRealm();
    const failed = await new Promise<string>((resolve) =>
      whenSettled(
        realm.rejected(),
        () => resolve('ok'),
        () => {
          resolve('failed');
          throw new Error('a callback that throws');
        },
      ),
    );
    expect(failed).toBe('failed');
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await new Promise<void>((resolve) =>
        whenSettled(realm.resolved(1), () => {
          resolve();
          throw new Error('thrown in ok');
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('says so when no reaction can be set: a frozen promise', () => {
    const promise = Object.freeze(Promise.resolve(1));
    expect(whenSettled(promise, () => undefined)).toBe(false);
  });
});
