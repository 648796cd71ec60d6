/**
 * Writing one release to several mirrors in two phases, so that a failure on one mirror does not leave the
 * mirrors before it announcing a release the others lack. Before, each mirror got its roots, blob and
 * timestamp.json and its final check before the next mirror was touched, so a failed upload on the second
 * left the first published.
 *
 * What announces a release follows the order clients read a mirror in (src/shared/feed/sync.ts):
 * root/N+1.root.json, N+2, … until a 404, then timestamp.json, then the blob it names. A root a mirror lacks
 * is taken by clients as soon as it is there, like the pointer (a rotation resets marks, and may drop the key
 * that signed the pointer served with it); the content-addressed blob is the one file nothing reads until a
 * pointer names it.
 *
 * 1. stage: on every mirror, the blob where absent, read back and hashed; then the mirror checked as clients
 *    will read it once announced (mirror-after-announce.ts). A failure leaves every mirror announcing what it
 *    did before; a blob that read back as other bytes stays, and the failure names it to delete before a re-run.
 * 2. announce: mirror by mirror, the roots it lacks, then timestamp.json, each read back; then the mirror
 *    checked as it now is. A failure names the mirrors that announce the release and those that do not; a
 *    root that read back as other bytes stays, and the failure names it and whether deleting it is safe; of a
 *    timestamp.json, it says what the mirror's clients make of the copy it serves, and whether a re-run finishes.
 * A file that reads back otherwise is written once more where no client can have taken the copy read
 * (publish-steps.ts requireReadBack): a one-off corrupted upload then costs nothing, and one that reads back
 * the same wrong way twice is reported as the mirror altering files, which re-running does not fix.
 */
import type { VerifiedPointer } from '../../src/shared/feed/documents.ts';
import { CliError, toCliError } from './cli-error.ts';
import { verifyPublished } from './common.ts';
import type { Io } from './io.ts';
import type { Mirror } from './mirror.ts';
import { mirrorAfterAnnounce } from './mirror-after-announce.ts';
import { judgePointerCopy } from './pointer-copy.ts';
import { putImmutable, ReadBackMismatch, requireReadBack, upload } from './publish-steps.ts';
import { judgeRootCopy, rootCopyLeft } from './root-copy.ts';
import type { RootCopy } from './root-copy.ts';
import type { RootChain } from './root-dir.ts';

/** A file as a mirror receives it: `path` inside the mirror. */
export interface MirrorFile {
  path: string;
  bytes: Uint8Array;
}

/** What publish writes to each mirror, by phase. */
export interface StagedRelease {
  /** `pointer vN → rules vM`, for messages. */
  name: string;
  /** Phase 1, where absent: the rules blob (none when the mirrors serve it already: publish without --rules). */
  blobs: readonly MirrorFile[];
  /** Phase 2, where absent: every committed root, oldest first. */
  roots: readonly (MirrorFile & { version: number })[];
  /** Phase 2, last: timestamp.json. */
  pointer: Uint8Array;
  /** The same pointer as verified: what a copy the mirror serves instead is judged against (pointer-copy.ts). */
  verified: VerifiedPointer;
}

/**
 * A mirror, whether it gets the pointer ('newer') or already serves it ('same'), and the blob path its
 * timestamp.json names before this publish (null when it has none, or one no client has taken: `untaken`, which
 * publish replaces, mirror-state.ts): clients read a blob only from the mirror whose pointer names it
 * (src/shared/feed/sync.ts), so a blob path that pointer does not name is read by no one.
 */
export interface Target {
  mirror: Mirror;
  plan: 'same' | 'newer';
  served: string | null;
  untaken?: true;
}

/** What the mirror's timestamp.json names before this publish, for messages about a blob copy no pointer may name. */
export function pointerBefore({ mirror, served, untaken }: Target): string {
  const pointer = `${mirror.name}/timestamp.json`;
  if (served !== null) return `${pointer} names ${served}`;
  return untaken ? `${pointer} verifies under no committed root, so no client reads what it names` : `the mirror has no ${pointer}`;
}

