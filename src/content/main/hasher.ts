/**
 * Hex SHA-256 of a script's text (an inline actor's name, an inserted script's evidence), computed where
 * page code cannot answer for it. The obvious `await crypto.subtle.digest(...)` and a `for…of` over the
 * bytes would call, at hash time, `Promise.prototype.then` (an `await` asks the promise's `constructor`
 * first), `TextEncoder`, the array iterator and `Number.prototype.toString` — all the page's to replace,
 * and so to name any hash it likes. Here the encoder, the digest, `then` and Uint8Array are the natives
 * captured at document_start, and each byte is read by index into a table built then; the result reaches
 * a callback, never a promise the page could resolve. At worst a page can make the digest fail: the hash
 * is then empty, never forged.
 */
import { digest, encodeText, NativeUint8Array, whenSettled } from './natives.ts';
import { append, safeList, SafeMap, type SafeList } from './safe-collections.ts';

/** Hashes remembered: a helper that inserts the same code a thousand times costs one digest. */
const REMEMBERED = 64;
const SHA256_BYTES = 32;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX[i] = (i < 16 ? '0' : '') + i.toString(16);

function hexOf(buffer: ArrayBuffer): string {
  const bytes = new NativeUint8Array(buffer);
  let hex = '';
  for (let i = 0; i < SHA256_BYTES; i++) hex += HEX[bytes[i]!]!;
  return hex;
}

/** `hashOf(text, done)`: `done` gets the hex SHA-256 (at once when remembered), or '' if it cannot be computed. */
export function createHasher(): (text: string, done: (hex: string) => void) => void {
  const known = new SafeMap<string, string>();
  const waiting = new SafeMap<string, SafeList<(hex: string) => void>>();

  const settle = (text: string, hex: string): void => {
    const callbacks = waiting.get(text);
    waiting.delete(text);
    if (known.size >= REMEMBERED) known.clear();
    known.set(text, hex);
    if (callbacks) for (let i = 0; i < callbacks.length; i++) callbacks[i]!(hex);
  };

  return (text, done) => {
    const hex = known.get(text);
    if (hex !== undefined) return done(hex);
    const callbacks = waiting.get(text);
    if (callbacks) return void append(callbacks, done);
    const first = safeList<(hex: string) => void>();
    append(first, done);
    waiting.set(text, first);
    let hashing = false;
    try {
      hashing = whenSettled(
        digest('SHA-256', encodeText(text)),
        (buffer) => settle(text, hexOf(buffer)),
        () => settle(text, ''),
      );
    } catch {
      // The digest refused the text.
    }
    if (!hashing) settle(text, '');
  };
}
