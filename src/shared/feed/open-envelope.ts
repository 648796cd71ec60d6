/**
 * Verify-then-parse for one signed document: envelope shape, payload type, threshold over PAE, and
 * only then decode and parse the payload. Unverified payload bytes never reach the JSON parser.
 */
import { FeedError } from './errors.ts';
import { parseEnvelope } from './dsse.ts';
import type { Envelope } from './dsse.ts';
import { utf8DecodeStrict } from './encoding.ts';
import type { Ed25519Verify } from './ed25519.ts';
import { parseStrictJson } from './strict-json.ts';
import type { JsonValue } from './strict-json.ts';
import { verifyThreshold } from './threshold.ts';
import { PAYLOAD_TYPES } from './payload.ts';
import type { RoleName } from './payload.ts';
import type { RoleKeys } from './root.ts';

/** How a rules payload is parsed, everywhere (client, CLI, tests). */
export const RULES_JSON = { fractionsUnder: ['body'] } as const;

export interface Opened {
  envelope: Envelope;
  doc: JsonValue;
}

export async function openEnvelope(
  bytes: Uint8Array,
  role: RoleName,
  keys: RoleKeys,
  verify: Ed25519Verify,
  what: string,
): Promise<Opened> {
  const envelope = parseEnvelope(bytes);
  if (envelope.payloadType !== PAYLOAD_TYPES[role]) {
    throw new FeedError('WRONG_TYPE', `payloadType ${envelope.payloadType} is not ${PAYLOAD_TYPES[role]}`, `${what} $.payloadType`);
  }
  await verifyThreshold(envelope, keys, verify, what);
  // Only the rule-set body may hold decimal fractions (thresholds); every header field stays integer.
  const doc = parseStrictJson(utf8DecodeStrict(envelope.payload, `${what} payload`), role === 'rules' ? RULES_JSON : {});
  return { envelope, doc };
}
