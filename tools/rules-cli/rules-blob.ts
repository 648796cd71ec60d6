/**
 * The rules blob a pointer names, checked as a client checks it before the pointer goes out: length, hash,
 * signatures under the committed root, version, that it compiles for this checkout's extension (min_client),
 * that it is not issued in the future and does not expire within the margin. `publish` and `timestamp
 * refresh` both run these checks: the refresh used to sign a pointer to rules that `publish` then refused.
 */
import { verifyRulesBytes } from '../../src/shared/feed/documents.ts';
import type { VerifiedRules } from '../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../src/shared/feed/ed25519.ts';
import { sha256Hex } from '../../src/shared/feed/encoding.ts';
import type { Pointer } from '../../src/shared/feed/pointer.ts';
import { compileRules } from '../../src/shared/feed/trusted-set.ts';
import { CliError, EXIT } from './cli-error.ts';
import { requireIssuedPast, requireNotExpiring, verifyContext } from './common.ts';
import type { ExpiryMargin } from './expiry-margin.ts';
import { verifierError } from './files.ts';
import type { Io } from './io.ts';
import type { Mirror } from './mirror.ts';
import { readOrFail } from './publish-steps.ts';
import type { RootChain } from './root-dir.ts';

export type RulesRef = Pick<Pointer['rules'], 'version' | 'length' | 'sha256'>;

/** `bytes` (named `name` in messages) as the blob `ref` names: exit 3 (verification), 2 (input) or 4 (expiry). */
export async function checkRulesBlob(
  io: Io,
  chain: RootChain,
  feedId: string,
  ref: RulesRef,
  bytes: Uint8Array,
  name: string,
  margin: ExpiryMargin,
): Promise<VerifiedRules> {
  if (bytes.length !== ref.length)
    throw new CliError(EXIT.verification, `${name}: length ${bytes.length}, but the pointer says ${ref.length}`);
  if ((await sha256Hex(bytes)) !== ref.sha256)
    throw new CliError(EXIT.verification, `${name}: sha256 differs from the pointer's rules.sha256`);
  let rules: VerifiedRules;
  try {
    rules = await verifyRulesBytes(chain.latest, bytes, feedId, verifyEd25519);
    if (rules.doc.version !== ref.version)
      throw new CliError(EXIT.verification, `${name}: version: v${rules.doc.version}, but the pointer says v${ref.version}`);
    compileRules(rules, verifyContext(feedId), io.now());
    requireIssuedPast([{ what: name, issued: rules.doc.issued }], io.now());
  } catch (e) {
    throw verifierError(e, name, bytes);
  }
  requireNotExpiring([{ what: name, expires: rules.doc.expires }], margin.deadline, margin.why);
  return rules;
}

/**
 * A pointer without a rules envelope of its own names a blob each mirror must already serve: that copy is
 * checked like a new one — else a pointer to an expired blob went out and every client refused the feed
 * (EXPIRED) while the publish reported success.
 */
export async function checkMirrorBlobs(
  io: Io,
  mirrors: readonly Mirror[],
  chain: RootChain,
  feedId: string,
  ref: RulesRef & { path: string },
  margin: ExpiryMargin,
): Promise<void> {
  for (const mirror of mirrors) {
    const name = `${mirror.name}/${ref.path}`;
    const bytes = await readOrFail(mirror, ref.path);
    if (bytes === null) throw new CliError(EXIT.input, `${name}: the pointer names a blob this mirror lacks; pass --rules <envelope>`);
    await checkRulesBlob(io, chain, feedId, ref, bytes, name, margin);
  }
}
