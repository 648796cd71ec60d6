/**
 * The root role: which keys exist and which role each may sign for, with thresholds. Validation
 * refuses any root whose meaning is ambiguous (keyid not the key's hash, one key under two keyids,
 * a threshold that can never or always be met).
 */
import { z } from 'zod';
import { FeedError } from './errors.ts';
import { hexDecode, hexEncode, sha256 } from './encoding.ts';
import type { JsonValue } from './strict-json.ts';
import { dateSchema, feedIdSchema, hex64Schema, parsePayload, readHeader, ROLE_NAMES, versionSchema } from './payload.ts';
import type { PayloadHeader, RoleName } from './payload.ts';

export const ED25519 = 'ed25519';

const keySchema = z.strictObject({
  keytype: z.string().min(1).max(64),
  public: z.string().regex(/^[0-9a-f]{2,1024}$/),
});
const roleSchema = z.strictObject({
  keyids: z.array(hex64Schema).max(64),
  threshold: z.number().int(),
});
const rootSchema = z.strictObject({
  _type: z.literal('root'),
  feed_id: feedIdSchema,
  version: versionSchema,
  issued: dateSchema,
  expires: dateSchema,
  keys: z.record(hex64Schema, keySchema),
  roles: z.strictObject({ root: roleSchema, timestamp: roleSchema, rules: roleSchema }),
});
export type RootPayloadJson = z.infer<typeof rootSchema>;

export interface RoleKeys {
  /** keyid → raw 32-byte Ed25519 key; keys of unknown keytype are absent: they can never count. */
  keys: ReadonlyMap<string, Uint8Array>;
  /** All keyids listed for the role, including unusable ones (used to detect rotation). */
  keyids: readonly string[];
  threshold: number;
}

export interface Root extends PayloadHeader {
  roles: Readonly<Record<RoleName, RoleKeys>>;
}

export async function parseRootPayload(doc: JsonValue, feedId: string): Promise<Root> {
  const p = parsePayload(doc, 'root', 'root', feedId, rootSchema);
  const header = readHeader(p);
  const byKeyBytes = new Set<string>();
  const usable = new Map<string, Uint8Array>();
  for (const [keyid, entry] of Object.entries(p.keys)) {
    const path = `$.keys.${keyid}`;
    const raw = hexDecode(entry.public, `${path}.public`);
    if ((await sha256Hex(raw)) !== keyid) throw new FeedError('BAD_ROOT', 'keyid is not sha256 of the public key', path);
    const norm = hexEncode(raw);
    if (byKeyBytes.has(norm)) throw new FeedError('BAD_ROOT', 'same public key listed twice', path);
    byKeyBytes.add(norm);
    if (entry.keytype === ED25519) {
      if (raw.length !== 32) throw new FeedError('BAD_ROOT', 'ed25519 key must be 32 bytes', `${path}.public`);
      usable.set(keyid, raw);
    }
  }
  const roles = {} as Record<RoleName, RoleKeys>;
  for (const name of ROLE_NAMES) {
    const role = p.roles[name];
    const path = `$.roles.${name}`;
    if (new Set(role.keyids).size !== role.keyids.length) throw new FeedError('BAD_ROOT', 'duplicate keyid', `${path}.keyids`);
    const keys = new Map<string, Uint8Array>();
    for (const id of role.keyids) {
      if (!Object.hasOwn(p.keys, id)) throw new FeedError('BAD_ROOT', `unknown keyid ${id}`, `${path}.keyids`);
      const k = usable.get(id);
      if (k) keys.set(id, k);
    }
    // Threshold must be reachable by usable keys, and at least 1 (0 would accept anything).
    if (role.threshold < 1 || role.threshold > keys.size) {
      throw new FeedError('BAD_ROOT', `threshold ${role.threshold} not in 1..${keys.size}`, `${path}.threshold`);
    }
    roles[name] = { keys, keyids: [...role.keyids], threshold: role.threshold };
  }
  return { ...header, roles };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hexEncode(await sha256(bytes));
}

/**
 * A role "rotated" when its set of authorised keyids changed (as in TUF). Then the high-water mark
 * and time floor gathered under the old keys may be attacker-made (fast-forward by a compromised
 * key, spec rows 21–22) and are reset. A threshold change alone is not a rotation.
 */
export function roleRotated(before: Root, after: Root, role: RoleName): boolean {
  const a = before.roles[role];
  const b = after.roles[role];
  if (a.keyids.length !== b.keyids.length) return true;
  const set = new Set(a.keyids);
  return b.keyids.some((id) => !set.has(id));
}
