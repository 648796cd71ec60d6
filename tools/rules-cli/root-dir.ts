/**
 * The committed trust anchor directory (rules/root/N.root.json): every file verified with the
 * extension's own root-chain code, from version 1 (self-signed to its threshold) through each
 * N → N+1 rotation (signed by the old and the new root role).
 */
import { readdir } from 'node:fs/promises';
import { verifyAnchorRoot, verifyNextRoot } from '../../src/shared/feed/root-chain.ts';
import type { Root } from '../../src/shared/feed/root.ts';
import { verifyEd25519 } from '../../src/shared/feed/ed25519.ts';
import { CliError, EXIT } from './cli-error.ts';
import { display, readBytes, resolvePath, verifierError } from './files.ts';
import type { Io } from './io.ts';

export interface RootFile {
  version: number;
  path: string;
  bytes: Uint8Array;
  root: Root;
}

export interface RootChain {
  files: RootFile[];
  latest: Root;
}

export async function rootVersionsIn(io: Io, dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(resolvePath(io, dir));
  } catch (e) {
    throw new CliError(EXIT.io, `${display(io, dir)}: cannot list root directory (${(e as Error).message})`);
  }
  return names
    .map((n) => /^([1-9][0-9]*)\.root\.json$/.exec(n)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export async function loadRootChain(io: Io, dir: string, feedId: string): Promise<RootChain> {
  const versions = await rootVersionsIn(io, dir);
  if (versions[0] !== 1)
    throw new CliError(
      EXIT.input,
      `${display(io, dir)}: no 1.root.json (run \`root init\`, sign it, and \`root verify-chain --next <draft> --install\`)`,
    );
  const files: RootFile[] = [];
  let current: Root | undefined;
  for (const [i, version] of versions.entries()) {
    const path = `${dir}/${version}.root.json`;
    if (version !== i + 1) throw new CliError(EXIT.input, `${display(io, path)}: version gap: expected ${i + 1}.root.json`);
    const bytes = await readBytes(io, path);
    try {
      current =
        current === undefined
          ? await verifyAnchorRoot(bytes, feedId, verifyEd25519)
          : await verifyNextRoot(current, bytes, feedId, verifyEd25519);
    } catch (e) {
      throw verifierError(e, display(io, path), bytes);
    }
    if (current.version !== version)
      throw new CliError(EXIT.verification, `${display(io, path)}: version: file name says ${version}, payload says ${current.version}`);
    files.push({ version, path, bytes, root: current });
  }
  return { files, latest: current! };
}
