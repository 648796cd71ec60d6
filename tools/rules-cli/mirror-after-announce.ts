/**
 * A mirror as clients will read it once publish has written the files that announce a release there (its
 * roots and timestamp.json): those files read as they will be, everything else as it is now. publish checks
 * this view of every mirror before it moves any pointer, so a mirror that would fail the client's check is
 * found while no mirror announces the release yet, not after the mirrors before it do.
 */
import type { Mirror } from './mirror.ts';

export function mirrorAfterAnnounce(mirror: Mirror, announcing: readonly { path: string; bytes: Uint8Array }[]): Mirror {
  const pending = new Map(announcing.map((f) => [f.path, f.bytes]));
  return {
    name: mirror.name,
    exists: () => mirror.exists(),
    read: async (path) => pending.get(path) ?? mirror.read(path),
    write: () => Promise.reject(new Error(`${mirror.name}: a view of what the mirror will serve is read-only`)),
  };
}