/** `e` with the same exit code, its message going on with what the publish left where. */
function withOutcome(e: unknown, outcome: string): CliError {
  const err = toCliError(e);
  return new CliError(err.exitCode, `${err.message}; ${outcome}`);
}

const names = (mirrors: readonly string[]): string => (mirrors.length === 0 ? 'no mirror' : mirrors.join(', '));

/** The files phase 2 writes to a mirror where absent or different: its roots, then the pointer when newer. */
function announcing(release: StagedRelease, plan: Target['plan']): MirrorFile[] {
  return plan === 'newer' ? [...release.roots, { path: 'timestamp.json', bytes: release.pointer }] : [...release.roots];
}

/**
 * What to do about a blob that read back as other bytes: that copy stays (immutable files are never
 * replaced), so a re-run refuses it (exit 5) until it is deleted. Deleting it is safe while the mirror's
 * timestamp.json names another blob: nothing points to it.
 */
function badCopyLeft(target: Target, path: string): string {
  const file = `${target.mirror.name}/${path}`;
  const pointer = `${target.mirror.name}/timestamp.json`;
  return target.served === path
    ? `that bad copy stays at ${file}, and publish never replaces a published file: delete ${file} before re-running publish ` +
        `(${pointer} already names it: the mirror lacked this blob before, so its clients fail on it as they did on the missing file)`
    : `that bad copy stays at ${file}, and publish never replaces a published file: delete ${file} before re-running publish ` +
        `(nothing points to it yet: ${pointerBefore(target)}, so deleting it is safe)`;
}

/** The progress line for a file phase 1 or 2 wrote ('written-again': its first upload read back otherwise). */
function wrote(io: Io, path: string, how: 'written' | 'as-sent' | 'written-again' | 'present'): void {
  if (how === 'written' || how === 'as-sent') io.err(`  ${path}`);
  if (how === 'written-again') io.err(`  ${path} (read back as other bytes; written again, now as sent)`);
}

/**
 * Phase 1: nothing any client reads changes; a failure says so, and what a bad copy it left needs. A blob that
 * reads back otherwise is written once more (requireReadBack): a copy other than this publish's cannot match the
 * sha256 its path names, so no client takes it, and nothing was there before this write.
 */
export async function stage(io: Io, targets: readonly Target[], release: StagedRelease, chain: RootChain, feedId: string): Promise<void> {
  const none = `timestamp.json NOT updated on any mirror: no mirror announces ${release.name} yet`;
  const outcome = `${none}; re-running publish is safe (files already there with the same bytes are kept)`;
  const anyBlobCopy = (): Promise<boolean> => Promise.resolve(true);
  for (const target of targets) {
    const { mirror, plan } = target;
    io.err(`staging on ${mirror.name}…`);
    try {
      for (const f of release.blobs) wrote(io, f.path, await putImmutable(mirror, f.path, f.bytes, anyBlobCopy));
    } catch (e) {
      if (!(e instanceof ReadBackMismatch) || !(e.leftThere || e.alters)) throw withOutcome(e, outcome);
      throw withOutcome(e, e.leftThere ? `${none}; ${badCopyLeft(target, e.path)}` : none);
    }
    try {
      await verifyPublished(io, mirrorAfterAnnounce(mirror, announcing(release, plan)), chain, feedId);
    } catch (e) {
      throw withOutcome(e, `found checking ${mirror.name} as clients will read it once it announces ${release.name}; ${outcome}`);
    }
  }
}

/**
 * How clients take the copy a root that read back as other bytes left on `mirror` (null: it left nothing). A copy
 * no client can have adopted was written once more already (requireReadBack); a re-run does not write over it
 * either, but refuses it and leaves deleting it to the maintainer, whom the message tells whether that is safe: by
 * then the copy may be another publish's, written in the meantime, and the mirror has just shown that it does not
 * store what it is sent.
 */
async function rootLeft(e: unknown, mirror: Mirror, release: StagedRelease, chain: RootChain, feedId: string): Promise<RootCopy | null> {
  if (!(e instanceof ReadBackMismatch) || e.served === null) return null;
  const root = release.roots.find((f) => f.path === e.path);
  return root === undefined ? null : judgeRootCopy(mirror, chain, feedId, root.version, e.served);
}

