/**
 * Running the rules CLI in-process on temporary directories: a fixed clock, captured output, and
 * mirrors that can be swapped for faulty ones (corrupting or failing uploads).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { signEnvelope } from '../../../src/shared/feed/dsse.ts';
import { utf8Encode } from '../../../src/shared/feed/encoding.ts';
import type { Io } from '../../../tools/rules-cli/io.ts';
import { nodeIo } from '../../../tools/rules-cli/io.ts';
import { decryptSecretKey } from '../../../tools/rules-cli/keyfile.ts';
import { main } from '../../../tools/rules-cli/main.ts';
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';
import type { Mirror } from '../../../tools/rules-cli/mirror.ts';

export const REPO = resolve(import.meta.dirname, '../../..');
export const SOURCES = join(REPO, 'rules/src');
export const DAY = 86_400_000;
export const PASSPHRASE = 'throwaway test passphrase';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export class CliHarness {
  clock = Date.UTC(2026, 10, 30, 12, 0, 0);
  readonly dir = mkdtempSync(join(tmpdir(), 'saq-cli-'));
  readonly env: Record<string, string | undefined> = { SAQ_KEYS_DIR: join(this.dir, 'keys'), SAQ_PASSPHRASE: PASSPHRASE, HOME: this.dir };
  /** Replace how a mirror directory is opened (fault injection). */
  mirror: (dir: string) => Mirror = createDirMirror;

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  async run(...argv: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: this.env,
      now: () => this.clock,
      cwd: this.dir,
      mirror: (d) => this.mirror(resolve(this.dir, d)),
      randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    };
    const code = await main(argv, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** Four keys (maintainers a, b, c; timestamp) and root v1 installed in ./root, as rules/README.md describes. */
  async withRoot(): Promise<this> {
    for (const k of ['maintainer-a', 'maintainer-b', 'maintainer-c', 'timestamp'])
      await this.ok('keygen', '--out', `keys/${k}`, '--label', k);
    await this.ok(
      'root',
      'init',
      '--out',
      'draft.json',
      '--root-key',
      'maintainer-a',
      '--root-key',
      'maintainer-b',
      '--root-key',
      'maintainer-c',
      '--rules-key',
      'maintainer-a',
      '--rules-key',
      'maintainer-b',
      '--rules-key',
      'maintainer-c',
      '--timestamp-key',
      'timestamp',
    );
    await this.ok('root', 'sign', '--in', 'draft.json', '--key', 'maintainer-a', '--key', 'maintainer-b', '--root-dir', 'root');
    await this.ok('root', 'verify-chain', '--next', 'draft.json', '--install', '--root-dir', 'root');
    return this;
  }

  /** A signed rules envelope (v`version`) and a pointer to it, ready to publish. */
  async release(
    version: number,
    opts: { expiresDays?: number; pointerDays?: number; src?: string } = {},
  ): Promise<{ rules: string; pointer: string }> {
    const rules = `r${version}.json`;
    await this.ok(
      'build',
      '--version',
      String(version),
      '--out',
      `r${version}.payload.json`,
      '--src',
      opts.src ?? SOURCES,
      '--root-dir',
      'root',
      '--expires-days',
      String(opts.expiresDays ?? 30),
    );
    await this.ok(
      'sign',
      '--in',
      `r${version}.payload.json`,
      '--key',
      'maintainer-a',
      '--key',
      'maintainer-c',
      '--out',
      rules,
      '--root-dir',
      'root',
    );
    const pointer = `ts${version}.json`;
    await this.ok(
      'timestamp',
      'refresh',
      '--rules',
      rules,
      '--out',
      pointer,
      '--dir',
      'pub',
      '--root-dir',
      'root',
      '--expires-days',
      String(opts.pointerDays ?? 7),
    );
    return { rules, pointer };
  }

  /**
   * `payload` signed as it stands by keys in ./keys, past every check the CLI makes before it signs: what
   * another tool could produce, so the CLI's verification passes and only the payload's own text is wrong.
   */
  async signedEnvelope(payloadType: string, payload: string, keys: readonly string[]): Promise<Uint8Array> {
    const io = { ...nodeIo(), cwd: this.dir };
    const signers = [];
    for (const k of keys) signers.push(await decryptSecretKey(io, this.path('keys', `${k}.key.json`), PASSPHRASE));
    return signEnvelope(payloadType, utf8Encode(payload), signers);
  }

  async ok(...argv: string[]): Promise<Run> {
    const r = await this.run(...argv);
    if (r.code !== 0) throw new Error(`rules ${argv.join(' ')} exited ${r.code}:\n${r.err}\n${r.out}`);
    return r;
  }
}

/**
 * `publish --dir <name>-a --dir <name>-b` of a release (mirrors created when absent), b opened through `open`: the
 * two-mirror runs whose second mirror misbehaves (faulty-mirror.ts).
 */
export async function publishToPair(
  cli: CliHarness,
  release: { rules: string; pointer: string },
  name: string,
  open: (dir: string) => Mirror = createDirMirror,
): Promise<Run & { a: string; b: string }> {
  const [a, b] = [`${name}-a`, `${name}-b`];
  for (const dir of [a, b]) if (!existsSync(cli.path(dir))) mkdirSync(cli.path(dir));
  cli.mirror = (dir) => (basename(dir) === b ? open(dir) : createDirMirror(dir));
  try {
    const r = await cli.run(
      'publish',
      '--dir',
      a,
      '--dir',
      b,
      '--timestamp',
      release.pointer,
      '--rules',
      release.rules,
      '--root-dir',
      'root',
    );
    return { ...r, a: cli.path(a), b: cli.path(b) };
  } finally {
    cli.mirror = createDirMirror;
  }
}
