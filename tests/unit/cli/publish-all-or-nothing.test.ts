/**
 * `publish --dir A --dir B` when B already holds a different copy of a file it would receive (a root, the
 * blob): refused before anything is written, so A is not left published while B is not. The conflict was
 * found only while writing B, after A had its roots, blob and pointer.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness } from './helpers.ts';

const ROOT = ['--root-dir', 'root'];

describe('rules publish to several mirrors: all or nothing', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  let release: { rules: string; pointer: string };
  let blobPath: string;
  beforeAll(async () => {
    await cli.withRoot();
    release = await cli.release(1);
    blobPath = `rules/1.${createHash('sha256')
      .update(readFileSync(cli.path(release.rules)))
      .digest('hex')}.rules.json`;
  }, 60_000);

  /** Fresh mirrors a and b, b holding `path` as `bytes`; then publish to a and b, in that order. */
  async function publishOver(path: string, bytes: Uint8Array) {
    for (const dir of ['a', 'b']) {
      rmSync(cli.path(dir), { recursive: true, force: true });
      mkdirSync(cli.path(dir));
    }
    mkdirSync(dirname(cli.path('b', path)), { recursive: true });
    writeFileSync(cli.path('b', path), bytes);
    const r = await cli.run('publish', '--dir', 'a', '--dir', 'b', '--timestamp', release.pointer, '--rules', release.rules, ...ROOT);
    return { ...r, a: readdirSync(cli.path('a')), b: readdirSync(cli.path('b'), { recursive: true }) };
  }

  it('a different root/1.root.json on the second mirror: exit 5 naming it and how it differs; neither mirror written', async () => {
    const root = readFileSync(cli.path('root/1.root.json'));
    const other = Buffer.concat([root.subarray(0, 10), Buffer.from('x'), root.subarray(11)]);
    const r = await publishOver('root/1.root.json', other);
    expect(r.a, 'files written to mirror a').toEqual([]);
    expect(r).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(
        `b/root/1.root.json: a different file is already published there (the mirror has ${root.length} bytes, sha256 `,
      ),
    });
    expect(r.err).toContain('first difference at byte 10');
    expect(r.err).toContain('published files are immutable; nothing was written to any mirror');
    expect(r.err, 'a root is read as soon as it is there: no word of deleting it').not.toContain('delet');
    expect(r.b).toEqual(['root', 'root/1.root.json']);
  });

  it('a different (truncated) blob on the second mirror: refused the same way; neither mirror written', async () => {
    const blob = readFileSync(cli.path(release.rules));
    const r = await publishOver(blobPath, blob.subarray(0, -1));
    expect(r.a, 'files written to mirror a').toEqual([]);
    expect(r).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`b/${blobPath}: a different file is already published there (the mirror has ${blob.length - 1} bytes`),
    });
    expect(r.err).toContain(`this publish has ${blob.length} bytes`);
    // What a corrupted upload leaves: no timestamp.json on b names it, so the refusal says deleting it is safe.
    expect(r.err).toContain(`no pointer names it yet (the mirror has no ${cli.path('b')}/timestamp.json)`);
    expect(r.err).toContain(
      `deleting it is safe; delete ${cli.path('b', blobPath)}, then re-run publish; nothing was written to any mirror`,
    );
    expect(r.b.sort()).toEqual(['rules', blobPath]);
  });

  it('the control: the same bytes already there are kept, and both mirrors are published', async () => {
    const r = await publishOver(blobPath, readFileSync(cli.path(release.rules)));
    expect(r.code, r.err).toBe(EXIT.ok);
    for (const dir of ['a', 'b']) expect(readdirSync(cli.path(dir)).sort()).toEqual(['root', 'rules', 'timestamp.json']);
  });
});
