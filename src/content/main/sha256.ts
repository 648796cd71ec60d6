/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, synchronous: the hash of a script's text must come back without a
 * promise. `crypto.subtle.digest` resolves its promise with an ArrayBuffer, and resolving a promise with an
 * object looks up that object's `then` — on the page's `Object.prototype`, in the MAIN world. A page that put a
 * `then` there was handed every digest: it could answer with a hash of its choosing, or never answer, and the
 * finding waiting for the hash never left.
 *
 * Only typed arrays indexed in range (which never consult a prototype), arithmetic and the constructors and
 * getters captured when the bundle starts: nothing here is the page's to replace. Checked against Node's
 * crypto in tests/unit/content/sha256.test.ts.
 */
const NativeInt32Array = Int32Array;
const byteLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength')!.get!;
const { apply } = Reflect;

/** The first 32 bits of the fractional part of `x` (the standard's way of deriving its constants). */
const { floor, min, sqrt, cbrt } = Math;
const fraction = (x: number): number => ((x - floor(x)) * 4294967296) | 0;

/** Round constants (cube roots of the first 64 primes) and the initial hash (square roots of the first 8). */
const K = new NativeInt32Array(64);
const INITIAL = new NativeInt32Array(8);
for (let n = 2, found = 0; found < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++)
    if (n % d === 0) {
      prime = false;
      break;
    }
  if (!prime) continue;
  if (found < 8) INITIAL[found] = fraction(sqrt(n));
  K[found++] = fraction(cbrt(n));
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX[i] = (i < 16 ? '0' : '') + i.toString(16);

const rotate = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * A SHA-256 of `bytes` worked through in steps: `step(blocks)` hashes up to that many 64-byte blocks and
 * gives the hex digest once the last is done (null before). Blocks are read straight from `bytes` — the
 * padding and the length made up as they are reached — so no padded copy of a large text is made.
 */
export function sha256Steps(bytes: Uint8Array): (blocks: number) => string | null {
  const length = apply(byteLength, bytes, []) as number;
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: whole 64-byte blocks of big-endian words.
  const total = floor((length + 9 + 63) / 64);
  const lengthHigh = floor(length / 536870912) | 0;
  const lengthLow = (length * 8) | 0;
  const byteAt = (i: number): number => (i < length ? bytes[i]! : i === length ? 0x80 : 0);
  const hash = new NativeInt32Array(8);
  for (let i = 0; i < 8; i++) hash[i] = INITIAL[i]!;
  const w = new NativeInt32Array(64);
  let block = 0;
  let hex: string | null = null;

  return (blocks) => {
    for (const end = min(total, block + blocks); block < end; block++) {
      const start = block * 64;
      for (let t = 0; t < 16; t++) {
        const i = start + t * 4;
        w[t] =
          i + 3 < length
            ? (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!
            : (byteAt(i) << 24) | (byteAt(i + 1) << 16) | (byteAt(i + 2) << 8) | byteAt(i + 3);
      }
      if (block === total - 1) {
        w[14] = lengthHigh;
        w[15] = lengthLow;
      }
      compress(hash, w);
    }
    if (block === total && hex === null) {
      hex = '';
      for (let i = 0; i < 8; i++) {
        const word = hash[i]!;
        hex += HEX[(word >>> 24) & 255]! + HEX[(word >>> 16) & 255]! + HEX[(word >>> 8) & 255]! + HEX[word & 255]!;
      }
    }
    return hex;
  };
}

/** One block (its 16 words in `w`) into the running hash. */
function compress(hash: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3);
    const s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = hash[0]!;
  let b = hash[1]!;
  let c = hash[2]!;
  let d = hash[3]!;
  let e = hash[4]!;
  let f = hash[5]!;
  let g = hash[6]!;
  let h = hash[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
    const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  hash[0] = hash[0]! + a;
  hash[1] = hash[1]! + b;
  hash[2] = hash[2]! + c;
  hash[3] = hash[3]! + d;
  hash[4] = hash[4]! + e;
  hash[5] = hash[5]! + f;
  hash[6] = hash[6]! + g;
  hash[7] = hash[7]! + h;
}
