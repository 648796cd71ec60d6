/**
 * High-water marks: whether a pointer or rules blob may replace the one held (design rows 11, 12, 15, 21).
 * A version below the held one is a rollback; the same version with other content is equivocation. A
 * role whose keys rotated since the held document was accepted starts again from 0: its mark may have
 * been set by the compromised key that rotation removed (a fast-forward to 2^53−1), and keeping it would
 * lock the feed forever. The client's refresh (sync.ts) and the maintainers' CLI (publish, timestamp
 * refresh) both decide here, so the CLI refuses exactly the releases installed clients would refuse.
 */
import { FeedError } from './errors.ts';
import type { VerifiedPointer } from './documents.ts';
import type { RoleName } from './payload.ts';
import type { Pointer } from './pointer.ts';

/** The version a new document of `role` must reach: the held one's, or 0 once the role's keys rotated. */
export function highWaterMark(role: RoleName, heldVersion: number, rotated: ReadonlySet<RoleName>): number {
  return rotated.has(role) ? 0 : heldVersion;
}

/** Throws ROLLBACK or EQUIVOCATION; otherwise says whether `fresh` differs from the held pointer. */
export function checkPointerAdvance(held: VerifiedPointer, fresh: VerifiedPointer, rotated: ReadonlySet<RoleName>): boolean {
  const hw = highWaterMark('timestamp', held.doc.version, rotated);
  if (fresh.doc.version < hw) throw new FeedError('ROLLBACK', `pointer v${fresh.doc.version} < v${hw}`, 'timestamp.json');
  if (fresh.doc.version === hw && fresh.text !== held.text) {
    throw new FeedError('EQUIVOCATION', `two different pointers claim v${hw}; keeping the first`, 'timestamp.json');
  }
  return fresh.text !== held.text;
}

/**
 * Throws ROLLBACK or EQUIVOCATION for a blob the pointer names; otherwise says whether it is another blob
 * than the one held (false: the same version and hash, nothing to fetch).
 */
export function checkRulesAdvance(
  held: { version: number; sha256: string },
  ref: Pick<Pointer['rules'], 'version' | 'sha256' | 'path'>,
  rotated: ReadonlySet<RoleName>,
): boolean {
  if (ref.version === held.version && ref.sha256 === held.sha256) return false;
  const hw = highWaterMark('rules', held.version, rotated);
  if (ref.version < hw) throw new FeedError('ROLLBACK', `rules v${ref.version} < v${hw}`, ref.path);
  if (ref.version === hw) throw new FeedError('EQUIVOCATION', `rules v${hw} with a different hash`, ref.path);
  return true;
}
