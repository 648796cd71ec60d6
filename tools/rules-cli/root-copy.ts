/**
 * A mirror's root/N.root.json with other bytes than the committed root vN: whether any client can have adopted
 * it, and so whether deleting it is safe. Clients walk root/N+1.root.json up from the root they hold and take a
 * file only once it verifies under the root before it (src/shared/feed/sync.ts, stepRootChain); they never
 * fetch root/1.root.json, the anchor the extension bundles. A copy that does not verify was adopted by no one:
 * clients that reach it refuse it and take nothing new from that mirror until it is gone. One that verifies
 * (a host that re-encoded the envelope leaves its signatures valid) may have been adopted, and is not ours to
 * delete.
 */
import { verifyNextRoot } from '../../src/shared/feed/root-chain.ts';
import { verifyEd25519 } from '../../src/shared/feed/ed25519.ts';
import { toCliError } from './cli-error.ts';
import type { Mirror } from './mirror.ts';
import type { RootChain } from './root-dir.ts';

export interface RootCopy {
  adoptable: boolean;
  /** The committed file of that version (`<root dir>/N.root.json`), to compare the copy with. */
  committed: string;
  /** Why, for messages: "it does not verify as root v2 under …, so no client has adopted it: …". */
  why: string;
}

/** How clients of `mirror` take `bytes` served as root/`version`.root.json (`version` ≤ the committed latest). */
export async function judgeRootCopy(
  mirror: Mirror,
  chain: RootChain,
  feedId: string,
  version: number,
  bytes: Uint8Array,
): Promise<RootCopy> {
  const committed = chain.files[version - 1]!.path;
  if (version === 1) return { adoptable: false, committed, why: 'no client fetches root/1.root.json: the extension bundles root v1' };
  const before = chain.files[version - 2]!;
  try {
    await verifyNextRoot(before.root, bytes, feedId, verifyEd25519);
  } catch (e) {
    return {
      adoptable: false,
      committed,
      why:
        `it does not verify as root v${version} under the committed ${before.path} (${toCliError(e).message}), so no client ` +
        `has adopted it: clients that reach it refuse it and take nothing new from ${mirror.name} until it is gone`,
    };
  }
  return {
    adoptable: true,
    committed,
    why: `it verifies as root v${version} under the committed ${before.path}, so clients that read it may have adopted it`,
  };
}

/**
 * What to do about a copy that publish found at `path` before writing anything (exit 5): delete it when no client can
 * have adopted it, else leave it. Nothing is said of root/1.root.json: a different anchor there is as likely another
 * feed's mirror (a mistyped --dir) as a corrupted upload, and a failed upload of it says so when it happens.
 */
export function rootConflictAdvice(mirror: Mirror, path: string, copy: RootCopy, outcome: string): string {
  const file = `${mirror.name}/${path}`;
  return copy.adoptable
    ? `${copy.why}: do not delete it; find out where it comes from (compare it with the committed ${copy.committed}); ${outcome}`
    : `${copy.why}; deleting it is safe; delete ${file}, then re-run publish; ${outcome}`;
}

/** What to do about a copy of `path` that read back as other bytes once written (publish never replaces it). */
export function rootCopyLeft(mirror: Mirror, path: string, copy: RootCopy): string {
  const file = `${mirror.name}/${path}`;
  return copy.adoptable
    ? `that bad copy stays at ${file}, and publish never replaces a published file, so a re-run refuses it: do not delete it ` +
        `(${copy.why}); compare it with the committed ${copy.committed} and find out what the mirror did to it`
    : `that bad copy stays at ${file}, and publish never replaces a published file: delete ${file} before re-running publish ` +
        `(${copy.why}: deleting it is safe)`;
}
