/**
 * What an installed client that synced from a mirror holds, and whether a new pointer or rules blob may
 * follow it. The decision is the client's own (src/shared/feed/high-water.ts): a version below the held
 * one is refused, unless a committed root rotated that role's keys since — the documented recovery from a
 * compromised key that signed a huge version (rules/README.md, "Rotate a key"). Before, the CLI compared
 * with the published versions alone and refused that recovery, so a feed fast-forwarded by a stolen key
 * could never publish again.
 */
import { verifyPointerBytes, verifyRulesBytes } from '../../src/shared/feed/documents.ts';
import type { VerifiedPointer } from '../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../src/shared/feed/ed25519.ts';
import { bytesEqual } from '../../src/shared/feed/encoding.ts';
import { isFeedError } from '../../src/shared/feed/errors.ts';
import { checkPointerAdvance, checkRulesAdvance } from '../../src/shared/feed/high-water.ts';
import type { RoleName } from '../../src/shared/feed/payload.ts';
import type { Pointer } from '../../src/shared/feed/pointer.ts';
import { stepRootChain } from '../../src/shared/feed/root-chain.ts';
import type { Root } from '../../src/shared/feed/root.ts';
import { CliError, EXIT } from './cli-error.ts';
import { verifierError } from './files.ts';
import type { Mirror } from './mirror.ts';
import { readOrFail } from './publish-steps.ts';
import type { RootChain } from './root-dir.ts';

export interface MirrorState {
  /** `<mirror>/timestamp.json`, for messages. */
  file: string;
  pointer: VerifiedPointer;
  /** Roles whose keys a committed root changed after the root a client holds this pointer under. */
  rotated: ReadonlySet<RoleName>;
}

/** The newest root in `chain.files` that `check` passes under (its index, -1 if none), and why the latest failed. */
async function newestPassing<T>(
  chain: RootChain,
  check: (root: Root) => Promise<T>,
): Promise<{ index: number; value?: T; latestError?: unknown }> {
  let latestError: unknown;
  for (let i = chain.files.length - 1; i >= 0; i--) {
    try {
      return { index: i, value: await check(chain.files[i]!.root), latestError };
    } catch (e) {
      latestError ??= e;
    }
  }
  return { index: -1, latestError };
}

/** The roles the client's own root walk (stepRootChain) marks as rotated from `chain.files[from]` to the latest. */
async function rotatedSince(chain: RootChain, from: number, feedId: string): Promise<Set<RoleName>> {
  const rotated = new Set<RoleName>();
  let root = chain.files[from]!.root;
  for (const f of chain.files.slice(from + 1)) root = await stepRootChain(root, f.bytes, feedId, verifyEd25519, rotated);
  return rotated;
}

/**
 * Exit 5 when the mirror serves the root after the latest committed one (a rotation committed and published
 * from another checkout). Clients that synced the mirror walked it and judge every release under keys this
 * checkout does not know, so no verdict below would be theirs: a pointer published anyway could be one they
 * refuse, found only by publish's final check, after the pointer moved. Clients walk roots one version at a
 * time, so the next one is all there is to look for.
 */
async function requireNoNewerRoot(mirror: Mirror, chain: RootChain): Promise<void> {
  const latest = chain.files[chain.files.length - 1]!;
  const path = `root/${latest.version + 1}.root.json`;
  if ((await readOrFail(mirror, path)) === null) return;
  throw new CliError(
    EXIT.conflict,
    `${mirror.name}/${path}: version: the mirror serves root v${latest.version + 1}, above the committed ${latest.path}; ` +
      'commit the same chain first (`root verify-chain --next <that file> --install`) and sign the release under it',
  );
}

/**
 * A mirror's timestamp.json that verifies under no committed root, on a mirror whose root/1.root.json is the committed
 * anchor: no client of this feed has taken it, since clients verify a pointer before they use it (src/shared/feed/sync.ts,
 * fetchPointer) and keep the one they hold. What a corrupted upload of the pointer leaves (publish-phases.ts announce).
 * publish replaces it, as it replaces any pointer it moves past; the pointer its clients hold is the one the mirror
 * served before, which nothing here can read, so the release is checked against the other mirrors' alone.
 */
export interface UntakenPointer {
  file: string;
  /** The verifier's refusal under the latest committed root (its exit code, and a message naming the file). */
  error: CliError;
  /** Why no client has taken it, for messages: "verifies under no committed root, and …". */
  why: string;
}

/**
 * Refused unless the mirror's root/1.root.json is the committed one: without it nothing shows the mirror is this feed's,
 * and a mistyped --dir naming another feed's mirror serves a pointer that verifies under none of our roots too.
 */
