/**
 * The pieces of a publish that touch a mirror: immutable files (roots, content-addressed blobs)
 * are written only when absent and never replaced; every write is read back and hashed, so a CDN
 * or sync tool that corrupts or truncates a file stops the publish before the pointer moves.
 */
import { bytesEqual, sha256Hex } from '../../src/shared/feed/encoding.ts';
import { CliError, EXIT } from './cli-error.ts';
import type { Mirror } from './mirror.ts';

async function readOrFail(mirror: Mirror, path: string): Promise<Uint8Array | null> {
  try {
    return await mirror.read(path);
  } catch (e) {
    throw new CliError(EXIT.io, `${mirror.name}/${path}: cannot read (${(e as Error).message})`);
  }
}

export async function writeAndReadBack(mirror: Mirror, path: string, bytes: Uint8Array): Promise<void> {
  try {
    await mirror.write(path, bytes);
  } catch (e) {
    throw new CliError(
      EXIT.io,
      `${mirror.name}/${path}: upload failed (${(e as Error).message}); nothing after it was published, rerun to retry`,
    );
  }
  const back = await readOrFail(mirror, path);
  if (back === null || !bytesEqual(back, bytes)) {
    const got = back === null ? 'missing' : `${back.length} bytes, sha256 ${(await sha256Hex(back)).slice(0, 16)}…`;
    throw new CliError(
      EXIT.io,
      `${mirror.name}/${path}: read-back mismatch (wrote ${bytes.length} bytes, sha256 ${(await sha256Hex(bytes)).slice(0, 16)}…; read ${got}); timestamp.json NOT updated`,
    );
  }
}

/** Write an immutable file unless the identical bytes are there already (so a retry is harmless). */
export async function putImmutable(mirror: Mirror, path: string, bytes: Uint8Array): Promise<'written' | 'present'> {
  const existing = await readOrFail(mirror, path);
  if (existing !== null) {
    if (bytesEqual(existing, bytes)) return 'present';
    throw new CliError(EXIT.conflict, `${mirror.name}/${path}: a different file is already published there; published files are immutable`);
  }
  await writeAndReadBack(mirror, path, bytes);
  return 'written';
}

export { readOrFail };
