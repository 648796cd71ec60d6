/**
 * Root trust: the bundled anchor, and each step N → N+1 of the chain. A new root must satisfy the
 * OLD root's root role (so only current maintainers can rotate) and its OWN root role (so the new
 * key set has actually signed on), and be exactly version N+1 (no skipping, no replays).
 */
import { FeedError } from './errors.ts';
import { parseEnvelope } from './dsse.ts';
import { utf8DecodeStrict } from './encoding.ts';
import type { Ed25519Verify } from './ed25519.ts';
import { parseStrictJson } from './strict-json.ts';
import { verifyThreshold } from './threshold.ts';
import { openEnvelope } from './open-envelope.ts';
import { PAYLOAD_TYPES } from './payload.ts';
import { parseRootPayload, roleRotated } from './root.ts';
import type { Root } from './root.ts';
import type { RoleName } from './payload.ts';

export const MAX_ROOT_BYTES = 64 * 1024;
export const MAX_ROTATIONS_PER_REFRESH = 32;

/**
 * The anchor ships inside the extension, so it is trusted by packaging; it must still be
 * self-consistent and meet its own root threshold, which catches build mistakes.
 */
export async function verifyAnchorRoot(bytes: Uint8Array, feedId: string, verify: Ed25519Verify): Promise<Root> {
  if (bytes.length > MAX_ROOT_BYTES) throw new FeedError('TOO_LARGE', 'root larger than 64 KiB', 'root');
  const env = parseEnvelope(bytes);
  if (env.payloadType !== PAYLOAD_TYPES.root) throw new FeedError('WRONG_TYPE', 'not a root envelope', 'root $.payloadType');
  const root = await parseRootPayload(parseStrictJson(utf8DecodeStrict(env.payload)), feedId);
  await verifyThreshold(env, root.roles.root, verify, `root v${root.version}`);
  return root;
}

export async function verifyNextRoot(trusted: Root, bytes: Uint8Array, feedId: string, verify: Ed25519Verify): Promise<Root> {
  const what = `root/${trusted.version + 1}.root.json`;
  if (bytes.length > MAX_ROOT_BYTES) throw new FeedError('TOO_LARGE', 'root larger than 64 KiB', what);
  const { envelope, doc } = await openEnvelope(bytes, 'root', trusted.roles.root, verify, what);
  const next = await parseRootPayload(doc, feedId);
  if (next.version !== trusted.version + 1) {
    throw new FeedError('VERSION_MISMATCH', `expected root version ${trusted.version + 1}, got ${next.version}`, what);
  }
  await verifyThreshold(envelope, next.roles.root, verify, what);
  return next;
}

/** `verifyNextRoot`, noting in `rotated` each role whose keys the step changed. */
export async function stepRootChain(
  trusted: Root,
  bytes: Uint8Array,
  feedId: string,
  verify: Ed25519Verify,
  rotated: Set<RoleName>,
): Promise<Root> {
  const next = await verifyNextRoot(trusted, bytes, feedId, verify);
  noteRotations(trusted, next, rotated);
  return next;
}

/**
 * Add to `rotated` each role whose keys differ between `before` and `after`: the one rule for a root walked
 * from the feed (above) and for a newer root an extension update bundles (trusted-set.ts).
 */
export function noteRotations(before: Root, after: Root, rotated: Set<RoleName>): void {
  for (const role of ['root', 'timestamp', 'rules'] as const) if (roleRotated(before, after, role)) rotated.add(role);
}
