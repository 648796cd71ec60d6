/** Options every feed verb shares, and full verification of a published directory. */
import { FEED_ID } from '../../src/background/feed-config.ts';
import { verifyPointerBytes, verifyRulesBytes } from '../../src/shared/feed/documents.ts';
import type { VerifiedPointer, VerifiedRules } from '../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../src/shared/feed/ed25519.ts';
import { bytesEqual, sha256Hex } from '../../src/shared/feed/encoding.ts';
import { FeedError } from '../../src/shared/feed/errors.ts';
import { verifyNextRoot } from '../../src/shared/feed/root-chain.ts';
import type { Root } from '../../src/shared/feed/root.ts';
import { compileRules } from '../../src/shared/feed/trusted-set.ts';
import type { VerifyContext } from '../../src/shared/feed/trusted-set.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { compileRuleSet } from '../../src/shared/rules/compile.ts';
import type { CompiledRuleSet } from '../../src/shared/rules/compile.ts';
import { str } from './args.ts';
import type { Parsed } from './args.ts';
import { CliError, EXIT } from './cli-error.ts';
import { EXTENSION_VERSION } from './extension-version.ts';
import { verifierError } from './files.ts';
import type { Io } from './io.ts';
import type { Mirror } from './mirror.ts';
import type { RootChain } from './root-dir.ts';

export const DEFAULT_ROOT_DIR = 'rules/root';
export const DEFAULT_SRC_DIR = 'rules/src';
export const DEFAULT_BENIGN_DIR = 'rules/benign';
export const DEFAULT_BUNDLE_DIR = 'rules/bundle';

export const COMMON_OPTIONS_HELP = `  --feed-id <id>       feed id and channel (default ${FEED_ID})
  --root-dir <dir>     committed trust anchor, N.root.json files (default ${DEFAULT_ROOT_DIR})
  --help               this text`;

export function feedIdOf(p: Parsed): string {
  return str(p, 'feed-id') ?? FEED_ID;
}

export function rootDirOf(p: Parsed): string {
  return str(p, 'root-dir') ?? DEFAULT_ROOT_DIR;
}

export function verifyContext(feedId: string): VerifyContext<CompiledRuleSet> {
  return {
    feedId,
    verify: verifyEd25519,
    compile: (body: JsonObject, info) => compileRuleSet(body, { now: info.now }),
    supportedSchemas: [1],
    // This checkout's extension, not "any version": rules whose min_client is above it no installed client accepts.
    clientVersion: EXTENSION_VERSION,
  };
}

export interface Published {
  roots: { version: number; bytes: Uint8Array }[];
  root: Root;
  pointerBytes: Uint8Array;
  pointer: VerifiedPointer;
  rulesBytes: Uint8Array;
  rules: VerifiedRules;
  compiled: CompiledRuleSet;
}

async function need(mirror: Mirror, path: string): Promise<Uint8Array> {
  let bytes: Uint8Array | null;
  try {
    bytes = await mirror.read(path);
  } catch (e) {
    throw new CliError(EXIT.io, `${mirror.name}/${path}: cannot read (${(e as Error).message})`);
  }
  if (bytes === null) throw new CliError(EXIT.input, `${mirror.name}/${path}: missing`);
  return bytes;
}

/**
 * Verify a published directory as a fresh client would, with the client's own modules: the
 * mirror's 1.root.json must be the committed anchor, then each rotation, the pointer, the blob's
 * exact length and hash before parsing, its signature, its version, and that it compiles.
 * Expiry is reported, not enforced: callers decide (verify fails, status warns ahead).
 */
export async function verifyPublished(io: Io, mirror: Mirror, chain: RootChain, feedId: string): Promise<Published> {
  const anchor = chain.files[0]!;
  const first = await need(mirror, 'root/1.root.json');
  if (!bytesEqual(first, anchor.bytes))
    throw new CliError(EXIT.verification, `${mirror.name}/root/1.root.json: differs from the committed ${anchor.path}`);
  const roots = [{ version: 1, bytes: first }];
  let root = anchor.root;
  for (;;) {
    const path = `root/${root.version + 1}.root.json`;
    let bytes: Uint8Array | null;
    try {
      bytes = await mirror.read(path);
    } catch (e) {
      throw new CliError(EXIT.io, `${mirror.name}/${path}: cannot read (${(e as Error).message})`);
    }
    if (bytes === null) break;
    try {
      root = await verifyNextRoot(root, bytes, feedId, verifyEd25519);
    } catch (e) {
      throw verifierError(e, `${mirror.name}/${path}`, bytes);
    }
    roots.push({ version: root.version, bytes });
  }
  const pointerBytes = await need(mirror, 'timestamp.json');
  let pointer: VerifiedPointer;
  try {
    pointer = await verifyPointerBytes(root, pointerBytes, feedId, verifyEd25519);
  } catch (e) {
    throw verifierError(e, `${mirror.name}/timestamp.json`, pointerBytes);
  }
  requireIssuedPast([{ what: `${mirror.name}/timestamp.json`, issued: pointer.doc.issued }], io.now());
  const ref = pointer.doc.rules;
  const rulesBytes = await need(mirror, ref.path);
  const where = `${mirror.name}/${ref.path}`;
  try {
    if (rulesBytes.length !== ref.length) throw new FeedError('LENGTH_MISMATCH', `${rulesBytes.length} bytes, pointer says ${ref.length}`);
    if ((await sha256Hex(rulesBytes)) !== ref.sha256) throw new FeedError('HASH_MISMATCH', 'sha256 differs from the pointer');
    const rules = await verifyRulesBytes(root, rulesBytes, feedId, verifyEd25519);
    if (rules.doc.version !== ref.version)
      throw new FeedError('VERSION_MISMATCH', `blob is v${rules.doc.version}, pointer says v${ref.version}`);
    const compiled = compileRules(rules, verifyContext(feedId), io.now());
    requireIssuedPast([{ what: where, issued: rules.doc.issued }], io.now());
    return { roots, root, pointerBytes, pointer, rulesBytes, rules, compiled };
  } catch (e) {
    throw verifierError(e, where, rulesBytes);
  }
}

/** Exit 4 naming the first document that expires before `deadline`. */
export function requireNotExpiring(items: readonly { what: string; expires: number }[], deadline: number, why: string): void {
  for (const item of items) {
    if (item.expires <= deadline) throw new CliError(EXIT.expiry, `${item.what}: expires: ${iso(item.expires)} ${why}`);
  }
}

/** How far ahead of this machine's clock a document's `issued` may be (clock skew between maintainers). */
export const ISSUED_AHEAD_MS = 60 * 60 * 1000;
export const issuedAhead = (issued: number, now: number): boolean => issued > now + ISSUED_AHEAD_MS;

const iso = (time: number): string => new Date(time).toISOString().replace(/\.000Z$/, 'Z');

/**
 * Exit 2 naming the first document issued in the future: the extension takes a signed `issued` as a floor
 * for its clock (up to a day ahead), so such a release would make documents expire early on every device.
 */
export function requireIssuedPast(items: readonly { what: string; issued: number }[], now: number): void {
  for (const item of items) {
    if (issuedAhead(item.issued, now))
      throw new CliError(
        EXIT.input,
        `${item.what}: issued: ${iso(item.issued)} is in the future (this machine's clock says ${iso(now)}); rebuild with the right date`,
      );
  }
}
