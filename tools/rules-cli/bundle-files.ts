/**
 * The signed baseline the extension ships (rules/bundle/): the latest committed root, a pointer and
 * the rules envelope it names. The background verifies it with the same code as a network update,
 * so a bundle that does not verify here would leave the extension on no rules at all.
 */
import { verifyPointerBytes, verifyRulesBytes } from '../../src/shared/feed/documents.ts';
import { sha256Hex } from '../../src/shared/feed/encoding.ts';
import { PAYLOAD_TYPES } from '../../src/shared/feed/payload.ts';
import { verifyAnchorRoot } from '../../src/shared/feed/root-chain.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { compileRules, loadTrustedSet } from '../../src/shared/feed/trusted-set.ts';
import type { BundledBaseline, TrustedSet } from '../../src/shared/feed/trusted-set.ts';
import type { CompiledRuleSet } from '../../src/shared/rules/compile.ts';
import { CliError, EXIT, toCliError } from './cli-error.ts';
import { requireIssuedPast, verifyContext } from './common.ts';
import { decodeEnvelope, payloadObject } from './envelope-file.ts';
import { fileExists, readBytes, verifierError, writeBytes } from './files.ts';
import type { Io } from './io.ts';

export const BUNDLE_FILES = { root: 'root.json', pointer: 'timestamp.json', rules: 'rules.json' } as const;

export async function readBundle(io: Io, dir: string): Promise<BundledBaseline | null> {
  if (!(await fileExists(io, `${dir}/${BUNDLE_FILES.rules}`))) return null;
  return {
    root: await readBytes(io, `${dir}/${BUNDLE_FILES.root}`),
    pointer: await readBytes(io, `${dir}/${BUNDLE_FILES.pointer}`),
    rules: await readBytes(io, `${dir}/${BUNDLE_FILES.rules}`),
  };
}

export async function writeBundle(io: Io, dir: string, b: BundledBaseline): Promise<void> {
  // Rules first, pointer, then root: a half-written bundle fails verification instead of mixing.
  await writeBytes(io, `${dir}/${BUNDLE_FILES.rules}`, b.rules);
  await writeBytes(io, `${dir}/${BUNDLE_FILES.pointer}`, b.pointer);
  await writeBytes(io, `${dir}/${BUNDLE_FILES.root}`, b.root);
}

/** Verify as the extension does at first start (bundled baseline, empty storage). */
export async function verifyBundle(b: BundledBaseline, feedId: string, name: string, now: number): Promise<TrustedSet<CompiledRuleSet>> {
  let set: TrustedSet<CompiledRuleSet>;
  try {
    ({ set } = await loadTrustedSet(b, undefined, verifyContext(feedId), now));
  } catch (e) {
    await verifyFileByFile(b, feedId, name, now);
    throw toCliError(e, name);
  }
  await requirePointerNamesRules(b.rules, set, name);
  requireIssuedPast(
    [
      { what: `${name}/${BUNDLE_FILES.pointer}`, issued: set.pointer.doc.issued },
      { what: `${name}/${BUNDLE_FILES.rules}`, issued: set.rules.doc.issued },
    ],
    now,
  );
  return set;
}

/**
 * The bundled pointer names the bundled rules (version, length, SHA-256), as a feed's pointer names its
 * blob. The extension's loader verifies the two apart, so a bundle whose write stopped after rules.json
 * (writeBundle: rules, pointer, root, one file at a time) still loaded, and `--check` passed it: the
 * pointer of the previous release beside the new rules.
 */
async function requirePointerNamesRules(rules: Uint8Array, set: TrustedSet<CompiledRuleSet>, dir: string): Promise<void> {
  const ref = set.pointer.doc.rules;
  const sha256 = await sha256Hex(rules);
  if (ref.version === set.rules.doc.version && ref.length === rules.length && ref.sha256 === sha256) return;
  throw new CliError(
    EXIT.verification,
    `${dir}/${BUNDLE_FILES.pointer}: rules: names rules v${ref.version} (${ref.length} bytes, sha256 ${ref.sha256.slice(0, 16)}…), ` +
      `but ${dir}/${BUNDLE_FILES.rules} is v${set.rules.doc.version} (${rules.length} bytes, sha256 ${sha256.slice(0, 16)}…): ` +
      `a bundle half-written or assembled from two releases; re-sign it (npm run rules -- bundle --force)`,
  );
}

/**
 * The extension's loader refuses a baseline as a whole (`BAD_BASELINE … (at bundled)`), which names no
 * file. Its steps are repeated here one file at a time — anchor root, pointer, rules, compile — so the
 * refusal names the file to fix and, through verifierError, its field or JSON position. Returns when
 * every file passes on its own; the caller then reports the loader's refusal as it is.
 */
async function verifyFileByFile(b: BundledBaseline, feedId: string, dir: string, now: number): Promise<void> {
  const ctx = verifyContext(feedId);
  const inFile = async <T>(file: string, bytes: Uint8Array, check: () => T | Promise<T>): Promise<T> => {
    try {
      return await check();
    } catch (e) {
      throw verifierError(e, `${dir}/${file}`, bytes);
    }
  };
  const anchor = await inFile(BUNDLE_FILES.root, b.root, () => verifyAnchorRoot(b.root, feedId, ctx.verify));
  await inFile(BUNDLE_FILES.pointer, b.pointer, () => verifyPointerBytes(anchor, b.pointer, feedId, ctx.verify));
  const rules = await inFile(BUNDLE_FILES.rules, b.rules, () => verifyRulesBytes(anchor, b.rules, feedId, ctx.verify));
  await inFile(BUNDLE_FILES.rules, b.rules, () => compileRules(rules, ctx, now));
}

/** Header fields of a document we wrote ourselves (read without verification: versions only). */
export function peekPayload(bytes: Uint8Array, name: string): JsonObject {
  return payloadObject(decodeEnvelope(bytes, name), name);
}

/**
 * The version of a bundled document, which the next bundle is numbered above: checked to be the role's document with
 * a whole version, naming the file and how to recover. A pointer copied over rules.json (a bad copy, a bad merge)
 * numbered the next rules from the pointer's version — a jump that could never be undone — without a word.
 */
export function bundledVersion(bytes: Uint8Array, name: string, role: 'rules' | 'timestamp'): number {
  const envelope = decodeEnvelope(bytes, name);
  const recover = 'restore the bundle from git, or remove its directory and bundle again with a --version above the last one released';
  if (envelope.payloadType !== PAYLOAD_TYPES[role])
    throw new CliError(EXIT.input, `${name}: payloadType: ${envelope.payloadType}, not the ${role} document this file holds; ${recover}`);
  const version = payloadObject(envelope, name).version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    throw new CliError(EXIT.input, `${name}: version: ${JSON.stringify(version)}, not a whole number from 1; ${recover}`);
  return version;
}
