/**
 * Hex SHA-256 of a script's text (an inline actor's name, an inserted script's evidence), computed where
 * page code cannot answer for it. The obvious `await crypto.subtle.digest(...)` would call, at hash time,
 * `Promise.prototype.then` and `TextEncoder`, the page's to replace; and even through captured natives, the
 * digest's promise resolves with an ArrayBuffer whose `then` the engine looks up on the page's
 * `Object.prototype` — a `then` put there was handed the digest to answer as it liked, or never. So the
 * text is encoded with the encoder captured at document_start and hashed in plain JavaScript, at once
 * (main/sha256.ts: ~30 µs for 2 KB of text, ~12 ms for a megabyte, in Node on the CI machine).
 */
import { encodeText } from './natives.ts';
import { SafeMap } from './safe-collections.ts';
import { sha256Hex } from './sha256.ts';

/** Hashes remembered: a helper that inserts the same code a thousand times costs one hash. */
const REMEMBERED = 64;

/** `hashOf(text, done)`: `done` gets the hex SHA-256 before `hashOf` returns, or '' if it cannot be computed. */
export function createHasher(): (text: string, done: (hex: string) => void) => void {
  const known = new SafeMap<string, string>();
  return (text, done) => {
    let hex = known.get(text);
    if (hex === undefined) {
      try {
        hex = sha256Hex(encodeText(text));
      } catch {
        hex = ''; // out of memory for a huge text: the finding still leaves, unhashed
      }
      if (known.size >= REMEMBERED) known.clear();
      known.set(text, hex);
    }
    done(hex);
  };
}
