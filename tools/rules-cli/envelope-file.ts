/**
 * DSSE envelopes as files: read strictly (the extension's own parser), add signatures one key at a
 * time (so 2-of-3 root signing can happen on separate offline machines), and write the canonical
 * compact form. Signatures cover only PAE(type, payload), so re-serialising the envelope is safe.
 */
import { MAX_SIGNATURES, pae, parseEnvelope } from '../../src/shared/feed/dsse.ts';
import { MAX_POINTER_BYTES, MAX_RULES_BYTES } from '../../src/shared/feed/pointer.ts';
import type { Signer } from '../../src/shared/feed/dsse.ts';
import { base64Encode, utf8DecodeStrict, utf8Encode } from '../../src/shared/feed/encoding.ts';
import { signEd25519 } from '../../src/shared/feed/ed25519.ts';
import { PAYLOAD_TYPES } from '../../src/shared/feed/payload.ts';
import { RULES_JSON } from '../../src/shared/feed/open-envelope.ts';
import type { RoleName } from '../../src/shared/feed/payload.ts';
import { StrictJsonError, parseStrictJson } from '../../src/shared/feed/strict-json.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { inputError } from './cli-error.ts';
import { display, jsonFileError, payloadJsonError, readBytes } from './files.ts';
import type { Io } from './io.ts';

export interface EnvelopeFile {
  payloadType: string;
  payload: Uint8Array;
  signatures: { keyid: string; sig: string }[];
}

export function roleOfPayloadType(payloadType: string): RoleName | undefined {
  return (Object.keys(PAYLOAD_TYPES) as RoleName[]).find((r) => PAYLOAD_TYPES[r] === payloadType);
}

/** The envelope a file holds, or null when it holds none (for a refusal's message, never for trusting). */
export function decodeEnvelopeOrNull(bytes: Uint8Array, name: string): EnvelopeFile | null {
  try {
    return decodeEnvelope(bytes, name);
  } catch {
    return null;
  }
}

/** The role of the envelope a file holds, read without verification (for a message), or undefined. */
export function envelopeRole(bytes: Uint8Array, name: string): RoleName | undefined {
  const envelope = decodeEnvelopeOrNull(bytes, name);
  return envelope === null ? undefined : roleOfPayloadType(envelope.payloadType);
}

export function decodeEnvelope(bytes: Uint8Array, name: string): EnvelopeFile {
  try {
    const env = parseEnvelope(bytes);
    return {
      payloadType: env.payloadType,
      payload: env.payload,
      signatures: env.signatures.flatMap((s) => (s.sig ? [{ keyid: s.keyid, sig: base64Encode(s.sig) }] : [])),
    };
  } catch (e) {
    // parseEnvelope reads only the file's own text (the payload stays bytes), so a position is in the file.
    throw jsonFileError(name, e);
  }
}

export async function readEnvelope(io: Io, path: string): Promise<EnvelopeFile> {
  return decodeEnvelope(await readBytes(io, path), display(io, path));
}

/** The payload as JSON, read without verification: for reading and comparing, never for trusting. */
export function payloadObject(env: EnvelopeFile, name: string): JsonObject {
  try {
    const doc = parseStrictJson(utf8DecodeStrict(env.payload), env.payloadType === PAYLOAD_TYPES.rules ? RULES_JSON : {});
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('payload must be a JSON object');
    return doc;
  } catch (e) {
    if (e instanceof StrictJsonError) throw payloadJsonError(name, e);
    throw inputError(`${name}: payload: ${(e as Error).message}`);
  }
}

export function encodeEnvelope(env: EnvelopeFile): Uint8Array {
  return utf8Encode(JSON.stringify({ payloadType: env.payloadType, payload: base64Encode(env.payload), signatures: env.signatures }));
}

/**
 * `signatures` with each of `added` in place of the signature of the same key, in its position, or
 * appended. In place, not moved to the end: Ed25519 signatures are deterministic, so a holder who signs
 * again (a re-run) leaves the envelope's bytes as they were, and the pointer already made from them (it
 * names their SHA-256) still names them.
 */
export function mergeSignatures<S extends { keyid: string }>(signatures: readonly S[], added: readonly S[]): S[] {
  const merged = [...signatures];
  for (const s of added) {
    const at = merged.findIndex((x) => x.keyid === s.keyid);
    if (at >= 0) merged[at] = s;
    else merged.push(s);
  }
  return merged;
}

/** Add (or replace) each signer's signature; other signatures stay. */
export function addSignatures(env: EnvelopeFile, signers: readonly (Signer & { keyid: string })[]): EnvelopeFile {
  const message = pae(env.payloadType, env.payload);
  const added = signers.map((s) => ({ keyid: s.keyid, sig: base64Encode(signEd25519(s.seed, message)) }));
  return { ...env, signatures: mergeSignatures(env.signatures, added) };
}

/** The largest envelope a client takes for a role: rules by MAX_RULES_BYTES, the small documents by their own cap. */
const MAX_ENVELOPE_BYTES: Partial<Record<RoleName, number>> = { rules: MAX_RULES_BYTES, timestamp: MAX_POINTER_BYTES };

/**
 * Refuses (exit 2) an envelope no client would accept — over its role's size cap, or with more than MAX_SIGNATURES
 * signatures — before it is written: `sign` reported "threshold met" for rules over 4 MiB, and turned a valid
 * envelope of 8 signatures into one of 9, which only `verify` and `publish` then refused. `full`: measured as if
 * it held every signature an envelope may (`build`'s payload, before anyone signs it).
 */
export function requireClientAccepts(env: EnvelopeFile, name: string, full = false): void {
  const role = roleOfPayloadType(env.payloadType);
  if (env.signatures.length > MAX_SIGNATURES) {
    throw inputError(
      `${name}: signatures: ${env.signatures.length}, more than the ${MAX_SIGNATURES} a client accepts; sign into a copy without the signatures of keys outside the ${role ?? 'role'} role`,
    );
  }
  const cap = role === undefined ? undefined : MAX_ENVELOPE_BYTES[role];
  if (cap === undefined) return;
  const padding = full ? MAX_SIGNATURES - env.signatures.length : 0;
  const filler = { keyid: '0'.repeat(64), sig: base64Encode(new Uint8Array(64)) };
  const size = encodeEnvelope({ ...env, signatures: [...env.signatures, ...Array.from({ length: padding }, () => filler)] }).length;
  if (size > cap) {
    throw inputError(
      `${name}: the signed envelope ${full ? 'would be up to' : 'is'} ${size} bytes, over the ${cap}-byte cap every client enforces; make the ${role} smaller (fewer indicator values)`,
    );
  }
}

export function unsignedEnvelope(role: RoleName, payload: JsonObject): EnvelopeFile {
  return { payloadType: PAYLOAD_TYPES[role], payload: utf8Encode(JSON.stringify(payload)), signatures: [] };
}
