/**
 * The file `sign --out` writes may already hold signatures: holders of a threshold sign one at a time,
 * often each from the payload file they were sent, into the one envelope being collected. Those
 * signatures cover the same PAE(payloadType, payload) bytes, so they are kept; a file holding anything
 * else is not silently written over, since it may be another release's envelope whose signatures took
 * days to collect.
 */
import { bytesEqual } from '../../src/shared/feed/encoding.ts';
import { CliError, EXIT } from './cli-error.ts';
import { decodeEnvelopeOrNull, mergeSignatures, payloadObject, roleOfPayloadType } from './envelope-file.ts';
import type { EnvelopeFile } from './envelope-file.ts';
import { display, fileExists, readBytes } from './files.ts';
import type { Io } from './io.ts';

const OVERWRITE_HINT = 'sign into another file, or pass --replace to overwrite it';

/** `rules v7` when the payload says so: which release the file holds, for the refusal. */
function describe(env: EnvelopeFile, name: string): string {
  const role = roleOfPayloadType(env.payloadType) ?? env.payloadType;
  try {
    return `${role} v${String(payloadObject(env, name).version)}`;
  } catch {
    return role;
  }
}

/**
 * `env` with the signatures `out` already holds for the same payload added (a key signing again
 * replaces its own: the threshold counts distinct keys and an envelope holds at most 8). Refuses
 * (exit 5) when `out` holds something else, unless `replace`.
 */
export async function withCollectedSignatures(
  io: Io,
  out: string,
  env: EnvelopeFile,
  replace: boolean,
  hint: string = OVERWRITE_HINT,
): Promise<EnvelopeFile> {
  if (replace || !(await fileExists(io, out))) return env;
  const name = display(io, out);
  const bytes = await readBytes(io, out);
  const existing = decodeEnvelopeOrNull(bytes, name);
  if (existing === null) {
    // The payload file signed in place: the envelope carries the payload, so nothing is lost.
    if (bytesEqual(bytes, env.payload)) return env;
    throw new CliError(EXIT.conflict, `${name}: holds no signed envelope; refusing to overwrite it: ${hint}`);
  }
  if (existing.payloadType !== env.payloadType || !bytesEqual(existing.payload, env.payload)) {
    throw new CliError(
      EXIT.conflict,
      `${name}: holds a signed envelope of another payload (${describe(existing, name)}, ${existing.signatures.length} signature(s)); refusing to drop them: ${hint}`,
    );
  }
  const given = new Set(env.signatures.map((s) => s.keyid));
  const kept = existing.signatures.filter((s) => !given.has(s.keyid));
  if (kept.length > 0) io.err(`keeping the ${kept.length} signature(s) already in ${name}`);
  return { ...env, signatures: mergeSignatures(existing.signatures, env.signatures) };
}
