/**
 * Fuzz the DSSE envelope parser and the verify-then-parse path of every signed document (pointer,
 * rules, next root). The property that matters: a mutated signed document is accepted ONLY when the
 * mutation is semantically a no-op (same payloadType, same payload bytes — e.g. whitespace between
 * JSON tokens, the other base64 alphabet, dropped padding, a junk signature next to the valid one).
 * The allowed refusal codes also prove that no unverified payload reached the payload parser: a
 * BAD_PAYLOAD / WRONG_FEED / BAD_ROOT here would mean unsigned bytes were parsed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SIGNATURES, parseEnvelope } from '../../../src/shared/feed/dsse.ts';
import type { Envelope } from '../../../src/shared/feed/dsse.ts';
import { verifyPointerBytes, verifyRulesBytes } from '../../../src/shared/feed/documents.ts';
import { bytesEqual, base64Encode, utf8Encode } from '../../../src/shared/feed/encoding.ts';
import { createEd25519Verifier, nobleVerify, verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import type { FeedErrorCode } from '../../../src/shared/feed/errors.ts';
import { verifyNextRoot } from '../../../src/shared/feed/root-chain.ts';
import { pae } from '../../../src/shared/feed/dsse.ts';
import { fuzz, fuzzAsync, timeoutFor } from './budget.ts';
import { mutatedBytes, mutatedJson } from './mutate.ts';
import { attempt, attemptAsync, expectFeedError } from './rejections.ts';
import { memoisedVerify } from './fast-verify.ts';
import { FEED_ID, signedSeeds } from './seeds.ts';
import type { SignedSeeds } from './seeds.ts';

const ENVELOPE_CODES: FeedErrorCode[] = ['BAD_JSON', 'BAD_ENCODING', 'BAD_ENVELOPE'];
/** What a mutated signed document may be refused with: all decided BEFORE the payload is parsed. */
const PRE_PARSE_CODES: FeedErrorCode[] = [...ENVELOPE_CODES, 'TOO_LARGE', 'WRONG_TYPE', 'THRESHOLD_NOT_MET'];

type DocName = 'pointer' | 'pointerWithJunk' | 'rules' | 'realRules' | 'nextRoot';
const DOCS: DocName[] = ['pointer', 'pointerWithJunk', 'rules', 'realRules', 'nextRoot'];

let seeds: SignedSeeds;
beforeAll(async () => {
  seeds = await signedSeeds();
});

/** Verify as the client does, by the document's role. */
async function verifyAs(name: DocName, bytes: Uint8Array, verify = memoisedVerify): Promise<unknown> {
  switch (name) {
    case 'pointer':
    case 'pointerWithJunk':
      return verifyPointerBytes(seeds.trusted, bytes, FEED_ID, verify);
    case 'rules':
    case 'realRules':
      return verifyRulesBytes(seeds.trusted, bytes, FEED_ID, verify);
    case 'nextRoot':
      return verifyNextRoot(seeds.trusted, bytes, FEED_ID, verify);
  }
}

function sameSignedContent(a: Envelope, b: Envelope): boolean {
  return a.payloadType === b.payloadType && bytesEqual(a.payload, b.payload);
}

/** Accepted ⇒ no-op; refused ⇒ a pre-parse code. Returns the outcome label. */
async function checkSigned(name: DocName, bytes: Uint8Array): Promise<string> {
  const result = await attemptAsync(() => verifyAs(name, bytes));
  if (!result.ok) return `refused:${expectFeedError(result.error, PRE_PARSE_CODES).code}`;
  const original = parseEnvelope(seeds[name]);
  const accepted = parseEnvelope(bytes);
  if (!sameSignedContent(original, accepted)) {
    throw new Error(`${name}: a mutated document with different signed content was ACCEPTED: ${new TextDecoder().decode(bytes)}`);
  }
  return 'accepted (no-op)';
}

/** The real rule set is 60 KB: worth covering, too slow to dominate the budget. */
const docName = fc.oneof(
  { arbitrary: fc.constantFrom<DocName>('pointer', 'pointerWithJunk', 'rules', 'nextRoot'), weight: 12 },
  { arbitrary: fc.constant<DocName>('realRules'), weight: 1 },
);
const b64url = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_');

