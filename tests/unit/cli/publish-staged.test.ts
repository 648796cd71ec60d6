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

  it("b's blob reads back other bytes: exit 6, no pointer moved; the bad copy is never replaced, and once removed a re-run publishes both", async () => {
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
    expect(await cli.run(...publishArgs(release))).toMatchObject({ code: EXIT.conflict });
    rmSync(cli.path('b/rules', blobOn('b', 3)!));
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
});
