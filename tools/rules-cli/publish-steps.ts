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

/** Exit 6 naming the file and the cause when the mirror refuses the upload. The caller says what that left where. */
export async function upload(mirror: Mirror, path: string, bytes: Uint8Array): Promise<void> {
  try {
    await mirror.write(path, bytes);
  } catch (e) {
    throw new CliError(EXIT.io, `${mirror.name}/${path}: upload failed (${(e as Error).message})`);
  }
}

/**
 * requireReadBack's failure (exit 6) at `path` in the mirror. `leftThere`: the mirror serves other bytes there
 * (not nothing), a copy that stays, since immutable files are never replaced: the caller says what to do about it.
 */
export class ReadBackMismatch extends CliError {
  constructor(
    message: string,
    readonly path: string,
    readonly leftThere: boolean,
  ) {
    super(EXIT.io, message);
  }
}

/** Exit 6 unless the mirror now serves exactly `bytes` at `path` (a sync tool or CDN that truncates or rewrites). */
export async function requireReadBack(mirror: Mirror, path: string, bytes: Uint8Array): Promise<void> {
  const back = await readOrFail(mirror, path);
  if (back === null || !bytesEqual(back, bytes)) {
    const got = back === null ? 'missing' : `${back.length} bytes, sha256 ${(await sha256Hex(back)).slice(0, 16)}…`;
    throw new ReadBackMismatch(
      `${mirror.name}/${path}: read-back mismatch (wrote ${bytes.length} bytes, sha256 ${(await sha256Hex(bytes)).slice(0, 16)}…; read ${got})`,
      path,
      back !== null,
    );
  }
}

export async function writeAndReadBack(mirror: Mirror, path: string, bytes: Uint8Array): Promise<void> {
  await upload(mirror, path, bytes);
  await requireReadBack(mirror, path, bytes);
}

/** Sizes, hashes and the first byte that differs: enough to tell a truncated upload from another document. */
async function howTheyDiffer(published: Uint8Array, bytes: Uint8Array): Promise<string> {
  let first = 0;
  while (first < published.length && first < bytes.length && published[first] === bytes[first]) first++;
  const describe = async (b: Uint8Array): Promise<string> => `${b.length} bytes, sha256 ${(await sha256Hex(b)).slice(0, 16)}…`;
  return `the mirror has ${await describe(published)}, this publish has ${await describe(bytes)}, first difference at byte ${first}`;
}

/**
 * Whether `mirror` already has the immutable file `path` with these bytes ('present') or not at all ('absent');
 * exit 5 naming the file and how its copy differs when it has other bytes there, which are never replaced.
 * `outcome`, when given, tells the reader what the publish has written by then.
 */
export async function requireSameOrAbsent(
  mirror: Mirror,
  path: string,
  bytes: Uint8Array,
  outcome?: string,
): Promise<'present' | 'absent'> {
  const existing = await readOrFail(mirror, path);
  if (existing === null) return 'absent';
  if (bytesEqual(existing, bytes)) return 'present';
  throw new CliError(
    EXIT.conflict,
    `${mirror.name}/${path}: a different file is already published there (${await howTheyDiffer(existing, bytes)}); ` +
      `published files are immutable${outcome === undefined ? '' : `; ${outcome}`}`,
  );
}

/**
 * Write an immutable file unless the identical bytes are there already (so a retry is harmless). `publish`
 * checked every mirror for a different copy before writing any (requireSameOrAbsent); one found here
 * appeared since (another publish or a sync writing the mirror at the same time). The caller says what a
 * failure left where (publish-phases.ts).
 */
export async function putImmutable(mirror: Mirror, path: string, bytes: Uint8Array): Promise<'written' | 'present'> {
  if ((await requireSameOrAbsent(mirror, path, bytes)) === 'present') return 'present';
  await writeAndReadBack(mirror, path, bytes);
  return 'written';
}

export { readOrFail };
