/**
 * Sign a new pointer: to a new rules envelope (`--rules`, a release) or, by default, to the rules the
 * mirrors already publish (the routine refresh a CI job runs so the pointer never expires). The
 * pointer version is the issue time in epoch seconds (and above every pointer seen), so pointers
 * made on different machines, for the feed or for the bundle, never collide or go backwards.
 */
import { verifyPointerBytes, verifyRulesBytes } from '../../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { highWaterMark } from '../../../src/shared/feed/high-water.ts';
import { rulesPath } from '../../../src/shared/feed/pointer.ts';
import type { Pointer } from '../../../src/shared/feed/pointer.ts';
import { sha256Hex } from '../../../src/shared/feed/encoding.ts';
import { expiresDays, int, list, parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, toCliError, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, requireNotExpiring, rootDirOf } from '../common.ts';
import { addSignatures, encodeEnvelope, unsignedEnvelope } from '../envelope-file.ts';
import { expiryMargin, MIN_DAYS_HELP } from '../expiry-margin.ts';
import { display, readBytes, verifierError, writeBytes } from '../files.ts';
import { refuseSignedOut } from '../out-guard.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import type { Io } from '../io.ts';
import { readPassphrase } from '../keyfile.ts';
import { DAY_MS, pointerPayload } from '../payloads.ts';
import { readMirrorState, requireRulesAdvance } from '../mirror-state.ts';
import type { MirrorState } from '../mirror-state.ts';
import { loadRootChain } from '../root-dir.ts';
import { checkMirrorBlobs, checkRulesBlob } from '../rules-blob.ts';
import type { RulesRef } from '../rules-blob.ts';
import type { RootChain } from '../root-dir.ts';
import { unlockRoleKeys } from '../signers.ts';
import { printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

export const DEFAULT_POINTER_EXPIRES_DAYS = 7;

/** The next pointer version: issue time in seconds, and above every version already seen. */
export function nextPointerVersion(now: number, seen: readonly number[]): number {
  return Math.max(Math.floor(now / 1000), ...seen.map((v) => v + 1));
}

/** Sign a pointer to `ref` with the timestamp role's keys. */
export async function signPointer(
  io: Io,
  chain: RootChain,
  o: {
    feedId: string;
    version: number;
    issued: number;
    expires: number;
    ref: RulesRef;
    minIntervalS?: number;
    keys: readonly string[];
    passphrase: string;
  },
): Promise<Uint8Array> {
  const payload = pointerPayload({
    feedId: o.feedId,
    version: o.version,
    issued: o.issued,
    expires: o.expires,
    rules: o.ref,
    ...(o.minIntervalS === undefined ? {} : { minIntervalS: o.minIntervalS }),
  });
  const signers = await unlockRoleKeys(io, chain.latest, 'timestamp', o.keys, o.passphrase);
  const bytes = encodeEnvelope(addSignatures(unsignedEnvelope('timestamp', payload), signers));
  try {
    await verifyPointerBytes(chain.latest, bytes, o.feedId, verifyEd25519); // e.g. fewer keys than the threshold
  } catch (e) {
    throw toCliError(e, 'new pointer');
  }
  return bytes;
}

export const timestampRefresh: Verb = {
  name: 'timestamp refresh',
  summary: 'sign a new pointer (to new rules, or re-sign the published one before it expires)',
  help: `Usage: rules timestamp refresh --out <file> [--dir <mirror> …] [--rules <rules envelope>]
                               [--timestamp-key <key> …] [--expires-days <n>] [--min-interval-s <n>]
                               [--min-days <n>]

Without --rules the pointer names the rules blob the mirrors publish now (a routine refresh, e.g.
daily from CI with the timestamp key). With --rules it names that envelope (a release). The version
is the issue time in epoch seconds, above every pointer in the --dir mirrors (but one whose key a
committed root rotated out since: clients reset that mark). --rules must be above the rules the mirrors
publish, likewise (exit 5). The rules the pointer names (--rules, or each --dir mirror's copy of the
published blob) get the checks publish gives them: signatures, hash, version, compile and min_client,
issue date, expiry within --min-days. Keys: --timestamp-key files or names, else the timestamp keys
found in $SAQ_KEYS_DIR. Then: \`rules publish\`.
  --expires-days <n>     default ${DEFAULT_POINTER_EXPIRES_DAYS}; a client shows the feed as stale after it
  --min-interval-s <n>   ask clients to check no more often than this (clamped to 15 min … 24 h)
${MIN_DAYS_HELP}
${COMMON_OPTIONS_HELP}
  --passphrase-file <f>

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      out: { type: 'string' },
      dir: { type: 'string', multiple: true },
      rules: { type: 'string' },
      'timestamp-key': { type: 'string', multiple: true },
      'expires-days': { type: 'string' },
      'min-interval-s': { type: 'string' },
      'min-days': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const out = required(p, 'out');
    await refuseSignedOut(io, out, (existing) => existing.payloadType === PAYLOAD_TYPES.timestamp);
    const feedId = feedIdOf(p);
    const chain = await loadRootChain(io, rootDirOf(p), feedId);
    const margin = expiryMargin(p, io.now());
    // What clients that synced each mirror hold: their pointer marks (0 for a role a committed root
    // rotated since, as the client resets it) and the rules they point at.
    const states: MirrorState[] = [];
    for (const dir of list(p, 'dir')) {
      const mirror = io.mirror(dir);
      // Said, not refused: the first pointer of a new mirror is signed before the directory is made. A mistyped --dir
      // was read as that silently, and the rollback check it was given for passed over an empty mirror.
      if (!(await mirror.exists()))
        io.err(`note: ${mirror.name}: no such directory; read as a new, empty mirror (nothing to check this pointer against)`);
      const state = await readMirrorState(mirror, chain, feedId);
      if (state) states.push(state);
    }
    const seen = states.map((s) => highWaterMark('timestamp', s.pointer.doc.version, s.rotated));
    const publishedRef = states
      .map((s) => s.pointer.doc.rules)
      .reduce<Pointer['rules'] | undefined>((a, b) => (a && a.version >= b.version ? a : b), undefined);
    let ref: RulesRef;
    const rulesFile = str(p, 'rules');
    if (rulesFile !== undefined) {
      const bytes = await readBytes(io, rulesFile);
      try {
        const rules = await verifyRulesBytes(chain.latest, bytes, feedId, verifyEd25519);
        ref = { version: rules.doc.version, length: bytes.length, sha256: await sha256Hex(bytes) };
      } catch (e) {
        throw verifierError(e, display(io, rulesFile), bytes);
      }
      // Everything publish checks in these rules, so a pointer to rules publish refuses is never signed.
      await checkRulesBlob(io, chain, feedId, ref, bytes, display(io, rulesFile), margin);
      for (const state of states)
        requireRulesAdvance(state, { ...ref, path: rulesPath(ref.version, ref.sha256) }, `${display(io, rulesFile)}: version`);
    } else if (publishedRef) {
      ref = { version: publishedRef.version, length: publishedRef.length, sha256: publishedRef.sha256 };
      // The blob each mirror serves, as publish checks it for a pointer published alone.
      await checkMirrorBlobs(
        io,
        list(p, 'dir').map((d) => io.mirror(d)),
        chain,
        feedId,
        publishedRef,
        margin,
      );
    } else {
      throw usageError('nothing to point at: give --rules <envelope>, or --dir <mirror> that publishes a pointer');
    }
    const issued = io.now();
    const version = nextPointerVersion(issued, seen);
    if (!Number.isSafeInteger(version)) {
      // Only a signer can publish v2^53−1: a stolen timestamp key did, or a maintainer's mistake.
      const top = states.find((s) => s.pointer.doc.version === version - 1)!;
      throw new CliError(
        EXIT.conflict,
        `${top.file}: version: v${version - 1} leaves no pointer version above it; rotate the timestamp key out ` +
          '(rules/README.md, "Rotate a key"): clients then accept any pointer version from the new key',
      );
    }
    const expires = issued + expiresDays(p, DEFAULT_POINTER_EXPIRES_DAYS) * DAY_MS;
    // The new pointer against publish's margin too, before any key is unlocked: it signed one publish then refused.
    requireNotExpiring(
      [{ what: `the new pointer (--expires-days ${expiresDays(p, DEFAULT_POINTER_EXPIRES_DAYS)})`, expires }],
      margin.deadline,
      `within ${margin.days} day(s), which publish refuses: give a longer --expires-days (or a smaller --min-days)`,
    );
    const minIntervalS = str(p, 'min-interval-s') === undefined ? undefined : int(p, 'min-interval-s');
    const passphrase = await readPassphrase(io, str(p, 'passphrase-file'));
    const bytes = await signPointer(io, chain, {
      feedId,
      version,
      issued,
      expires,
      ref,
      ...(minIntervalS === undefined ? {} : { minIntervalS }),
      keys: list(p, 'timestamp-key'),
      passphrase,
    });
    await writeBytes(io, out, bytes);
    io.out(`wrote ${display(io, out)}: pointer v${version} → rules v${ref.version} (${ref.length} bytes)`);
    printSummary(io, feedId, [{ role: 'timestamp', version, expires }]);
  },
};
