import { parseEnvelope } from '../../../src/shared/feed/dsse.ts';
import { RULES_JSON } from '../../../src/shared/feed/open-envelope.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { utf8DecodeStrict } from '../../../src/shared/feed/encoding.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import type { RoleName } from '../../../src/shared/feed/payload.ts';
import { parsePointerPayload } from '../../../src/shared/feed/pointer.ts';
import { parseRulesPayload } from '../../../src/shared/feed/rules-envelope.ts';
import { StrictJsonError, parseStrictJson } from '../../../src/shared/feed/strict-json.ts';
import { verifyThreshold } from '../../../src/shared/feed/threshold.ts';
import { flag, list, parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, inputError, toCliError, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, requireIssuedPast, requireNotExpiring, rootDirOf, verifyContext } from '../common.ts';
import { compileRules } from '../../../src/shared/feed/trusted-set.ts';
import { withCollectedSignatures } from '../collected-signatures.ts';
import { addSignatures, decodeEnvelope, encodeEnvelope, requireClientAccepts, roleOfPayloadType } from '../envelope-file.ts';
import type { EnvelopeFile } from '../envelope-file.ts';
import { display, parseJsonFile, payloadJsonError, readBytes, writeBytes } from '../files.ts';
import { decryptSecretKey, keyPath, readPassphrase } from '../keyfile.ts';
import { loadRootChain } from '../root-dir.ts';
import { printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

/** A payload file (from `build`) or an envelope to add a signature to. */
function readInput(bytes: Uint8Array, name: string): EnvelopeFile {
  // A rules payload's body may hold decimal thresholds; headers stay integer-only either way.
  const doc = parseJsonFile(bytes, name, RULES_JSON);
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'payloadType' in doc) return decodeEnvelope(bytes, name);
  const type = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc._type : undefined;
  if (type !== 'rules' && type !== 'timestamp')
    throw inputError(`${name}: _type: must be "rules" or "timestamp" (roots: use \`rules root sign\`)`);
  // The exact file bytes are what gets signed: what `build` wrote is what clients will hash.
  return { payloadType: PAYLOAD_TYPES[type], payload: bytes, signatures: [] };
}

export const sign: Verb = {
  name: 'sign',
  summary: 'sign a rules or timestamp payload (or add a signature to an envelope)',
  help: `Usage: rules sign --in <payload|envelope> --key <secret.key.json> [--key …] --out <envelope> [--replace]

Checks the payload with the extension's parser (strict JSON, fields, feed id) and, for rules, that
it compiles; then signs PAE(payloadType, payload) with each key. Every key must belong to the
payload's role in the current root (--root-dir). One passphrase (SAQ_PASSPHRASE or
--passphrase-file) unlocks all --key files of one run; run again to add another holder's signature.
When --out already holds an envelope of the same payload, its signatures are kept and the new ones
added (a key that signed before has its signature replaced, not duplicated); when it holds anything
else, sign refuses (exit 5) rather than lose it.
  --replace            overwrite --out even when it holds another payload (its signatures are lost)
${COMMON_OPTIONS_HELP}
  --passphrase-file <f>

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      in: { type: 'string' },
      out: { type: 'string' },
      key: { type: 'string', multiple: true },
      replace: { type: 'boolean' },
      'passphrase-file': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const input = required(p, 'in');
    const out = required(p, 'out');
    const keys = list(p, 'key');
    if (keys.length === 0) throw usageError('--key is required');
    const feedId = feedIdOf(p);
    const name = display(io, input);
    const env = readInput(await readBytes(io, input), name);
    const anyRole = roleOfPayloadType(env.payloadType);
    if (anyRole === undefined || anyRole === 'root') throw inputError(`${name}: payloadType: ${env.payloadType} cannot be signed here`);
    const role: Exclude<RoleName, 'root'> = anyRole;
    const chain = await loadRootChain(io, rootDirOf(p), feedId);
    const roleKeys = chain.latest.roles[role];
    let header: { version: number; issued: number; expires: number };
    try {
      const doc = parseStrictJson(utf8DecodeStrict(env.payload), role === 'rules' ? RULES_JSON : {});
      if (role === 'rules') {
        const rules = parseRulesPayload(doc, feedId);
        compileRules({ doc: rules, text: '', sha256: '' }, verifyContext(feedId), io.now());
        header = rules;
      } else {
        header = parsePointerPayload(doc, feedId);
      }
    } catch (e) {
      if (e instanceof StrictJsonError) throw payloadJsonError(name, e);
      throw toCliError(e, `${name} payload`);
    }
    requireIssuedPast([{ what: `${name} payload`, issued: header.issued }], io.now());
    requireNotExpiring([{ what: `${name} payload`, expires: header.expires }], io.now(), 'has passed; rebuild it');
    // Before any key is unlocked: a refusal here should not cost each holder a passphrase.
    const collected = await withCollectedSignatures(io, out, env, flag(p, 'replace'));
    const passphrase = await readPassphrase(io, str(p, 'passphrase-file'));
    const signers = [];
    for (const k of keys) {
      const path = keyPath(io, k, 'secret');
      io.err(`unlocking ${display(io, path)}…`);
      const s = await decryptSecretKey(io, path, passphrase);
      if (!roleKeys.keys.has(s.keyid)) {
        throw new CliError(
          EXIT.verification,
          `${display(io, path)}: keyid ${s.keyid.slice(0, 16)}… is not in the ${role} role of root v${chain.latest.version}`,
        );
      }
      signers.push(s);
    }
    const signed = addSignatures(collected, signers);
    requireClientAccepts(signed, display(io, out));
    const bytes = encodeEnvelope(signed);
    let met = true;
    try {
      // Counted on the exact output, as a client would.
      await verifyThreshold(parseEnvelope(bytes), roleKeys, verifyEd25519, out);
    } catch {
      met = false;
    }
    await writeBytes(io, out, bytes);
    io.out(
      `wrote ${display(io, out)}: ${signed.signatures.length} signature(s), threshold ${roleKeys.threshold} ${met ? 'met' : 'NOT yet met'}`,
    );
    printSummary(io, feedId, [{ role, version: header.version, expires: header.expires }]);
  },
};
