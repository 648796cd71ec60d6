/**
 * Everything the CLI touches outside itself, injected: output streams, environment, clock, the
 * working directory, randomness and mirrors. Tests pass fakes (a fixed clock, a mirror that
 * corrupts uploads) and call `main(argv, io)` in-process.
 */
import { createDirMirror } from './mirror.ts';
import type { Mirror } from './mirror.ts';

export interface Io {
  out(line: string): void;
  /** Progress and diagnostics: stderr, so stdout stays the result. */
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds. */
  now(): number;
  cwd: string;
  mirror(dir: string): Mirror;
  randomBytes(n: number): Uint8Array;
}

export function nodeIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    now: () => Date.now(),
    cwd: process.cwd(),
    mirror: createDirMirror,
    // Seeds and salts come from the OS CSPRNG (crypto.getRandomValues is the same source).
    randomBytes: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
  };
}
