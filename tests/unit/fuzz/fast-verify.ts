/**
 * The production Ed25519 verifier (src/shared/feed/ed25519.ts) is `strict pre-checks && WebCrypto`.
 * The pre-checks (canonical, torsion-free A and R; S < L) cost ~25 ms per call in pure JS and depend
 * only on (public key, signature) — not on the message. Byte-mutation fuzzing changes the message far
 * more often than the signature, so this verifier memoises the pre-check per (key, signature) and
 * otherwise composes exactly the same two steps. Without it, 100,000 inputs would take most of an hour.
 * The signature-mutation property uses the real, unmemoised verifiers.
 */
import { hexEncode } from '../../../src/shared/feed/encoding.ts';
import { passesStrictPrechecks } from '../../../src/shared/feed/ed25519.ts';
import type { Ed25519Verify } from '../../../src/shared/feed/ed25519.ts';

const prechecked = new Map<string, boolean>();

export const memoisedVerify: Ed25519Verify = async (publicKey, message, signature) => {
  const memoKey = `${hexEncode(publicKey)}:${hexEncode(signature)}`;
  let passes = prechecked.get(memoKey);
  if (passes === undefined) {
    passes = passesStrictPrechecks(publicKey, signature);
    prechecked.set(memoKey, passes);
  }
  if (!passes) return false;
  const key = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), new Uint8Array(message));
};
