/**
 * `publish --dir a --dir b` when b fails part-way: an upload that fails or reads back other bytes, or a copy
 * that fails the client's check. publish wrote and checked each mirror in full (roots, blob, timestamp.json)
 * before the next, so a failure on b left a announcing the new release and b the old one. Now the blob goes
 * to every mirror and every mirror is checked first; a pointer moves only then (publish-phases.ts).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';
import type { Mirror } from '../../../tools/rules-cli/mirror.ts';
import { faultyMirror, servingAnotherCopy } from './faulty-mirror.ts';
import type { WriteFault } from './faulty-mirror.ts';
import { CliHarness } from './helpers.ts';

const ROOT = ['--root-dir', 'root'];

describe('rules publish to several mirrors: a failure on the second', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  const publishArgs = (release: { rules: string; pointer: string }): string[] => [
    'publish',
    '--dir',
    'a',
    '--dir',
    'b',
    '--timestamp',
    release.pointer,
    '--rules',
    release.rules,
    ...ROOT,
  ];
  const pointerOn = (dir: string): Buffer => readFileSync(cli.path(dir, 'timestamp.json'));
  const blobOn = (dir: string, version: number): string | undefined =>
    readdirSync(cli.path(dir, 'rules')).find((f) => f.startsWith(`${version}.`));

  /** Publish `release` to a and b, mirror b opened through `open` (a directory mirror, faults added). */
  async function publishWithB(release: { rules: string; pointer: string }, open: (dir: string) => Mirror) {
    cli.mirror = (dir) => (basename(dir) === 'b' ? open(dir) : createDirMirror(dir));
    try {
      return await cli.run(...publishArgs(release));
    } finally {
      cli.mirror = createDirMirror;
    }
  }
  const failing = (fault: (path: string) => WriteFault) => (dir: string) => faultyMirror(dir, [], fault);

  beforeAll(async () => {
    await cli.withRoot();
    for (const dir of ['a', 'b']) mkdirSync(cli.path(dir));
    await cli.ok(...publishArgs(await cli.release(1)));
  }, 60_000);

  it("b's blob upload fails: exit 6 naming b's file and the cause; no pointer moved, and the message says so; a re-run publishes both", async () => {
    cli.clock += 60_000;
    const release = await cli.release(2);
    const before = { a: pointerOn('a'), b: pointerOn('b') };
    const r = await publishWithB(
      release,
      failing((path) => (path.startsWith('rules/2.') ? 'fail' : null)),
    );
    expect(pointerOn('a'), "a's timestamp.json").toEqual(before.a);
    expect(pointerOn('b'), "b's timestamp.json").toEqual(before.b);
    expect(r).toMatchObject({
      code: EXIT.io,
      err: expect.stringMatching(/\/b\/rules\/2\.[0-9a-f]{64}\.rules\.json: upload failed \(connection reset\); /),
    });
    expect(r.err).toMatch(/timestamp\.json NOT updated on any mirror: no mirror announces pointer v\d+ → rules v2 yet/);
    expect(r.err).toContain('re-running publish is safe');
    await cli.ok(...publishArgs(release));
    for (const dir of ['a', 'b']) expect(pointerOn(dir), dir).toEqual(readFileSync(cli.path(release.pointer)));
  });

  it("b's blob reads back other bytes: exit 6, no pointer moved, naming the bad copy to delete (nothing points to it); the re-run's refusal says deleting it is safe; once removed a re-run publishes both", async () => {
    cli.clock += 60_000;
    const release = await cli.release(3);
    const before = { a: pointerOn('a'), b: pointerOn('b') };
    const r = await publishWithB(
      release,
      failing((path) => (path.startsWith('rules/3.') ? 'corrupt' : null)),
    );
    expect(pointerOn('a'), "a's timestamp.json").toEqual(before.a);
    expect(pointerOn('b'), "b's timestamp.json").toEqual(before.b);
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringMatching(/\/b\/rules\/3\.[0-9a-f]{64}\.rules\.json: read-back mismatch/) });
    expect(r.err).toContain('no mirror announces');
    // The message names the copy left on b, to delete before a re-run (which it would otherwise refuse), and why that is safe.
    const bad = cli.path('b/rules', blobOn('b', 3)!);
    const served = `rules/${blobOn('b', 2)!}`;
    expect(r.err).toContain(
      `that bad copy stays at ${bad}, and publish never replaces a published file: delete ${bad} before re-running publish`,
    );
    expect(r.err).toContain(`(nothing points to it yet: ${cli.path('b')}/timestamp.json names ${served}, so deleting it is safe)`);
    expect(r.err).not.toContain('re-running publish is safe');
    // The re-run refuses it (exit 5), saying no pointer names it and deleting it is safe; nothing written.
    const again = await publishWithB(release, createDirMirror);
    expect(again).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`${bad}: a different file is already published there`),
    });
    expect(again.err).toContain(`no pointer names it yet (${cli.path('b')}/timestamp.json names ${served})`);
    expect(again.err).toContain(`deleting it is safe; delete ${bad}, then re-run publish; nothing was written to any mirror`);
    expect(pointerOn('a'), "a's timestamp.json").toEqual(before.a);
    rmSync(bad);
    await cli.ok(...publishArgs(release));
    for (const dir of ['a', 'b']) expect(pointerOn(dir), dir).toEqual(readFileSync(cli.path(release.pointer)));
  });

  it("b serves another copy of the blob than it read back: refused by the client's check before any pointer moves (exit 3)", async () => {
    cli.clock += 60_000;
    const release = await cli.release(4);
    const before = { a: pointerOn('a'), b: pointerOn('b') };
    const r = await publishWithB(release, (dir) => servingAnotherCopy(createDirMirror(dir), (path) => path.startsWith('rules/4.')));
    expect(pointerOn('a'), "a's timestamp.json").toEqual(before.a);
    expect(pointerOn('b'), "b's timestamp.json").toEqual(before.b);
    expect(r).toMatchObject({
      code: EXIT.verification,
      err: expect.stringMatching(/\/b\/rules\/4\.[0-9a-f]{64}\.rules\.json: LENGTH_MISMATCH/),
    });
    expect(r.err).toContain('no mirror announces');
    await cli.ok(...publishArgs(release));
  });

  it("b's timestamp.json upload fails: exit 6 naming the mirrors that announce the release (a) and those that do not (b); a re-run finishes b", async () => {
    cli.clock += 60_000;
    const release = await cli.release(5);
    const before = pointerOn('b');
    const r = await publishWithB(
      release,
      failing((path) => (path === 'timestamp.json' ? 'fail' : null)),
    );
    expect(r).toMatchObject({
      code: EXIT.io,
      err: expect.stringContaining(`${cli.path('b')}/timestamp.json: upload failed (connection reset)`),
    });
    expect(r.err).toMatch(/pointer v\d+ → rules v5 is announced by /);
    expect(r.err).toContain(`announced by ${cli.path('a')}; not by ${cli.path('b')}`);
    expect(pointerOn('a')).toEqual(readFileSync(cli.path(release.pointer)));
    expect(pointerOn('b')).toEqual(before);
    expect(existsSync(cli.path('b/rules', blobOn('a', 5)!)), "b's blob").toBe(true);
    const again = await cli.ok(...publishArgs(release));
    expect(again.out).toContain(`${cli.path('a')}: already published`);
    expect(again.out).toContain(`${cli.path('b')}: published`);
    expect(pointerOn('b')).toEqual(readFileSync(cli.path(release.pointer)));
  });

  it("b's timestamp.json names the blob it lacked, which reads back other bytes: delete it, said without 'nothing points to it'; the re-run keeps the refusal", async () => {
    cli.clock += 60_000;
    const release = await cli.release(6);
    await cli.ok(...publishArgs(release));
    const blob = blobOn('b', 6)!;
    const bad = cli.path('b/rules', blob);
    rmSync(bad);
    const r = await publishWithB(
      release,
      failing((path) => (path.startsWith('rules/6.') ? 'corrupt' : null)),
    );
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${bad}: read-back mismatch`) });
    expect(r.err).toContain(`delete ${bad} before re-running publish (${cli.path('b')}/timestamp.json already names it`);
    expect(r.err).not.toContain('nothing points to it');
    expect(r.err).not.toContain('deleting it is safe');
    // A differing copy a pointer names: the refusal as it was, no word of deleting.
    const again = await publishWithB(release, createDirMirror);
    expect(again).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringMatching(
        /a different file is already published there \(.*\); published files are immutable; nothing was written to any mirror$/,
      ),
    });
    expect(again.err).toContain(`${bad}: a different file`);
    expect(again.err).not.toContain('delet');
    rmSync(bad);
    const done = await cli.ok(...publishArgs(release));
    expect(done.out).toContain(`${cli.path('b')}: already published`);
    expect(readFileSync(bad)).toEqual(readFileSync(cli.path(release.rules)));
  });
});
