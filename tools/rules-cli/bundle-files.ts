/**
 * The signed baseline the extension ships (rules/bundle/): the latest committed root, a pointer and
 * the rules envelope it names. The background verifies it with the same code as a network update,
 * so a bundle that does not verify here would leave the extension on no rules at all.
 */
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { loadTrustedSet } from '../../src/shared/feed/trusted-set.ts';
import type { BundledBaseline, TrustedSet } from '../../src/shared/feed/trusted-set.ts';
import type { CompiledRuleSet } from '../../src/shared/rules/compile.ts';
import { toCliError } from './cli-error.ts';
import { requireIssuedPast, verifyContext } from './common.ts';
import { decodeEnvelope, payloadObject } from './envelope-file.ts';
import { fileExists, readBytes, writeBytes } from './files.ts';
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
  try {
    const { set } = await loadTrustedSet(b, undefined, verifyContext(feedId), now);
    requireIssuedPast(
      [
        { what: `${name}/${BUNDLE_FILES.pointer}`, issued: set.pointer.doc.issued },
        { what: `${name}/${BUNDLE_FILES.rules}`, issued: set.rules.doc.issued },
      ],
      now,
    );
    return set;
  } catch (e) {
    throw toCliError(e, name);
  }
}

/** Header fields of a document we wrote ourselves (read without verification: versions only). */
export function peekPayload(bytes: Uint8Array, name: string): JsonObject {
  return payloadObject(decodeEnvelope(bytes, name), name);
}