describe('fuzz: DSSE envelopes and signed documents', () => {
  it(
    'the envelope parser refuses mutated bytes only with envelope-level codes, and bounds signatures',
    async () => {
      const small = DOCS.filter((d) => d !== 'realRules').map((d) => seeds[d]);
      const all = [...small, ...small, ...small, seeds.realRules];
      fuzz('dsse/parse-mutated-bytes', mutatedBytes(all), (bytes) => {
        const r = attempt(() => parseEnvelope(bytes));
        if (!r.ok) return `refused:${expectFeedError(r.error, ENVELOPE_CODES).code}`;
        expect(typeof r.value.payloadType).toBe('string');
        expect(r.value.payload).toBeInstanceOf(Uint8Array);
        expect(r.value.signatures.length).toBeLessThanOrEqual(MAX_SIGNATURES);
        return 'parsed';
      });
    },
    timeoutFor('dsse/parse-mutated-bytes'),
  );

  it(
    'byte-mutated signed documents never verify unless the signed content is unchanged',
    async () => {
      const arb = docName.chain((name) => mutatedBytes([seeds[name]]).map((bytes) => ({ name, bytes })));
      await fuzzAsync('dsse/verify-mutated-bytes', arb, async ({ name, bytes }) => checkSigned(name, bytes));
    },
    timeoutFor('dsse/verify-mutated-bytes', 4),
  );

  it(
    'structurally edited envelopes (fields, types, signature lists) never verify with changed content',
    async () => {
      const objects = Object.fromEntries(DOCS.map((d) => [d, JSON.parse(new TextDecoder().decode(seeds[d])) as unknown]));
      const arb = docName.chain((name) => mutatedJson([objects[name]]).map((doc) => ({ name, doc })));
      await fuzzAsync('dsse/verify-edited-envelope', arb, async ({ name, doc }) =>
        checkSigned(name, utf8Encode(JSON.stringify(doc) ?? 'null')),
      );
    },
    timeoutFor('dsse/verify-edited-envelope', 4),
  );

  it(
    'payload bytes changed under untouched signatures: always THRESHOLD_NOT_MET, whatever the encoding',
    async () => {
      const payloads = Object.fromEntries(DOCS.map((d) => [d, parseEnvelope(seeds[d]).payload])) as Record<DocName, Uint8Array>;
      const arb = docName.chain((name) =>
        fc.record({
          name: fc.constant(name),
          payload: mutatedBytes([payloads[name]]),
          urlSafe: fc.boolean(),
          unpadded: fc.boolean(),
        }),
      );
      await fuzzAsync('dsse/payload-tampered', arb, async ({ name, payload, urlSafe, unpadded }) => {
        const env = JSON.parse(new TextDecoder().decode(seeds[name])) as { payload: string };
        let text = base64Encode(payload);
        if (urlSafe) text = b64url(text);
        if (unpadded) text = text.replace(/=+$/, '');
        env.payload = text;
        const bytes = utf8Encode(JSON.stringify(env));
        const changed = !bytesEqual(payload, payloads[name]);
        const r = await attemptAsync(() => verifyAs(name, bytes));
        if (changed) {
          if (r.ok) throw new Error(`${name}: tampered payload accepted`);
          return `refused:${expectFeedError(r.error, ['THRESHOLD_NOT_MET', 'TOO_LARGE']).code}`;
        }
        if (!r.ok) throw new Error(`${name}: the same payload in another base64 spelling was refused: ${String(r.error)}`);
        return 'unchanged payload, accepted';
      });
    },
    timeoutFor('dsse/payload-tampered', 4),
  );

  it(
    'edited signature bytes never verify, and WebCrypto and the noble fallback agree on every one',
    async () => {
      const noble = createEd25519Verifier(undefined);
      const envelopes = Object.fromEntries(DOCS.map((d) => [d, parseEnvelope(seeds[d])])) as Record<DocName, Envelope>;
      const arb = docName.chain((name) => {
        const env = envelopes[name];
        return mutatedBytes([env.signatures[0]!.sig!]).map((mutated) => ({ name, env, mutated }));
      });
      await fuzzAsync('dsse/signature-mutated', arb, async ({ name, env, mutated }) => {
        const role = name === 'nextRoot' ? 'root' : name.startsWith('pointer') ? 'timestamp' : 'rules';
        const [keyid] = [env.signatures[0]!.keyid];
        const key = seeds.trusted.roles[role].keys.get(keyid);
        if (!key) throw new Error(`seed ${name} is not signed by a ${role} key`);
        const message = pae(env.payloadType, env.payload);
        const web = await verifyEd25519(key, message, mutated);
        const fallback = await noble(key, message, mutated);
        expect(fallback).toBe(web);
        expect(nobleVerify(key, message, mutated)).toBe(web);
        // Ed25519 with S < L and canonical R is not malleable: only the original bytes verify.
        expect(web).toBe(bytesEqual(mutated, env.signatures[0]!.sig!));
        return web ? 'unchanged, verified' : 'refused by both backends';
      });
    },
    timeoutFor('dsse/signature-mutated', 40),
  );

  it(
    'semantic no-ops are accepted: other base64 alphabet, no padding, whitespace, a junk extra signature',
    async () => {
      const arb = fc.record({ name: docName, urlSafe: fc.boolean(), unpadded: fc.boolean(), spaced: fc.boolean() });
      await fuzzAsync('dsse/no-op-respellings', arb, async ({ name, urlSafe, unpadded, spaced }) => {
        const env = JSON.parse(new TextDecoder().decode(seeds[name])) as { payload: string; signatures: { sig: string }[] };
        const respell = (s: string): string => {
          let out = urlSafe ? b64url(s) : s;
          if (unpadded) out = out.replace(/=+$/, '');
          return out;
        };
        env.payload = respell(env.payload);
        for (const s of env.signatures) s.sig = respell(s.sig);
        const bytes = utf8Encode(JSON.stringify(env, null, spaced ? 2 : undefined));
        const outcome = await checkSigned(name, bytes);
        expect(outcome).toBe('accepted (no-op)');
        return outcome;
      });
    },
    timeoutFor('dsse/no-op-respellings', 4),
  );
});
