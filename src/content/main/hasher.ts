/**
 * Hex SHA-256 of a script's text (an inline actor's name, an inserted script's evidence), computed where
 * page code cannot answer for it. The obvious `await crypto.subtle.digest(...)` would call, at hash time,
 * `Promise.prototype.then` and `TextEncoder`, the page's to replace; and even through captured natives, the
 * digest's promise resolves with an ArrayBuffer whose `then` the engine looks up on the page's
 * `Object.prototype` — a `then` put there was handed the digest to answer as it liked, or never. So the
 * text is encoded with the encoder captured at document_start and hashed in plain JavaScript
 * (main/sha256.ts: ~20 µs for 2 KB, ~8 ms a megabyte in Node on the CI machine): at once up to
 * SYNC_BYTES, and a larger text in steps of that size, each a task of its own (a timer the page can neither
 * hold back nor clear: natives.ts `after`), so a megabyte of code the page evals is not one long task inside its call.
 */
import { after, encodeText } from './natives.ts';
import { SafeMap } from './safe-collections.ts';
import { sha256Steps } from './sha256.ts';

/** Hashes remembered: a helper that inserts the same code a thousand times costs one hash. */
const REMEMBERED = 64;
/** Bytes hashed in one go (~0.5 ms): all of a text up to this size, before `hashOf` returns. */
const SYNC_BYTES = 65_536;
const BLOCKS_PER_STEP = SYNC_BYTES / 64;

/** `hashOf(text, done)`: `done` gets the hex SHA-256 (before `hashOf` returns, for a text up to SYNC_BYTES), or '' if it cannot be computed. */
export function createHasher(): (text: string, done: (hex: string) => void) => void {
  const known = new SafeMap<string, string>();
  const settle = (text: string, hex: string, done: (hex: string) => void): void => {
    if (known.size >= REMEMBERED) known.clear();
    known.set(text, hex);
    done(hex);
  };
  return (text, done) => {
    const hex = known.get(text);
    if (hex !== undefined) return done(hex);
    let step: (blocks: number) => string | null;
    try {
      step = sha256Steps(encodeText(text));
    } catch {
      return settle(text, '', done); // out of memory for a huge text: the finding still leaves, unhashed
    }
    const next = (): void => {
      const result = step(BLOCKS_PER_STEP);
      if (result === null) after(0, next);
      else settle(text, result, done);
    };
    next();
  };
}