async function untaken(mirror: Mirror, chain: RootChain, file: string, error: CliError): Promise<UntakenPointer> {
  const anchor = chain.files[0]!;
  const first = await readOrFail(mirror, 'root/1.root.json');
  const root1 = `${mirror.name}/root/1.root.json`;
  if (first === null || !bytesEqual(first, anchor.bytes))
    throw new CliError(
      error.exitCode,
      `${error.message}; the published pointer verifies under no committed root, and ${root1} ` +
        `${first === null ? 'is missing' : `differs from the committed ${anchor.path}`}, so nothing shows ${mirror.name} is this ` +
        "feed's mirror (a --dir naming another feed's mirror looks the same): investigate before publishing over it",
    );
  return {
    file,
    error,
    why:
      `verifies under no committed root, and ${root1} is the committed ${anchor.path}: no client of this feed has taken it ` +
      '(clients verify a pointer before they use it)',
  };
}

/**
 * The mirror's published pointer, and the roles rotated since the root a client holds it under; null when
 * the mirror publishes no pointer, UntakenPointer when no client can have taken the one it serves. A client
 * holds pointer and blob under one root, the newest (of the committed chain: a newer one may come bundled
 * with an extension update, design row 42) under which both verify; once a rotation removed the key that
 * signed either, that root is the one before it. A blob that is missing or verifies under no root leaves
 * the pointer to decide (stricter: a later root, fewer rotations).
 */
export async function readMirrorPointer(mirror: Mirror, chain: RootChain, feedId: string): Promise<MirrorState | UntakenPointer | null> {
  await requireNoNewerRoot(mirror, chain);
  const file = `${mirror.name}/timestamp.json`;
  const bytes = await readOrFail(mirror, 'timestamp.json');
  if (bytes === null) return null;
  const byPointer = await newestPassing(chain, (root) => verifyPointerBytes(root, bytes, feedId, verifyEd25519));
  const pointer = byPointer.value;
  if (pointer === undefined) return untaken(mirror, chain, file, verifierError(byPointer.latestError, `${file} (published)`, bytes));
  const blob = await readOrFail(mirror, pointer.doc.rules.path);
  const byBlob = blob === null ? byPointer : await newestPassing(chain, (root) => verifyRulesBytes(root, blob, feedId, verifyEd25519));
  const heldUnder = byBlob.index < 0 ? byPointer.index : Math.min(byPointer.index, byBlob.index);
  return { file, pointer, rotated: await rotatedSince(chain, heldUnder, feedId) };
}

/**
 * readMirrorPointer for a verb that needs the pointer clients hold (timestamp refresh numbers the next one above it):
 * a pointer no client has taken gives none, so it is refused, saying that publish replaces it.
 */
export async function readMirrorState(mirror: Mirror, chain: RootChain, feedId: string): Promise<MirrorState | null> {
  const held = await readMirrorPointer(mirror, chain, feedId);
  if (held === null || 'pointer' in held) return held;
  throw new CliError(
    held.error.exitCode,
    `${held.error.message}; ${held.file} (published) ${held.why}: publish replaces it (re-run the publish that left it), ` +
      `or leave --dir ${mirror.name} out`,
  );
}

const FIX: Record<'timestamp' | 'rules', string> = {
  timestamp: 'sign a new pointer (`timestamp refresh --dir <mirror>` numbers it above the published one)',
  rules: 'build the rules with a higher --version',
};

/** A client's refusal (ROLLBACK, EQUIVOCATION) as a conflict naming `where` (file: field) and what to do. */
function refusal(e: unknown, state: MirrorState, where: string, role: 'timestamp' | 'rules', next: number, held: number): unknown {
  if (!isFeedError(e) || (e.code !== 'ROLLBACK' && e.code !== 'EQUIVOCATION')) return e;
  const against = where.startsWith(state.file) ? `the published v${held}` : `the published v${held} (${state.file})`;
  return new CliError(
    EXIT.conflict,
    `${where}: v${next} is not above ${against}; clients would refuse it (${e.code}): ` +
      `${FIX[role]} (only a committed root that rotates the ${role} keys resets that mark)`,
  );
}

/** Exit 5 unless clients holding `state` would take `next`; 'same' when it is the published pointer. */
export function requirePointerAdvance(state: MirrorState, next: VerifiedPointer): 'same' | 'newer' {
  try {
    return checkPointerAdvance(state.pointer, next, state.rotated) ? 'newer' : 'same';
  } catch (e) {
    throw refusal(e, state, `${state.file}: version`, 'timestamp', next.doc.version, state.pointer.doc.version);
  }
}

/** Exit 5 unless clients holding `state` would take (or already hold) the rules `ref` names; `where`: file: field. */
export function requireRulesAdvance(state: MirrorState, ref: Pick<Pointer['rules'], 'version' | 'sha256' | 'path'>, where: string): void {
  const held = state.pointer.doc.rules;
  try {
    checkRulesAdvance(held, ref, state.rotated);
  } catch (e) {
    throw refusal(e, state, where, 'rules', ref.version, held.version);
  }
}
