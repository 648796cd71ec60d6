/**
 * Verify one pointer or rules document against a trusted root: exact bytes → envelope → threshold
 * of the right role → payload schema. Pure checks only; freshness and monotonicity are decided by
 * the caller, which knows the high-water marks and the clock.
 */
import { FeedError } from './errors.ts';
import { sha256Hex, utf8DecodeStrict } from './encoding.ts';
import type { Ed25519Verify } from './ed25519.ts';
import { openEnvelope } from './open-envelope.ts';
import { MAX_POINTER_BYTES, MAX_RULES_BYTES, parsePointerPayload } from './pointer.ts';
import type { Pointer } from './pointer.ts';
import { parseRulesPayload } from './rules-envelope.ts';
import type { RulesPayload } from './rules-envelope.ts';
import type { Root } from './root.ts';

export interface VerifiedPointer {
  doc: Pointer;
  text: string;
}

export interface VerifiedRules {
  doc: RulesPayload;
  text: string;
  sha256: string;
}

export async function verifyPointerBytes(root: Root, bytes: Uint8Array, feedId: string, verify: Ed25519Verify): Promise<VerifiedPointer> {
  if (bytes.length > MAX_POINTER_BYTES) throw new FeedError('TOO_LARGE', 'pointer larger than 8 KiB', 'timestamp.json');
  const { doc } = await openEnvelope(bytes, 'timestamp', root.roles.timestamp, verify, 'timestamp.json');
  return { doc: parsePointerPayload(doc, feedId), text: utf8DecodeStrict(bytes) };
}

export async function verifyRulesBytes(root: Root, bytes: Uint8Array, feedId: string, verify: Ed25519Verify): Promise<VerifiedRules> {
  if (bytes.length > MAX_RULES_BYTES) throw new FeedError('TOO_LARGE', 'rules larger than 4 MiB', 'rules');
  const { doc } = await openEnvelope(bytes, 'rules', root.roles.rules, verify, 'rules');
  return { doc: parseRulesPayload(doc, feedId), text: utf8DecodeStrict(bytes), sha256: await sha256Hex(bytes) };
}
