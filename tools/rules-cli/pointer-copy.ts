/**
 * What the clients of a mirror make of the timestamp.json it serves once publish's upload of the pointer read back as
 * other bytes (written twice by then: requireReadBack), and what a re-run of the same publish does with it, judged as
 * that re-run judges the mirror (mirror-state.ts readMirrorPointer, then requirePointerAdvance). Before, the failure
 * said "re-run the same publish to finish" whatever the copy was, while the re-run refused a copy that does not
 * verify ("investigate before publishing over it") and one that verifies with other bytes (exit 5, EQUIVOCATION).
 */
import type { VerifiedPointer } from '../../src/shared/feed/documents.ts';
import { toCliError } from './cli-error.ts';
import type { Mirror } from './mirror.ts';
import { readMirrorPointer, requirePointerAdvance, requireRulesAdvance } from './mirror-state.ts';
import type { MirrorState, UntakenPointer } from './mirror-state.ts';
import type { RootChain } from './root-dir.ts';

export interface PointerCopy {
  /** The mirror's clients take the release from this copy: it verifies as the pointer sent, in other bytes. */
  announces: boolean;
  /** What the copy is to clients, and what to do about it: for the failure message. */
  advice: string;
}

/** Why a re-run of the same publish refuses the mirror's pointer (exit 5), or null when it writes over it. */
function rerunRefusal(held: MirrorState, sent: VerifiedPointer): string | null {
  try {
    requirePointerAdvance(held, sent);
    requireRulesAdvance(held, sent.doc.rules, `${held.file}: rules.version`);
    return null;
  } catch (e) {
    return toCliError(e).message;
  }
}

/**
 * `sent`: the pointer publish wrote. `alters`: the mirror stored it the same wrong way twice, so a re-run meets the
 * same until the mirror stores files as they are sent (requireReadBack's message says so).
 */
export async function judgePointerCopy(
  mirror: Mirror,
  chain: RootChain,
  feedId: string,
  sent: VerifiedPointer,
  alters: boolean,
): Promise<PointerCopy> {
  const m = mirror.name;
  const file = `${m}/timestamp.json`;
  const once = alters ? `once ${m} stores files as they are sent, ` : '';
  const rerun = `${once}re-run the same publish to finish`;
  let held: MirrorState | UntakenPointer | null;
  try {
    held = await readMirrorPointer(mirror, chain, feedId);
  } catch (e) {
    return { announces: false, advice: `${toCliError(e).message}: check what ${file} serves` };
  }
  if (held === null) return { announces: false, advice: `${file} is missing: ${m}'s clients keep the pointer they hold; ${rerun}` };
  if (!('pointer' in held))
    return {
      announces: false,
      advice:
        `${file} verifies under no committed root (${held.error.message}), so no client has taken it: ${m}'s clients keep ` +
        `the pointer they hold and take nothing new from ${m} until it serves one that verifies; ${rerun}: it replaces that copy`,
    };
  const copy = held.pointer;
  // Same payload, other envelope bytes: a host that re-encodes text. Clients compare a pointer of the version they
  // hold by its bytes (high-water.ts), so only those that took this copy first keep it.
  const same = JSON.stringify(copy.doc) === JSON.stringify(sent.doc);
  const what = same
    ? `${file} verifies as the pointer sent, in other bytes (its signed content intact), so ${m}'s clients take this release ` +
      'from it (those that took the bytes sent from another mirror keep those)'
    : `${file} verifies as another pointer, v${copy.doc.version} → rules v${copy.doc.rules.version}, so ${m}'s clients may ` +
      'have taken it, and not this release';
  const refusal = rerunRefusal(held, sent);
  const next =
    refusal === null
      ? `${rerun}: it writes the pointer sent over that copy, which clients holding it take`
      : same
        ? 'a re-run of the same publish refuses that copy (exit 5: clients that took it refuse another pointer of the same ' +
          `version), and this release needs nothing more: ${once}the next pointer (\`timestamp refresh\`, then publish) replaces it`
        : `a re-run of the same publish refuses that copy (exit 5: ${refusal}): find out what published it`;
  return { announces: same, advice: `${what}; ${next}` };
}
