/**
 * `build` and `timestamp refresh` write their --out without reading it, and a mistyped --out can be the
 * signed envelope of a release (`--out release/rules-8.json` for `rules-8.payload.json`): its signatures,
 * collected from holders on separate machines, were lost without a word. `sign` refuses the same
 * (collected-signatures.ts); these verbs (and `root sign --out`) refuse a file holding signatures they would not keep.
 */
import { CliError, EXIT } from './cli-error.ts';
import { decodeEnvelope, roleOfPayloadType } from './envelope-file.ts';
import type { EnvelopeFile } from './envelope-file.ts';
import { display, fileExists, readBytes } from './files.ts';
import type { Io } from './io.ts';

/**
 * Refuses (exit 5) when `out` holds a signed envelope that `mayReplace` does not accept (a pointer may
 * replace the previous pointer: the daily refresh writes the same file; `root sign` writes back the draft
 * it signs). Anything else, a previous unsigned payload included, may be written over.
 */
export async function refuseSignedOut(io: Io, out: string, mayReplace: (existing: EnvelopeFile) => boolean = () => false): Promise<void> {
  if (!(await fileExists(io, out))) return;
  const name = display(io, out);
  let envelope: EnvelopeFile;
  try {
    envelope = decodeEnvelope(await readBytes(io, out), name);
  } catch {
    return; // not an envelope
  }
  if (envelope.signatures.length === 0 || mayReplace(envelope)) return;
  const role = roleOfPayloadType(envelope.payloadType) ?? envelope.payloadType;
  throw new CliError(
    EXIT.conflict,
    `${name}: holds a signed ${role} envelope (${envelope.signatures.length} signature(s)); refusing to write over it: give another --out, or delete the file first`,
  );
}
