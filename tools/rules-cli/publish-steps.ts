/**
 * The pieces of a publish that touch a mirror: immutable files (roots, content-addressed blobs)
 * are written only when absent and never replaced; every write is read back and hashed, so a CDN
 * or sync tool that corrupts or truncates a file stops the publish before the pointer moves. The one
 * second write is of a copy the same call just wrote where nothing was, and no client can take
 * (requireReadBack).
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
 * requireReadBack's failure (exit 6) at `path` in the mirror. `served`: what the mirror serves there at the end
 * (null: nothing); other bytes are a copy that stays, since immutable files are never replaced: the caller says
 * what to do about it. `alters`: written twice, the file read back the same wrong way both times, so the mirror
 * itself changes what it is sent, and re-running publish would meet the same.
 */
export class ReadBackMismatch extends CliError {
  constructor(
    message: string,
    readonly path: string,
    readonly served: Uint8Array | null,
    readonly alters: boolean,
  ) {
    super(EXIT.io, message);
  }

  get leftThere(): boolean {
    return this.served !== null;
  }
}

const describeBytes = async (b: Uint8Array | null): Promise<string> =>
  b === null ? 'missing' : `${b.length} bytes, sha256 ${(await sha256Hex(b)).slice(0, 16)}…`;

/** Whether two read-backs found the same thing (both missing, or the same bytes). */
const sameRead = (a: Uint8Array | null, b: Uint8Array | null): boolean => (a === null || b === null ? a === b : bytesEqual(a, b));

/**
 * Exit 6 unless the mirror serves exactly `bytes` at `path`, just uploaded there (a sync tool or CDN that truncates or
 * rewrites). When it reads back otherwise and `mayWriteAgain(what it read)` says no client can take that, `bytes` are
 * written once more. That fixes a one-off corrupted upload here, where the re-run it needed had first to delete a copy
 * publish never replaces; and a file that reads back the same wrong way twice is the mirror altering what it is sent,
 * which the message says, since another run would meet it again (a second write is the only way to tell the two apart).
 * 'written-again' when the second write was needed.
 */
export async function requireReadBack(
  mirror: Mirror,
  path: string,
  bytes: Uint8Array,
  mayWriteAgain: (served: Uint8Array | null) => Promise<boolean> = () => Promise.resolve(false),
): Promise<'as-sent' | 'written-again'> {
  const first = await readOrFail(mirror, path);
  if (first !== null && bytesEqual(first, bytes)) return 'as-sent';
  const mismatch = `${mirror.name}/${path}: read-back mismatch (wrote ${await describeBytes(bytes)}; read ${await describeBytes(first)}`;
  if (!(await mayWriteAgain(first))) throw new ReadBackMismatch(`${mismatch})`, path, first, false);
  // A failed second upload leaves what the first left (a mirror renames a finished upload into place): read it anyway.
  let failed: string | null = null;
  try {
    await mirror.write(path, bytes);
  } catch (e) {
    failed = (e as Error).message;
  }
  const second = await readOrFail(mirror, path);
  if (second !== null && bytesEqual(second, bytes)) return 'written-again';
  if (failed !== null)
    throw new ReadBackMismatch(
      `${mismatch}; writing it a second time failed (${failed}), and it reads ${await describeBytes(second)})`,
      path,
      second,
      false,
    );
  if (!sameRead(first, second))
    throw new ReadBackMismatch(`${mismatch}, then ${await describeBytes(second)} when written a second time)`, path, second, false);
  throw new ReadBackMismatch(
    `${mismatch}, and the same again when written a second time): ${mirror.name} itself alters this file, so re-running ` +
      'publish will not help until it stores files as they are sent (look for what rewrites them: a sync tool, a filter, the host)',
    path,
    second,
    true,
  );
}

/** Sizes, hashes and the first byte that differs: enough to tell a truncated upload from another document. */
async function howTheyDiffer(published: Uint8Array, bytes: Uint8Array): Promise<string> {
  let first = 0;
  while (first < published.length && first < bytes.length && published[first] === bytes[first]) first++;
  return `the mirror has ${await describeBytes(published)}, this publish has ${await describeBytes(bytes)}, first difference at byte ${first}`;
}

/**
 * Whether `mirror` already has the immutable file `path` with these bytes ('present') or not at all ('absent');
 * exit 5 naming the file and how its copy differs when it has other bytes there, which are never replaced.
 * `outcome`, when given, tells the reader what the publish has written by then, and what to do about that copy.
 */
export async function requireSameOrAbsent(
  mirror: Mirror,
  path: string,
  bytes: Uint8Array,
  outcome?: string | ((existing: Uint8Array) => Promise<string>),
): Promise<'present' | 'absent'> {
  const existing = await readOrFail(mirror, path);
  if (existing === null) return 'absent';
  if (bytesEqual(existing, bytes)) return 'present';
  const then = typeof outcome === 'function' ? await outcome(existing) : outcome;
  throw new CliError(
    EXIT.conflict,
    `${mirror.name}/${path}: a different file is already published there (${await howTheyDiffer(existing, bytes)}); ` +
      `published files are immutable${then === undefined ? '' : `; ${then}`}`,
  );
}

/**
 * Write an immutable file unless the identical bytes are there already (so a retry is harmless). `publish`
 * checked every mirror for a different copy before writing any (requireSameOrAbsent); one found here
 * appeared since (another publish or a sync writing the mirror at the same time). `mayWriteAgain`: whether a
 * copy that reads back otherwise, the one this call wrote where nothing was, can be taken by no client, so
 * writing over it is safe (requireReadBack). The caller says what a failure left where (publish-phases.ts).
 */
export async function putImmutable(
  mirror: Mirror,
  path: string,
  bytes: Uint8Array,
  mayWriteAgain?: (served: Uint8Array | null) => Promise<boolean>,
): Promise<'written' | 'written-again' | 'present'> {
  if ((await requireSameOrAbsent(mirror, path, bytes)) === 'present') return 'present';
  await upload(mirror, path, bytes);
  return (await requireReadBack(mirror, path, bytes, mayWriteAgain)) === 'as-sent' ? 'written' : 'written-again';
}

export { readOrFail };
