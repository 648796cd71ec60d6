/**
 * `build` and `timestamp refresh` write their --out without reading it, and a mistyped --out can be the
 * signed envelope of a release (`--out release/rules-8.json` for `rules-8.payload.json`): its signatures,
 * collected from holders on separate machines, were lost without a word. `sign` refuses the same
 * (collected-signatures.ts); these verbs (and `root sign --out`) refuse a file holding signatures they would not keep.
 * They refuse any file that is not an envelope too: a secret key file given as --out (a slip of the shell's
 * completion) was written over with exit 0, and a key is not in git — its seed was gone for good.
 */
import { CliError, EXIT } from './cli-error.ts';
import { decodeEnvelopeOrNull, roleOfPayloadType } from './envelope-file.ts';
import type { EnvelopeFile } from './envelope-file.ts';
import { display, fileExists, readBytes } from './files.ts';
import type { Io } from './io.ts';

/** What a maintainer can do about a refused --out. */
export const OUT_HINT = 'give another --out, or delete the file first';

function jsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What a file that is not an envelope looks like it holds, for the refusal. */
function notAnEnvelope(json: Record<string, unknown> | null): string {
  if (json !== null && 'kdf' in json) return 'a secret key file';
  if (json !== null && 'keyid' in json && 'public' in json) return 'a public key file';
  return 'no envelope or payload this verb writes';
}

/**
 * Refuses (exit 5) when `out` holds a signed envelope that `mayReplace` does not accept (a pointer may
 * replace the previous pointer: the daily refresh writes the same file; `root sign` writes back the draft
 * it signs), or anything that is neither an envelope nor a payload of the `_type` this verb writes
 * (`writes`: `build`'s unsigned rules payload, which the next build may replace).
 */
export async function refuseSignedOut(
  io: Io,
  out: string,
  mayReplace: (existing: EnvelopeFile) => boolean = () => false,
  writes?: string,
): Promise<void> {
  if (!(await fileExists(io, out))) return;
  const name = display(io, out);
  const bytes = await readBytes(io, out);
  const envelope = decodeEnvelopeOrNull(bytes, name);
  if (envelope === null) {
    const json = jsonObject(bytes);
    if (writes !== undefined && json?._type === writes) return;
    throw new CliError(EXIT.conflict, `${name}: holds ${notAnEnvelope(json)}; refusing to write over it: ${OUT_HINT}`);
  }
  if (envelope.signatures.length === 0 || mayReplace(envelope)) return;
  const role = roleOfPayloadType(envelope.payloadType) ?? envelope.payloadType;
  throw new CliError(
    EXIT.conflict,
    `${name}: holds a signed ${role} envelope (${envelope.signatures.length} signature(s)); refusing to write over it: ${OUT_HINT}`,
  );
}
