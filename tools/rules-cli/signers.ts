/**
 * Unlocking the keys a role needs: the `--key` files given, or — so that re-signing is one command —
 * every key in $SAQ_KEYS_DIR that the role lists, up to its threshold. Either way a key that the
 * role does not list is refused before anything is signed.
 */
import { readdir } from 'node:fs/promises';
import type { Signer } from '../../src/shared/feed/dsse.ts';
import type { RoleName } from '../../src/shared/feed/payload.ts';
import type { Root } from '../../src/shared/feed/root.ts';
import { CliError, EXIT } from './cli-error.ts';
import { display, resolvePath } from './files.ts';
import type { Io } from './io.ts';
import { decryptSecretKey, keyPath, keysDir, readSecretKeyFile } from './keyfile.ts';

export type UnlockedKey = Signer & { keyid: string; label: string };

async function discover(io: Io, root: Root, role: RoleName): Promise<string[]> {
  const dir = keysDir(io);
  let names: string[];
  try {
    names = (await readdir(resolvePath(io, dir))).filter((n) => n.endsWith('.key.json')).sort();
  } catch (e) {
    throw new CliError(EXIT.io, `${dir}: cannot list keys (${(e as Error).message}); set SAQ_KEYS_DIR or pass --${role}-key`);
  }
  const found: string[] = [];
  for (const n of names) {
    const path = `${dir}/${n}`;
    const file = await readSecretKeyFile(io, path);
    if (root.roles[role].keys.has(file.keyid) && found.length < root.roles[role].threshold) found.push(path);
  }
  if (found.length < root.roles[role].threshold) {
    throw new CliError(
      EXIT.verification,
      `${dir}: holds ${found.length} of the ${root.roles[role].threshold} ${role} key(s) root v${root.version} requires; pass --${role}-key`,
    );
  }
  return found;
}

export async function unlockRoleKeys(
  io: Io,
  root: Root,
  role: RoleName,
  given: readonly string[],
  passphrase: string,
): Promise<UnlockedKey[]> {
  const paths = given.length > 0 ? given.map((k) => keyPath(io, k, 'secret')) : await discover(io, root, role);
  const out: UnlockedKey[] = [];
  for (const path of paths) {
    io.err(`unlocking ${display(io, path)}…`);
    const key = await decryptSecretKey(io, path, passphrase);
    if (!root.roles[role].keys.has(key.keyid)) {
      throw new CliError(
        EXIT.verification,
        `${display(io, path)}: keyid ${key.keyid.slice(0, 16)}… is not in the ${role} role of root v${root.version}`,
      );
    }
    out.push(key);
  }
  return out;
}
