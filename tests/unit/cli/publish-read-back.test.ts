/**
 * `publish --dir a --dir b` when b stores other bytes than it was sent. A root that read back as other bytes
 * while announcing stayed on b, and since published files are never replaced every re-run refused it (exit 5)
 * without naming it or saying whether deleting it is safe; a mirror that alters every upload of a file failed
 * each run the same way while the message said re-running was safe. Now a copy no client can take is written
 * once more (a one-off corrupted upload then just works), and one that reads back the same way twice is named as
 * the mirror altering the file, which no re-run fixes (publish-steps.ts, root-copy.ts).
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import type { Mirror } from '../../../tools/rules-cli/mirror.ts';
import { faultyMirror } from './faulty-mirror.ts';
import type { WriteFault } from './faulty-mirror.ts';
import { CliHarness, publishToPair } from './helpers.ts';

const ROOT = ['--root-dir', 'root'];

describe('rules publish: a file that reads back as other bytes', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  let release: { rules: string; pointer: string };

  const publishTo = (name: string, open?: (dir: string) => Mirror) => publishToPair(cli, release, name, open);
  /** b stores `fault` for the writes of each path `target` picks: every one, or the first `times` of each. */
  const storing =
    (target: (path: string) => boolean, fault: WriteFault, log: string[] = [], times = Infinity) =>
    (dir: string) => {
      const writes = new Map<string, number>();
      return faultyMirror(dir, log, (path) => {
        const n = writes.get(path) ?? 0;
        writes.set(path, n + 1);
        return target(path) && n < times ? fault : null;
      });
    };
  const isRoot2 = (path: string): boolean => path === 'root/2.root.json';
  const pointer = (): Buffer => readFileSync(cli.path(release.pointer));

  beforeAll(async () => {
    await cli.withRoot();
    // Root v2 (a rules key added), so that announcing a release writes a root clients walk to.
    await cli.ok('keygen', '--out', 'keys/maintainer-d', '--label', 'maintainer-d');
    await cli.ok('root', 'add-key', '--role', 'rules', '--key', 'keys/maintainer-d.pub.json', '--draft', 'root-2.json', ...ROOT);
    await cli.ok('root', 'sign', '--in', 'root-2.json', '--key', 'maintainer-a', '--key', 'maintainer-b', ...ROOT);
    await cli.ok('root', 'verify-chain', '--next', 'root-2.json', '--install', ...ROOT);
    release = await cli.release(1);
  }, 60_000);

  it("b alters every upload of root/2.root.json: exit 6 saying b itself alters it and re-running will not help; the bad copy named, safe to delete (it does not verify as root v2); the re-run's refusal says so; once deleted a re-run publishes b", async () => {
    const r = await publishTo('root-altered', storing(isRoot2, 'corrupt'));
    const bad = `${r.b}/root/2.root.json`;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${bad}: read-back mismatch (wrote `) });
    expect(r.err).toContain(
      `and the same again when written a second time): ${r.b} itself alters this file, so re-running publish will not help until it stores files as they are sent`,
    );
    expect(r.err).toContain(`is announced by ${r.a}; not by ${r.b}`);
    expect(r.err).toContain(
      `that bad copy stays at ${bad}, and publish never replaces a published file: delete ${bad} before re-running publish ` +
        '(it does not verify as root v2 under the committed root/1.root.json (BAD_JSON',
    );
    expect(r.err).toContain(
      `so no client has adopted it: clients that reach it refuse it and take nothing new from ${r.b} until it is gone`,
    );
    expect(r.err).toContain('deleting it is safe');
    expect(r.err).not.toContain('re-run the same publish to finish (files already there');
    expect(existsSync(`${r.b}/timestamp.json`), "b's timestamp.json").toBe(false);
    expect(readFileSync(`${r.a}/timestamp.json`), "a's timestamp.json").toEqual(pointer());

    // The mirror fixed, the re-run refuses the copy left (nothing written), saying why deleting it is safe.
    const again = await publishTo('root-altered');
    expect(again).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`${bad}: a different file is already published there`),
    });
    expect(again.err).toContain('it does not verify as root v2 under the committed root/1.root.json');
    expect(again.err).toContain(`deleting it is safe; delete ${bad}, then re-run publish; nothing was written to any mirror`);
    rmSync(bad);
    const done = await publishTo('root-altered');
    expect(done.code, done.err).toBe(EXIT.ok);
    expect(done.out).toContain(`${done.a}: already published`);
    expect(readFileSync(`${done.b}/timestamp.json`), "b's timestamp.json").toEqual(pointer());
  });

  it('root/2.root.json reads back as other bytes once: it is written again (no client can have adopted that copy) and the publish completes', async () => {
    const log: string[] = [];
    const r = await publishTo('root-once', storing(isRoot2, 'corrupt', log, 1));
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(log.filter(isRoot2)).toHaveLength(2);
    expect(r.err).toContain('root/2.root.json (read back as other bytes; written again, now as sent)');
    expect(readFileSync(`${r.b}/root/2.root.json`)).toEqual(readFileSync(cli.path('root/2.root.json')));
  });

  it('b re-encodes root/2.root.json, which still verifies: not written over, and the message says clients may have adopted it, so do not delete it', async () => {
    const log: string[] = [];
    const r = await publishTo('root-reencoded', storing(isRoot2, 'reencode', log));
    const bad = `${r.b}/root/2.root.json`;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${bad}: read-back mismatch (wrote `) });
    expect(log.filter(isRoot2), 'writes of root/2.root.json').toHaveLength(1);
    expect(r.err).toContain(
      `that bad copy stays at ${bad}, and publish never replaces a published file, so a re-run refuses it: do not delete it ` +
        '(it verifies as root v2 under the committed root/1.root.json, so clients that read it may have adopted it)',
    );
    expect(r.err).not.toContain('deleting it is safe');
    const again = await publishTo('root-reencoded');
    expect(again).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`${bad}: a different file is already published there`),
    });
    expect(again.err).toContain(
      'it verifies as root v2 under the committed root/1.root.json, so clients that read it may have adopted it: do not delete it',
    );
  });

  it('b alters every upload of the blob: exit 6 naming b and the file, saying b itself alters it and re-running will not help; no pointer moved', async () => {
    const isBlob = (path: string): boolean => path.startsWith('rules/1.');
    const r = await publishTo('blob-altered', storing(isBlob, 'corrupt'));
    const blob = readdirSync(`${r.b}/rules`)[0]!;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${r.b}/rules/${blob}: read-back mismatch (wrote `) });
    expect(r.err).toContain(`${r.b} itself alters this file, so re-running publish will not help until it stores files as they are sent`);
    expect(r.err).toContain('timestamp.json NOT updated on any mirror');
    expect(r.err).toContain(`delete ${r.b}/rules/${blob} before re-running publish (nothing points to it yet`);
    expect(r.err).not.toContain('re-running publish is safe');
    for (const dir of [r.a, r.b]) expect(existsSync(`${dir}/timestamp.json`), dir).toBe(false);
  });

  it("the blob, then b's timestamp.json, read back as other bytes once: each written again, and the publish completes", async () => {
    const log: string[] = [];
    const once = storing((path) => path.startsWith('rules/1.') || path === 'timestamp.json', 'corrupt', log, 1);
    const r = await publishTo('once', once);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.err).toMatch(/rules\/1\.[0-9a-f]{64}\.rules\.json \(read back as other bytes; written again, now as sent\)/);
    expect(r.err).toContain('timestamp.json (read back as other bytes; written again, now as sent)');
    expect(readFileSync(`${r.b}/timestamp.json`)).toEqual(pointer());
  });
});
