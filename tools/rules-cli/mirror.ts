/**
 * A publish target: any directory a static host serves (GitHub Pages checkout, a bucket sync dir).
 * Writes go to a temporary name and are renamed into place, so a reader never sees half a file.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface Mirror {
  /** Human name for messages (the directory). */
  readonly name: string;
  /** Whether the mirror is there at all (a directory that exists): publishing never creates one. */
  exists(): Promise<boolean>;
  /** `null` when the file does not exist. */
  read(path: string): Promise<Uint8Array | null>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

export function createDirMirror(dir: string): Mirror {
  const root = resolve(dir);
  const full = (path: string): string => {
    const target = resolve(join(root, path));
    if (!target.startsWith(`${root}/`)) throw new Error(`path escapes the mirror: ${path}`);
    return target;
  };
  return {
    name: dir,
    async exists() {
      try {
        return (await stat(root)).isDirectory();
      } catch {
        return false;
      }
    },
    async read(path) {
      try {
        return new Uint8Array(await readFile(full(path)));
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    },
    async write(path, bytes) {
      const target = full(path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, target);
      } catch (e) {
        // The host serves whatever the directory holds, and `git add -A` would push it: a failed upload
        // must not leave its (possibly half-written) temporary file on the mirror for good.
        await rm(tmp, { force: true }).catch(() => undefined);
        throw e;
      }
    },
  };
}
