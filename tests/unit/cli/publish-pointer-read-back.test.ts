/**
 * `publish --dir a --dir b` when b's timestamp.json reads back as other bytes in the announce phase. The failure said
 * "re-run the same publish to finish" whatever b then served, and a re-run refused a copy that does not verify
 * ("investigate before publishing over it", exit 2 or 3), so the mirror stayed broken until someone replaced the file
 * by hand. Now the failure says what b's clients make of the copy and what a re-run does with it (pointer-copy.ts),
 * and a re-run replaces a copy that verifies under no committed root on this feed's mirror: no client can have taken
 * it, since clients verify a pointer before they use it (src/shared/feed/sync.ts, fetchPointer).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import type { Mirror } from '../../../tools/rules-cli/mirror.ts';
import { faultyMirror } from './faulty-mirror.ts';
import type { WriteFault } from './faulty-mirror.ts';
import { CliHarness, publishToPair } from './helpers.ts';

const ROOT = ['--root-dir', 'root'];

describe("rules publish: b's timestamp.json reads back as other bytes", { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  let release: { rules: string; pointer: string };

  const publishTo = (name: string, open?: (dir: string) => Mirror) => publishToPair(cli, release, name, open);
  /** b stores the n-th write of timestamp.json (from 0) as `faults[n]` says, and every later one as the last. */
  const pointerWrites =
    (...faults: WriteFault[]) =>
    (dir: string) => {
      let n = 0;
      return faultyMirror(dir, [], (path) => (path === 'timestamp.json' ? faults[Math.min(n++, faults.length - 1)]! : null));
    };
  const pointer = (): Buffer => readFileSync(cli.path(release.pointer));

  beforeAll(async () => {
    await cli.withRoot();
    release = await cli.release(1);
  }, 60_000);

  it('b alters every write (stores it truncated): exit 6, b named as altering it; the copy verifies under no root, so no client took it and b announces nothing; once b stores files as sent, a re-run replaces it and publishes b', async () => {
    const r = await publishTo('altered', pointerWrites('corrupt'));
    const file = `${r.b}/timestamp.json`;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${file}: read-back mismatch (wrote `) });
    expect(r.err).toContain(`${r.b} itself alters this file, so re-running publish will not help until it stores files as they are sent`);
    expect(r.err).toContain(`→ rules v1 is announced by ${r.a}; not by ${r.b}: ${file} verifies under no committed root (`);
    expect(r.err).toContain(
      `so no client has taken it: ${r.b}'s clients keep the pointer they hold and take nothing new from ${r.b} until it serves one that verifies; ` +
        `once ${r.b} stores files as they are sent, re-run the same publish to finish: it replaces that copy`,
    );
    expect(r.err).not.toContain('check what it serves');
    expect(readFileSync(`${r.a}/timestamp.json`), "a's timestamp.json").toEqual(pointer());

    // timestamp refresh numbers the next pointer above those clients hold, and this copy gives none: refused, saying why.
    const refresh = await cli.run('timestamp', 'refresh', '--out', 'next.json', '--dir', 'altered-b', ...ROOT);
    expect(refresh.code).toBe(EXIT.input);
    expect(refresh.err).toContain(
      `${file} (published) verifies under no committed root, and ${r.b}/root/1.root.json is the committed root/1.root.json: ` +
        'no client of this feed has taken it (clients verify a pointer before they use it): publish replaces it ' +
        `(re-run the publish that left it), or leave --dir ${r.b} out`,
    );

    // b fixed: the re-run says why it replaces the copy, and does.
    const again = await publishTo('altered');
    expect(again.code, again.err).toBe(EXIT.ok);
    expect(again.err).toContain(
      `${file} (published) verifies under no committed root, and ${r.b}/root/1.root.json is the committed root/1.root.json: ` +
        'no client of this feed has taken it (clients verify a pointer before they use it), so publish replaces it',
    );
    expect(again.out).toContain(`${again.a}: already published`);
    expect(again.out).toContain(`${again.b}: published`);
    expect(readFileSync(file), "b's timestamp.json").toEqual(pointer());
  });

  it('the pointer reads back truncated, and writing it again fails: exit 6 saying a re-run finishes by replacing that copy; it does', async () => {
    const r = await publishTo('once', pointerWrites('corrupt', 'fail'));
    const file = `${r.b}/timestamp.json`;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${file}: read-back mismatch (wrote `) });
    expect(r.err).toContain('writing it a second time failed (connection reset)');
    expect(r.err).toContain(`not by ${r.b}: ${file} verifies under no committed root (`);
    expect(r.err).toContain('so no client has taken it');
    expect(r.err).toMatch(/; re-run the same publish to finish: it replaces that copy$/);
    expect(r.err).not.toContain('itself alters');
    const again = await publishTo('once');
    expect(again.code, again.err).toBe(EXIT.ok);
    expect(readFileSync(file)).toEqual(pointer());
  });

  it("b re-encodes every write, a copy that still verifies: b's clients take the release from it; the message says a re-run refuses that copy (exit 5) and the next pointer replaces it, and the re-run does refuse it", async () => {
    const r = await publishTo('reencoded', pointerWrites('reencode'));
    const file = `${r.b}/timestamp.json`;
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining(`${file}: read-back mismatch (wrote `) });
    expect(r.err).toContain(`is announced by ${r.a}, ${r.b}; not by no mirror: ${file} verifies as the pointer sent, in other bytes`);
    expect(r.err).toContain(`so ${r.b}'s clients take this release from it`);
    expect(r.err).toContain(
      'a re-run of the same publish refuses that copy (exit 5: clients that took it refuse another pointer of the same version)',
    );
    expect(r.err).toContain(
      `once ${r.b} stores files as they are sent, the next pointer (\`timestamp refresh\`, then publish) replaces it`,
    );
    expect(r.err).not.toContain('re-run the same publish to finish');
    const again = await publishTo('reencoded');
    expect(again).toMatchObject({ code: EXIT.conflict, err: expect.stringContaining(`${file}: version: v`) });
    expect(again.err).toContain('EQUIVOCATION');
  });

  it('a timestamp.json that verifies under no committed root on a mirror without the committed root/1.root.json: still refused, nothing written', async () => {
    mkdirSync(cli.path('stranger'));
    writeFileSync(cli.path('stranger/timestamp.json'), pointer().subarray(0, -1));
    const r = await cli.run('publish', '--dir', 'stranger', '--timestamp', release.pointer, '--rules', release.rules, ...ROOT);
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toContain(
      `${cli.path('stranger')}/root/1.root.json is missing, so nothing shows ${cli.path('stranger')} is this feed's mirror ` +
        "(a --dir naming another feed's mirror looks the same): investigate before publishing over it",
    );
    expect(existsSync(cli.path('stranger/root')), 'stranger/root').toBe(false);
  });
});
