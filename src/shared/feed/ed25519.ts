/**
 * Ed25519 verification with one accept/reject behaviour whichever backend runs.
 *
 * WebCrypto (Chrome 137+, Firefox 129+, Node 20) and @noble/curves strict mode disagree at the
 * edges: OpenSSL/BoringSSL use the cofactorless equation and accept small-order public keys, noble
 * uses the cofactored one and rejects them. So before either backend runs, we apply our own
 * pre-checks: exact lengths, S < L, canonical encodings of A and R, A not of small order, and A and R
 * both in the prime-order subgroup. With torsion-free A and R the cofactored and cofactorless
 * equations are equivalent, so both backends must then agree (tests run every vector through both).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesEqual } from './encoding.ts';

/** The group order L = 2^252 + 27742317777372353535851937790883648493. */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/** The subset of SubtleCrypto we use; injectable so tests can force the fallback path. */
export interface SubtleEd25519 {
  importKey(
    format: 'raw',
    key: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'Ed25519' },
    extractable: false,
    usages: ['verify'],
  ): Promise<CryptoKey>;
  verify(
    algorithm: { name: 'Ed25519' },
    key: CryptoKey,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

function scalarLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

/** Decode strictly (RFC 8032: y < p, no "negative zero" x) and demand a prime-order-subgroup point. */
function isCanonicalTorsionFree(encoded: Uint8Array): boolean {
  try {
    const p = ed25519.Point.fromBytes(encoded, false);
    // fromBytes already refuses y ≥ p; re-encoding also catches any other non-canonical spelling.
    if (!bytesEqual(p.toBytes(), encoded)) return false;
    return !p.isSmallOrder() && p.isTorsionFree();
  } catch {
    return false;
  }
}

/** The checks that make both backends agree; exported for the differential tests. */
export function passesStrictPrechecks(publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  if (scalarLE(signature.subarray(32)) >= L) return false;
  return isCanonicalTorsionFree(publicKey) && isCanonicalTorsionFree(signature.subarray(0, 32));
}

export function nobleVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Build a verifier. WebCrypto is preferred (native, constant-time); if importing an Ed25519 key
 * throws we assume the browser lacks Ed25519 and use noble from then on. Pre-checks have already
 * proven the key is a valid point, so an import failure cannot be a bad key.
 */
export function createEd25519Verifier(subtle: SubtleEd25519 | undefined = globalThis.crypto?.subtle): Ed25519Verify {
  let webCryptoWorks = subtle !== undefined;
  return async (publicKey, message, signature) => {
    if (!passesStrictPrechecks(publicKey, signature)) return false;
    if (webCryptoWorks && subtle) {
      let key: CryptoKey | undefined;
      try {
        key = await subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify']);
      } catch {
        webCryptoWorks = false;
      }
      if (key) {
        try {
          return await subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), new Uint8Array(message));
        } catch {
          return false;
        }
      }
    }
    return nobleVerify(publicKey, message, signature);
  };
}

/** Default verifier over the global WebCrypto. */
export const verifyEd25519: Ed25519Verify = createEd25519Verifier();

/** Deterministic Ed25519 signing from a 32-byte seed (CLI and test fixtures only). */
export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}
