/**
 * Add root-key signatures to a root draft. A rotation N → N+1 needs the threshold of the OLD root's
 * root role (only current maintainers can rotate) and of the NEW one (the new key set has signed
 * on); this verb says which of the two is still short, so holders know who must sign next.
 */
import { parseEnvelope } from '../../../src/shared/feed/dsse.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { verifyThreshold } from '../../../src/shared/feed/threshold.ts';
import type { RoleKeys } from '../../../src/shared/feed/root.ts';
import { list, parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, rootDirOf } from '../common.ts';
import { addSignatures, decodeEnvelope, encodeEnvelope, requireClientAccepts } from '../envelope-file.ts';
import { display, readBytes, writeBytes } from '../files.ts';
import { withCollectedSignatures } from '../collected-signatures.ts';
import { OUT_HINT } from '../out-guard.ts';
import type { Io } from '../io.ts';
import { decryptSecretKey, keyPath, readPassphrase } from '../keyfile.ts';
import { draftFromEnvelope, validateDraft } from '../root-draft.ts';
import { loadRootChain, rootVersionsIn } from '../root-dir.ts';
import type { RootChain } from '../root-dir.ts';
import { printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

async function met(bytes: Uint8Array, role: RoleKeys): Promise<boolean> {
  try {
    await verifyThreshold(parseEnvelope(bytes), role, verifyEd25519, 'root');
    return true;
  } catch {
    return false;
  }
}

/** The committed chain, or none yet when the draft is version 1 (the directory may be empty). */
async function chainBefore(io: Io, dir: string, feedId: string, version: number): Promise<RootChain | null> {
  if (version === 1) {
    if ((await rootVersionsIn(io, dir).catch(() => [])).length > 0) {
      throw new CliError(EXIT.conflict, `${dir}: already holds a root chain; draft the next version with \`root add-key\` etc.`);
    }
    return null;
  }
  return loadRootChain(io, dir, feedId);
}

export const rootSign: Verb = {
  name: 'root sign',
  summary: 'add root-key signatures to a root draft (each holder on their own machine)',
  help: `Usage: rules root sign --in <draft> --key <root key> [--key …] [--out <file>] [--passphrase-file <f>]

Signs the draft's exact payload with each key (a .key.json path or a name in $SAQ_KEYS_DIR) and
writes it back (or to --out). A key must be in the root role of the committed latest root or of the
draft itself. Prints whether the old and the new root-role thresholds are met yet.
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      in: { type: 'string' },
      out: { type: 'string' },
      key: { type: 'string', multiple: true },
      'passphrase-file': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const input = required(p, 'in');
    const out = str(p, 'out') ?? input;
    const keys = list(p, 'key');
    if (keys.length === 0) throw usageError('--key is required');
    const name = display(io, input);
    const env = decodeEnvelope(await readBytes(io, input), name);
    const draft = draftFromEnvelope(env, name);
    const feedId = feedIdOf(p);
    if (draft.feedId !== feedId) throw new CliError(EXIT.verification, `${name}: feed_id: ${draft.feedId}, expected ${feedId}`);
    const next = await validateDraft(draft, name);
    const chain = await chainBefore(io, rootDirOf(p), feedId, draft.version);
    if (chain && draft.version !== chain.latest.version + 1) {
      throw new CliError(EXIT.conflict, `${name}: version: ${draft.version}, but the next root must be v${chain.latest.version + 1}`);
    }
    // The draft itself (signed in place) is written back. Another --out holding signatures over the same draft keeps
    // them — holders sign one at a time into the envelope being collected (each run kept only its own before) — and
    // one holding anything else is not written over.
    const collected = out === input ? env : await withCollectedSignatures(io, out, env, false, OUT_HINT);
    const passphrase = await readPassphrase(io, str(p, 'passphrase-file'));
    const signers = [];
    for (const k of keys) {
      const path = keyPath(io, k, 'secret');
      io.err(`unlocking ${display(io, path)}…`);
      const s = await decryptSecretKey(io, path, passphrase);
      if (!next.roles.root.keys.has(s.keyid) && !chain?.latest.roles.root.keys.has(s.keyid)) {
        throw new CliError(
          EXIT.verification,
          `${display(io, path)}: keyid ${s.keyid.slice(0, 16)}… is in neither the old nor the new root role`,
        );
      }
      signers.push(s);
    }
    const withSigners = addSignatures(collected, signers);
    requireClientAccepts(withSigners, display(io, out));
    const signed = encodeEnvelope(withSigners);
    await writeBytes(io, out, signed);
    const newMet = await met(signed, next.roles.root);
    const oldMet = chain ? await met(signed, chain.latest.roles.root) : true;
    io.out(`wrote ${display(io, out)}: ${signers.length} signature(s) added`);
    io.out(`new root role (${next.roles.root.threshold} of ${next.roles.root.keyids.length}): ${newMet ? 'met' : 'NOT yet met'}`);
    if (chain)
      io.out(
        `old root role v${chain.latest.version} (${chain.latest.roles.root.threshold} of ${chain.latest.roles.root.keyids.length}): ${oldMet ? 'met' : 'NOT yet met'}`,
      );
    if (newMet && oldMet) io.out(`ready: \`rules root verify-chain --next ${display(io, out)} --install\``);
    printSummary(io, feedId, [
      { role: 'root', version: next.version, expires: next.expires, detail: newMet && oldMet ? '' : '(needs more signatures)' },
    ]);
  },
};
