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
 *    checked as it now is. A failure names the mirrors that announce the release and those that do not.
 */
import { CliError, toCliError } from './cli-error.ts';
import { verifyPublished } from './common.ts';
import type { Io } from './io.ts';
import type { Mirror } from './mirror.ts';
import { mirrorAfterAnnounce } from './mirror-after-announce.ts';
import { putImmutable, ReadBackMismatch, requireReadBack, upload } from './publish-steps.ts';
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
  roots: readonly MirrorFile[];
  /** Phase 2, last: timestamp.json. */
  pointer: Uint8Array;
}

/**
 * A mirror, whether it gets the pointer ('newer') or already serves it ('same'), and the blob path its
 * timestamp.json names before this publish (null when it has none): clients read a blob only from the mirror
 * whose pointer names it (src/shared/feed/sync.ts), so a blob path that pointer does not name is read by no one.
 */
export interface Target {
  mirror: Mirror;
  plan: 'same' | 'newer';
  served: string | null;
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
function badCopyLeft(mirror: Mirror, path: string, served: string | null): string {
  const file = `${mirror.name}/${path}`;
  const pointer = `${mirror.name}/timestamp.json`;
  return served === path
    ? `that bad copy stays at ${file}, and publish never replaces a published file: delete ${file} before re-running publish ` +
        `(${pointer} already names it: the mirror lacked this blob before, so its clients fail on it as they did on the missing file)`
    : `that bad copy stays at ${file}, and publish never replaces a published file: delete ${file} before re-running publish ` +
        `(nothing points to it yet: ${served === null ? `the mirror has no ${pointer}` : `${pointer} names ${served}`}, so deleting it is safe)`;
}

/** Phase 1: nothing any client reads changes; a failure says so, and what a bad copy it left needs. */
export async function stage(io: Io, targets: readonly Target[], release: StagedRelease, chain: RootChain, feedId: string): Promise<void> {
  const none = `timestamp.json NOT updated on any mirror: no mirror announces ${release.name} yet`;
  const outcome = `${none}; re-running publish is safe (files already there with the same bytes are kept)`;
  for (const { mirror, plan, served } of targets) {
    io.err(`staging on ${mirror.name}…`);
    try {
      for (const f of release.blobs) if ((await putImmutable(mirror, f.path, f.bytes)) === 'written') io.err(`  ${f.path}`);
    } catch (e) {
      throw withOutcome(e, e instanceof ReadBackMismatch && e.leftThere ? `${none}; ${badCopyLeft(mirror, e.path, served)}` : outcome);
    }
    try {
      await verifyPublished(io, mirrorAfterAnnounce(mirror, announcing(release, plan)), chain, feedId);
    } catch (e) {
      throw withOutcome(e, `found checking ${mirror.name} as clients will read it once it announces ${release.name}; ${outcome}`);
    }
  }
}

/**
 * Phase 2, one mirror after another. Which mirrors announce the release when one fails: those done, and the
 * failing one once its pointer read back; not the failing one when its roots or its pointer upload failed (a
 * mirror renames a finished upload into place, mirror.ts); in doubt when its pointer reads back otherwise.
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
      for (const f of release.roots) if ((await putImmutable(mirror, f.path, f.bytes)) === 'written') io.err(`  ${f.path}`);
      if (plan === 'newer') {
        await upload(mirror, 'timestamp.json', release.pointer);
        step = 'read-back';
        await requireReadBack(mirror, 'timestamp.json', release.pointer);
        io.err('  timestamp.json');
      }
      step = 'check';
      const check = await verifyPublished(io, mirror, chain, feedId);
      io.out(
        `${mirror.name}: ${plan === 'same' ? 'already published' : 'published'} pointer v${check.pointer.doc.version} → rules v${check.rules.doc.version}`,
      );
    } catch (e) {
      const later = targets.slice(i + 1).map((t) => t.mirror.name);
      const by = step === 'check' ? [...announced, `${mirror.name} (which fails the check above)`] : announced;
      const notBy = step === 'roots' ? [mirror.name, ...later] : later;
      const doubt = step === 'read-back' ? `; ${mirror.name} serves another timestamp.json than it was sent: check what it serves` : '';
      throw withOutcome(
        e,
        `${release.name} is announced by ${names(by)}; not by ${names(notBy)}${doubt}; ` +
          're-run the same publish to finish (files already there with the same bytes are kept)',
      );
    }
    announced.push(mirror.name);
  }
}
