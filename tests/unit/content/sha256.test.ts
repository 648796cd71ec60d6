/**
 * The MAIN world's synchronous SHA-256 against Node's: every length around the padding's edges, random bytes,
 * a text that is not ASCII and one of a megabyte.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Steps } from '../../../src/content/main/sha256.ts';

const sha256Hex = (bytes: Uint8Array): string | null => sha256Steps(bytes)(Infinity);

const node = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256Hex', () => {
  it('gives the standard digest of the empty message and of "abc"', () => {
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("matches Node's digest for every length from 0 to 300 bytes (one, two and more blocks, each padding edge)", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      expect(sha256Hex(bytes), `length ${length}`).toBe(node(bytes));
    }
  });

  it('matches for text that is not ASCII, a view into a larger buffer, and a megabyte', () => {
    const text = new TextEncoder().encode('Ілбіс — күміс монета; «қасқыр» 🐆'.repeat(40));
    expect(sha256Hex(text)).toBe(node(text));
    const buffer = new Uint8Array(randomBytes(1000));
    const view = buffer.subarray(17, 917);
    expect(sha256Hex(view)).toBe(node(view));
    const large = new Uint8Array(randomBytes(1 << 20));
    expect(sha256Hex(large)).toBe(node(large));
  });

  it('gives the digest only once the last block is done, in steps of any size', () => {
    const bytes = new Uint8Array(randomBytes(64 * 10 + 20));
    const step = sha256Steps(bytes);
    const results = [step(3), step(3), step(3)];
    expect(results).toEqual([null, null, null]);
    expect(step(3)).toBe(node(bytes));
    expect(step(3)).toBe(node(bytes));
  });

  it("reads nothing the page replaces later: TypedArray's length getter, Math", () => {
    const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
    const saved = Object.getOwnPropertyDescriptor(typedArray, 'length')!;
    const floor = Math.floor;
    const bytes = new TextEncoder().encode('window.__helper = 1');
    const expected = node(bytes);
    try {
      Object.defineProperty(typedArray, 'length', { get: () => 3, configurable: true });
      Math.floor = () => 0;
      expect(sha256Hex(bytes)).toBe(expected);
    } finally {
      Object.defineProperty(typedArray, 'length', saved);
      Math.floor = floor;
    }
  });
});
