/**
 * DSSE envelopes (https://github.com/secure-systems-lab/dsse): parse strictly, build the
 * pre-authentication encoding, and sign (CLI and fixtures). Signatures cover PAE(type, payload), so
 * the payload type is bound to the signature and an envelope cannot be re-labelled.
 */
import { FeedError } from './errors.ts';
import { base64Decode, base64Encode, concatBytes, hexEncode, sha256, utf8DecodeStrict, utf8Encode } from './encoding.ts';
import { parseStrictJson } from './strict-json.ts';
import { publicKeyFromSeed, signEd25519 } from './ed25519.ts';

export const MAX_SIGNATURES = 8;

export interface EnvelopeSignature {
  /** A hint only: it selects which authorised key to try, never what counts. */
  keyid: string;
  /** The raw signature bytes; malformed base64 yields `undefined` (a signature that cannot count). */
  sig: Uint8Array | undefined;
}

export interface Envelope {
  payloadType: string;
  payload: Uint8Array;
  signatures: EnvelopeSignature[];
}

const ENVELOPE_FIELDS = ['payload', 'payloadType', 'signatures'];
const SIGNATURE_FIELDS = ['keyid', 'sig'];

function requireExactFields(obj: object, fields: string[], path: string): void {
  for (const k of Object.keys(obj)) {
    if (!fields.includes(k)) throw new FeedError('BAD_ENVELOPE', `unknown field ${JSON.stringify(k)}`, `${path}.${k}`);
  }
  for (const f of fields) {
    if (!Object.hasOwn(obj, f)) throw new FeedError('BAD_ENVELOPE', 'missing field', `${path}.${f}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse an envelope from its exact bytes. Unknown fields are rejected at every level (one policy
 * for client and CLI); in particular a signature object cannot name an algorithm — the scheme comes
 * from the root's key entry only. The payload stays bytes: it is parsed only after verification.
 */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  const doc = parseStrictJson(utf8DecodeStrict(bytes));
  if (!isObject(doc)) throw new FeedError('BAD_ENVELOPE', 'envelope must be an object', '$');
  requireExactFields(doc, ENVELOPE_FIELDS, '$');
  const { payloadType, payload, signatures } = doc;
  if (typeof payloadType !== 'string') throw new FeedError('BAD_ENVELOPE', 'must be a string', '$.payloadType');
  if (typeof payload !== 'string') throw new FeedError('BAD_ENVELOPE', 'must be a string', '$.payload');
  if (!Array.isArray(signatures)) throw new FeedError('BAD_ENVELOPE', 'must be an array', '$.signatures');
  if (signatures.length > MAX_SIGNATURES) {
    throw new FeedError('BAD_ENVELOPE', `more than ${MAX_SIGNATURES} signatures`, '$.signatures');
  }
  const sigs = signatures.map((s, i): EnvelopeSignature => {
    const path = `$.signatures[${i}]`;
    if (!isObject(s)) throw new FeedError('BAD_ENVELOPE', 'must be an object', path);
    requireExactFields(s, SIGNATURE_FIELDS, path);
    if (typeof s.keyid !== 'string') throw new FeedError('BAD_ENVELOPE', 'must be a string', `${path}.keyid`);
    if (typeof s.sig !== 'string') throw new FeedError('BAD_ENVELOPE', 'must be a string', `${path}.sig`);
    let sig: Uint8Array | undefined;
    try {
      sig = base64Decode(s.sig, `${path}.sig`);
    } catch {
      sig = undefined; // a garbage signature next to valid ones must not sink the envelope
    }
    return { keyid: s.keyid, sig };
  });
  return { payloadType, payload: base64Decode(payload, '$.payload'), signatures: sigs };
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN as ASCII decimal. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = utf8Encode(payloadType);
  const head = utf8Encode(`DSSEv1 ${type.length} `);
  const mid = utf8Encode(` ${payload.length} `);
  return concatBytes(head, type, mid, payload);
}

export async function keyIdOf(publicKey: Uint8Array): Promise<string> {
  return hexEncode(await sha256(publicKey));
}

export interface Signer {
  /** 32-byte Ed25519 secret seed. */
  seed: Uint8Array;
  /** Override the keyid hint (fixtures use this to lie); defaults to sha256(public key). */
  keyid?: string;
}

/**
 * Sign a payload and serialise the envelope deterministically (fixed field order, standard base64,
 * no whitespace, trailing newline-free), so `build` produces identical bytes for identical input.
 */
export async function signEnvelope(payloadType: string, payload: Uint8Array, signers: readonly Signer[]): Promise<Uint8Array> {
  const message = pae(payloadType, payload);
  const signatures = [];
  for (const s of signers) {
    const keyid = s.keyid ?? (await keyIdOf(publicKeyFromSeed(s.seed)));
    signatures.push({ keyid, sig: base64Encode(signEd25519(s.seed, message)) });
  }
  return utf8Encode(JSON.stringify({ payloadType, payload: base64Encode(payload), signatures }));
}
