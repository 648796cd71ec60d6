/**
 * Publish a signed pointer (and the rules blob it names) to one or more mirror directories. Every
 * check a client makes runs first, and every mirror is checked for a different copy of a file it would
 * receive; then the release is written in two phases (publish-phases.ts): the blob to every mirror, each
 * mirror checked as clients will read it; only then, mirror by mirror, the roots it lacks and the pointer,
 * and the mirror verified as a fresh client would.
 */
import { verifyPointerBytes } from '../../../src/shared/feed/documents.ts';
import type { VerifiedPointer, VerifiedRules } from '../../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { list, parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, inputError, usageError } from '../cli-error.ts';
import { envelopeRole } from '../envelope-file.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, requireIssuedPast, requireNotExpiring, rootDirOf } from '../common.ts';
import { expiryMargin } from '../expiry-margin.ts';
import type { ExpiryMargin } from '../expiry-margin.ts';
import { display, readBytes, verifierError } from '../files.ts';
import type { Io } from '../io.ts';
import type { Mirror } from '../mirror.ts';
import { readMirrorPointer, requirePointerAdvance, requireRulesAdvance } from '../mirror-state.ts';
import { announce, pointerBefore, stage } from '../publish-phases.ts';
import type { StagedRelease, Target } from '../publish-phases.ts';
import { requireSameOrAbsent } from '../publish-steps.ts';
import { judgeRootCopy, rootConflictAdvice } from '../root-copy.ts';
import { loadRootChain } from '../root-dir.ts';
import type { RootChain } from '../root-dir.ts';
import { checkMirrorBlobs, checkRulesBlob } from '../rules-blob.ts';
import { printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

interface Release {
  pointerBytes: Uint8Array;
  pointer: VerifiedPointer;
  rulesBytes: Uint8Array | null;
  rules: VerifiedRules | null;
}

/** What each mirror receives, by phase: the blob to stage, then the roots and the pointer that announce it. */
function stagedRelease(chain: RootChain, release: Release): StagedRelease {
  const ref = release.pointer.doc.rules;
  return {
    name: `pointer v${release.pointer.doc.version} → rules v${ref.version}`,
    // Without --rules, each mirror's copy of the blob was checked before anything was written (checkMirrorBlobs).
    blobs: release.rulesBytes ? [{ path: ref.path, bytes: release.rulesBytes }] : [],
    roots: chain.files.map((f) => ({ version: f.version, path: `root/${f.version}.root.json`, bytes: f.bytes })),
    pointer: release.pointerBytes,
    verified: release.pointer,
  };
}

/**
 * Exit 5 when any mirror has a different copy of a file it would receive, before any mirror is written: found
 * while writing, it stopped the publish after the mirrors before had been published, so they served a pointer
 * the others did not. A different copy of the blob (bytes that cannot match the sha256 its path names: this
 * publish's own were checked against it) that the mirror's timestamp.json does not name is what a corrupted
 * upload leaves; nothing reads it, so the refusal says deleting it is safe. One the pointer names is refused
 * as any other. Of a different root/N.root.json above v1 it says whether a client can have adopted it
 * (root-copy.ts): one that does not verify, what a corrupted upload of a root leaves, is safe to delete.
 */
async function requireNoConflicts(targets: readonly Target[], release: StagedRelease, chain: RootChain, feedId: string): Promise<void> {
  const outcome = 'nothing was written to any mirror';
  for (const target of targets) {
    const { mirror, served } = target;
    for (const f of release.roots) {
      const advice = async (other: Uint8Array): Promise<string> =>
        rootConflictAdvice(mirror, f.path, await judgeRootCopy(mirror, chain, feedId, f.version, other), outcome);
      await requireSameOrAbsent(mirror, f.path, f.bytes, f.version === 1 ? outcome : advice);
    }
    for (const f of release.blobs) {
      const unread =
        `no pointer names it yet (${pointerBefore(target)}), ` +
        `and a copy other than this publish's cannot match the sha256 its name gives, so no client takes it: deleting it is safe; ` +
        `delete ${mirror.name}/${f.path}, then re-run publish; ${outcome}`;
      await requireSameOrAbsent(mirror, f.path, f.bytes, served === f.path ? outcome : unread);
    }
  }
}

/**
 * Versions must move forward as clients holding what the mirror serves see it (mirror-state.ts): the same
 * refusal a client would apply, caught before upload, and the same reset after a root rotated a role's keys.
 * The mirror as a target, with the blob path its (verified) timestamp.json names. A timestamp.json no client
 * has taken (it verifies under no committed root: what a corrupted upload of it leaves) is replaced, as a
 * deleted one would be, and the output says so; before, every re-run refused it, so the failed publish that
 * left it could not be finished.
 */
async function checkForward(io: Io, mirror: Mirror, chain: RootChain, feedId: string, next: Release): Promise<Target> {
  const state = await readMirrorPointer(mirror, chain, feedId);
  if (state === null) return { mirror, plan: 'newer', served: null };
  if (!('pointer' in state)) {
    io.err(`${state.error.message}; ${state.file} (published) ${state.why}, so publish replaces it`);
    return { mirror, plan: 'newer', served: null, untaken: true };
  }
  const plan = requirePointerAdvance(state, next.pointer);
  requireRulesAdvance(state, next.pointer.doc.rules, `${state.file}: rules.version`);
  return { mirror, plan, served: state.pointer.doc.rules.path };
}

export const publish: Verb = {
  name: 'publish',
  summary: 'publish a signed pointer and rules blob to mirror directories (blobs to all first, pointers last)',
  help: `Usage: rules publish --dir <mirror> [--dir <mirror> …] --timestamp <pointer envelope> [--rules <rules envelope>]
                     [--min-days <n>]

A mirror is any existing directory a static host serves (a GitHub Pages checkout, a bucket sync dir);
one that does not exist is refused (exit 6), not created: a mistyped --dir would be a mirror nobody serves.
Before anything is written: the pointer and rules verify under the committed root (so every signer
is in its role), the blob's length and SHA-256 match the pointer, the rules compile, nothing expires
within --min-days (default 1), and both versions are above what each mirror publishes (exit 5), judged as
a client holding it judges them: a committed root that rotated a role's keys since resets that role's mark;
a mirror serving a root above the committed chain is refused (exit 5): commit the same chain first.
A mirror's timestamp.json that verifies under no committed root (what a corrupted upload of it leaves)
no client of this feed has taken, since clients verify a pointer first: publish says so and replaces it,
when the mirror's root/1.root.json is the committed one; else it is refused (exit 2 or 3: nothing shows
the mirror is this feed's, so investigate).
Without --rules, each mirror must already serve the blob the pointer names, and its copy gets the same
checks. No mirror may hold a different root/N.root.json or rules/<version>.<sha256>.rules.json than the
one it would receive (exit 5, naming the file and how it differs; nothing is written to any mirror); of a
different blob that the mirror's timestamp.json does not name (what a corrupted upload leaves), it says so:
nothing reads it, and deleting it is safe; of a different root/N.root.json above v1, whether it verifies as
root vN: one that does not (what a corrupted upload leaves) no client adopted, and deleting it is safe.
Then, in two phases (clients read root/N+1.root.json, then timestamp.json, then the blob it names):
 1. to every mirror, rules/<version>.<sha256>.rules.json, which nothing names yet, read back and hashed;
    each mirror is then verified as a client will read it once announced. A failure here (exit 6 for an
    upload or read-back, else the check's code) leaves every mirror's timestamp.json as it was. A blob that
    read back as other bytes stays on that mirror (files are never replaced): the failure names the file
    to delete before re-running, and whether the mirror's timestamp.json names it (else deleting is safe).
 2. mirror by mirror, the root/N.root.json files it lacks, then timestamp.json, each read back; then the
    mirror is verified as a client would. A failure here names the mirrors that announce the release and
    those that do not. A root that read back as other bytes stays on that mirror: the failure names it, and
    says deleting it is safe when it does not verify as that root (no client adopted it), else not to.
    A timestamp.json that read back as other bytes: the failure says what that mirror's clients make of
    the copy it serves and what a re-run does: one that verifies under no committed root no client took,
    and a re-run replaces it; one that verifies as the pointer sent, in other bytes, its clients take
    (the mirror announces the release), and a re-run refuses it (exit 5): the next pointer replaces it.
A file that reads back as other bytes is written once more when no client can have taken that copy (a
blob, a root that does not verify, timestamp.json), so a one-off corrupted upload costs nothing. One that
reads back the same wrong way twice is the mirror itself altering what it is sent: exit 6, naming the
mirror and the file, and saying that re-running will not help until the mirror stores files as sent.
Re-running after a failure is safe: files already there with the same bytes are kept (a bad copy a
failure names must be deleted first).
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      dir: { type: 'string', multiple: true },
      timestamp: { type: 'string' },
      rules: { type: 'string' },
      'min-days': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const dirs = list(p, 'dir');
    if (dirs.length === 0) throw usageError('--dir is required');
    const feedId = feedIdOf(p);
    const chain = await loadRootChain(io, rootDirOf(p), feedId);
    const margin = expiryMargin(p, io.now());
    const release = await readRelease(io, chain, feedId, required(p, 'timestamp'), str(p, 'rules'), margin);
    requireNotExpiring(
      [
        { what: `root v${chain.latest.version}`, expires: chain.latest.expires },
        { what: 'timestamp', expires: release.pointer.doc.expires },
      ],
      margin.deadline,
      margin.why,
    );
    const mirrors = dirs.map((d) => io.mirror(d));
    // A mistyped --dir would otherwise become a new mirror nobody serves, reported as published.
    for (const mirror of mirrors)
      if (!(await mirror.exists()))
        throw new CliError(EXIT.io, `${mirror.name}: no such directory; a mirror is an existing directory (mkdir it for a new one)`);
    // Without --rules, each mirror's copy of the blob the pointer names gets the checks a new one would.
    if (!release.rulesBytes) await checkMirrorBlobs(io, mirrors, chain, feedId, release.pointer.doc.rules, margin);
    const targets: Target[] = [];
    for (const mirror of mirrors) targets.push(await checkForward(io, mirror, chain, feedId, release));
    const staged = stagedRelease(chain, release);
    await requireNoConflicts(targets, staged, chain, feedId);
    await stage(io, targets, staged, chain, feedId);
    await announce(io, targets, staged, chain, feedId);
    const ref = release.pointer.doc.rules;
    printSummary(
      io,
      feedId,
      [
        { role: 'root', version: chain.latest.version, expires: chain.latest.expires },
        { role: 'timestamp', version: release.pointer.doc.version, expires: release.pointer.doc.expires },
        { role: 'rules', version: ref.version, ...(release.rules ? { expires: release.rules.doc.expires } : {}) },
      ],
      `${mirrors.length} mirror(s), rules blob ${ref.length} bytes`,
    );
  },
};

async function readRelease(
  io: Io,
  chain: RootChain,
  feedId: string,
  pointerPath: string,
  rulesPath: string | undefined,
  margin: ExpiryMargin,
): Promise<Release> {
  const pointerBytes = await readBytes(io, pointerPath);
  let pointer: VerifiedPointer;
  try {
    pointer = await verifyPointerBytes(chain.latest, pointerBytes, feedId, verifyEd25519);
  } catch (e) {
    // The rules envelope given as --timestamp (the two flags swapped) was "TOO_LARGE: pointer larger than 8 KiB".
    const role = envelopeRole(pointerBytes, display(io, pointerPath));
    if (role !== undefined && role !== 'timestamp')
      throw inputError(`${display(io, pointerPath)}: holds a ${role} envelope; --timestamp takes the pointer \`timestamp refresh\` wrote`);
    throw verifierError(e, display(io, pointerPath), pointerBytes);
  }
  requireIssuedPast([{ what: display(io, pointerPath), issued: pointer.doc.issued }], io.now());
  if (rulesPath === undefined) return { pointerBytes, pointer, rulesBytes: null, rules: null };
  const rulesBytes = await readBytes(io, rulesPath);
  const rules = await checkRulesBlob(io, chain, feedId, pointer.doc.rules, rulesBytes, display(io, rulesPath), margin);
  return { pointerBytes, pointer, rulesBytes, rules };
}