/**
 * Phase 2, one mirror after another. Which mirrors announce the release when one fails: those done, and the
 * failing one once its pointer read back; not the failing one when its roots or its pointer upload failed (a
 * mirror renames a finished upload into place, mirror.ts). A pointer that reads back otherwise is judged as its
 * clients take it (pointer-copy.ts): the failing mirror announces the release when the copy verifies as the pointer
 * sent, and the message says whether a re-run finishes (it replaces a copy no client took); in doubt when it could
 * not be read. A root or pointer that reads back otherwise is written once more when no client can have taken it (a
 * root that does not verify: root-copy.ts) or when publish would replace it anyway (timestamp.json).
 */
export async function announce(
  io: Io,
  targets: readonly Target[],
  release: StagedRelease,
  chain: RootChain,
  feedId: string,
): Promise<void> {
  const announced: string[] = [];
  for (const [i, { mirror, plan }] of targets.entries()) {
    io.err(`publishing to ${mirror.name}…`);
    let step: 'roots' | 'read-back' | 'check' = 'roots';
    try {
      for (const f of release.roots) {
        const unadopted = async (served: Uint8Array | null): Promise<boolean> =>
          served === null || !(await judgeRootCopy(mirror, chain, feedId, f.version, served)).adoptable;
        wrote(io, f.path, await putImmutable(mirror, f.path, f.bytes, unadopted));
      }
      if (plan === 'newer') {
        await upload(mirror, 'timestamp.json', release.pointer);
        step = 'read-back';
        wrote(io, 'timestamp.json', await requireReadBack(mirror, 'timestamp.json', release.pointer, () => Promise.resolve(true)));
      }
      step = 'check';
      // Every file is read again, though each was read back byte for byte (the blob in phase 1): phase 1's check read
      // the roots and pointer from memory (mirror-after-announce.ts), so this is their second read, which finds a mirror
      // that passes a read-back and then serves other bytes; and it is the one read of the blob after a pointer names
      // it, which finds a blob gone or changed while the mirrors before were announced. It costs a few ms a mirror.
      const check = await verifyPublished(io, mirror, chain, feedId);
      io.out(
        `${mirror.name}: ${plan === 'same' ? 'already published' : 'published'} pointer v${check.pointer.doc.version} → rules v${check.rules.doc.version}`,
      );
    } catch (e) {
      const later = targets.slice(i + 1).map((t) => t.mirror.name);
      // A pointer that read back otherwise: what the mirror's clients make of the copy it serves, and what a re-run does.
      const pointer =
        step === 'read-back' && e instanceof ReadBackMismatch
          ? await judgePointerCopy(mirror, chain, feedId, release.verified, e.alters)
          : null;
      const by =
        step === 'check'
          ? [...announced, `${mirror.name} (which fails the check above)`]
          : pointer?.announces
            ? [...announced, mirror.name]
            : announced;
      const notBy = step === 'roots' || (pointer !== null && !pointer.announces) ? [mirror.name, ...later] : later;
      const where = `${release.name} is announced by ${names(by)}; not by ${names(notBy)}`;
      if (pointer !== null) throw withOutcome(e, `${where}: ${pointer.advice}`);
      const doubt = step === 'read-back' ? `; whether ${mirror.name} serves the timestamp.json sent is unknown: check what it serves` : '';
      const root = await rootLeft(e, mirror, release, chain, feedId);
      const left = root === null ? '' : `; ${rootCopyLeft(mirror, (e as ReadBackMismatch).path, root)}`;
      // A copy that may have been adopted blocks every re-run until the maintainer has looked at it.
      const finish =
        root?.adoptable === true
          ? ''
          : e instanceof ReadBackMismatch && e.alters
            ? `; once ${mirror.name} stores files as they are sent, re-run the same publish to finish`
            : '; re-run the same publish to finish (files already there with the same bytes are kept)';
      throw withOutcome(e, `${where}${doubt}${left}${finish}`);
    }
    announced.push(mirror.name);
  }
}
