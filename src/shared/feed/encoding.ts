/**
 * Byte/text codecs with one defined behaviour for every edge case, because signatures are checked
 * over exact bytes: a lenient decoder would let two different inputs mean the same thing.
 */
import { FeedError } from './errors.ts';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_LOOKUP = buildLookup(STD);
const URL_LOOKUP = buildLookup(URL);

function buildLookup(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

/**
 * Decode base64. DSSE producers use either alphabet, so both are accepted, but never mixed in one
 * string. Padding is optional; when present it must be exactly right, and the unused low bits of
 * the last character must be zero so that each byte string has exactly one accepted encoding per
 * alphabet and padding choice.
 */
export function base64Decode(text: string, path = '$'): Uint8Array {
  const fail = (why: string): never => {
    throw new FeedError('BAD_ENCODING', `invalid base64: ${why}`, path);
  };
  const usesStd = /[+/]/.test(text);
  const usesUrl = /[-_]/.test(text);
  if (usesStd && usesUrl) fail('mixed alphabets');
  const lookup = usesUrl ? URL_LOOKUP : STD_LOOKUP;
  let body = text;
  const padMatch = /=+$/.exec(text);
  if (padMatch) {
    if (text.length % 4 !== 0) fail('padded length not a multiple of 4');
    if (padMatch[0].length > 2) fail('too much padding');
    body = text.slice(0, -padMatch[0].length);
  }
  if (body.length % 4 === 1) fail('impossible length');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? (lookup[c] ?? -1) : -1;
    if (v < 0) fail(`bad character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) fail('non-zero trailing bits');
  return out;
}

/** Standard alphabet with padding: what our own signer and storage emit. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += STD[n >> 18]! + STD[(n >> 12) & 63]! + STD[(n >> 6) & 63]! + STD[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += STD[n >> 18]! + STD[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += STD[n >> 18]! + STD[(n >> 12) & 63]! + STD[(n >> 6) & 63]! + '=';
  }
  return out;
}

export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lower-case hex only: keyids and hashes are compared as strings, so one spelling per value. */
export function hexDecode(text: string, path = '$'): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new FeedError('BAD_ENCODING', 'invalid lower-case hex', path);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Strict UTF-8: invalid sequences throw, and a leading BOM is rejected rather than silently
 * stripped (ignoreBOM keeps it in the output so we can see it). Valid UTF-8 ⇄ string is then a
 * bijection, which is why storage may keep the text instead of the bytes.
 */
export function utf8DecodeStrict(bytes: Uint8Array, path = '$'): string {
  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    throw new FeedError('BAD_ENCODING', 'invalid UTF-8', path);
  }
  if (text.charCodeAt(0) === 0xfeff) throw new FeedError('BAD_ENCODING', 'byte order mark not allowed', path);
  return text;
}

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** SHA-256 through WebCrypto, present in every context the feed client runs in. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const copy = new Uint8Array(bytes); // digest wants an ArrayBuffer-backed view
  return new Uint8Array(await crypto.subtle.digest('SHA-256', copy));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hexEncode(await sha256(bytes));
}
