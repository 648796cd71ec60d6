/**
 * Threshold verification: count DISTINCT authorised public keys whose signature verifies. The keyid
 * hint only selects which authorised key to try; repeating a signature, or one key under two
 * keyids, cannot count twice; keys of unknown type are not in the role's usable set at all.
 */
import { FeedError } from './errors.ts';
import { hexEncode } from './encoding.ts';
import { pae } from './dsse.ts';
import type { Envelope } from './dsse.ts';
import type { Ed25519Verify } from './ed25519.ts';
import type { RoleKeys } from './root.ts';

export async function verifyThreshold(env: Envelope, role: RoleKeys, verify: Ed25519Verify, what: string): Promise<void> {
  const message = pae(env.payloadType, env.payload);
  const counted = new Set<string>();
  for (const s of env.signatures) {
    const key = role.keys.get(s.keyid);
    if (!key || !s.sig) continue;
    const id = hexEncode(key);
    if (counted.has(id)) continue;
    if (await verify(key, message, s.sig)) counted.add(id);
  }
  if (counted.size < role.threshold) {
    throw new FeedError('THRESHOLD_NOT_MET', `${counted.size} of ${role.threshold} required signatures verified`, what);
  }
}
