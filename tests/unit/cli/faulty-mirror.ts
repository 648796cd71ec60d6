/**
 * Mirrors that misbehave on purpose, for publish's failure paths: a directory mirror that records the
 * order of writes and corrupts or refuses chosen uploads.
 */
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';
import type { Mirror } from '../../../tools/rules-cli/mirror.ts';

/**
 * 'corrupt' stores the bytes truncated; 'reencode' stores them with a newline added, as a host that re-encodes
 * text does: the signed content is untouched, so an envelope still verifies.
 */
export type WriteFault = 'corrupt' | 'reencode' | 'fail' | null;

const STORED: Record<'corrupt' | 'reencode', (bytes: Uint8Array) => Uint8Array> = {
  corrupt: (bytes) => bytes.slice(0, -1),
  reencode: (bytes) => new Uint8Array([...bytes, 0x0a]),
};

/** `log` gets each path written, as `path` (or `name: path` with `named`); `fault` picks what goes wrong with a write. */
export function faultyMirror(dir: string, log: string[], fault: (path: string) => WriteFault, named = false): Mirror {
  const real = createDirMirror(dir);
  return {
    name: real.name,
    exists: () => real.exists(),
    read: (path) => real.read(path),
    async write(path, bytes) {
      const f = fault(path);
      if (f === 'fail') throw new Error('connection reset');
      log.push(named ? `${real.name}: ${path}` : path);
      await real.write(path, f === null ? bytes : STORED[f](bytes));
    },
  };
}

/**
 * `mirror`, serving a truncated copy of the files `pick` chooses once an upload of them was read back: a CDN
 * or sync tool that passes the uploader's read-back and then serves clients something else.
 */
export function servingAnotherCopy(mirror: Mirror, pick: (path: string) => boolean): Mirror {
  const readsSinceWrite = new Map<string, number>();
  return {
    ...mirror,
    async read(path) {
      const bytes = await mirror.read(path);
      const reads = readsSinceWrite.get(path);
      if (reads === undefined || bytes === null) return bytes;
      readsSinceWrite.set(path, reads + 1);
      return reads === 0 ? bytes : bytes.slice(0, -1);
    },
    async write(path, bytes) {
      await mirror.write(path, bytes);
      if (pick(path)) readsSinceWrite.set(path, 0);
    },
  };
}
