/**
 * `publish` to a mirror that serves a root above the repository's latest (a rotation committed and published
 * from another checkout): clients that synced the mirror walked that root and judge every release under its
 * keys, which this checkout does not know. publish found out only in its final check, after the blob was
 * uploaded and the pointer moved to a release those clients refuse; it must refuse before writing anything.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, SOURCES } from './helpers.ts';

describe('rules publish: a mirror ahead of the repository', { timeout: 60_000 }, () => {
  it('a mirror serving root v2 when the repository has v1: exit 5 naming the file and field, nothing written', async () => {
    const cli = await new CliHarness().withRoot();
    await cli.ok('keygen', '--out', 'keys/maintainer-d', '--label', 'maintainer-d');
    mkdirSync(cli.path('pub'));
    const first = await cli.release(1);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', first.pointer, '--rules', first.rules, '--root-dir', 'root');

    // Another checkout rotates maintainer-c's rules key out (root v2) and publishes rules v2 under it.
    const AHEAD = ['--root-dir', 'ahead'];
    cpSync(cli.path('root'), cli.path('ahead'), { recursive: true });
    await cli.ok('root', 'add-key', '--role', 'rules', '--key', 'keys/maintainer-d.pub.json', '--draft', 'root-2.json', ...AHEAD);
    await cli.ok('root', 'remove-key', '--role', 'rules', '--key', 'maintainer-c', '--draft', 'root-2.json', ...AHEAD);
    await cli.ok('root', 'sign', '--in', 'root-2.json', '--key', 'maintainer-a', '--key', 'maintainer-b', ...AHEAD);
    await cli.ok('root', 'verify-chain', '--next', 'root-2.json', '--install', ...AHEAD);
    await cli.ok('build', '--version', '2', '--out', 'r2.payload.json', '--src', SOURCES, ...AHEAD);
    await cli.ok('sign', '--in', 'r2.payload.json', '--key', 'maintainer-b', '--key', 'maintainer-d', '--out', 'r2.json', ...AHEAD);
    await cli.ok('timestamp', 'refresh', '--rules', 'r2.json', '--out', 'ts2.json', '--dir', 'pub', ...AHEAD);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts2.json', '--rules', 'r2.json', ...AHEAD);

    // This checkout still has root v1 only; its release is signed by maintainer-a and maintainer-c. Judged
    // against the mirror, its pointer is refused as publish refuses it below (timestamp refresh reads the same state).
    cli.clock += 60_000;
    await cli.ok('build', '--version', '3', '--out', 'r3.payload.json', '--src', SOURCES, '--root-dir', 'root');
    await cli.ok(
      'sign',
      '--in',
      'r3.payload.json',
      '--key',
      'maintainer-a',
      '--key',
      'maintainer-c',
      '--out',
      'r3.json',
      '--root-dir',
      'root',
    );
    const refresh = await cli.run('timestamp', 'refresh', '--rules', 'r3.json', '--out', 'ts3.json', '--dir', 'pub', '--root-dir', 'root');
    expect(refresh).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('pub/root/2.root.json: version: the mirror serves root v2'),
    });
    await cli.ok('timestamp', 'refresh', '--rules', 'r3.json', '--out', 'ts3.json', '--root-dir', 'root');
    const lagging = { rules: 'r3.json', pointer: 'ts3.json' };
    const pointerBefore = readFileSync(cli.path('pub/timestamp.json'));
    const blobsBefore = readdirSync(cli.path('pub/rules')).sort();
    const r = await cli.run('publish', '--dir', 'pub', '--timestamp', lagging.pointer, '--rules', lagging.rules, '--root-dir', 'root');
    expect(r).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('pub/root/2.root.json: version: the mirror serves root v2, above the committed root/1.root.json'),
    });
    expect(readFileSync(cli.path('pub/timestamp.json'))).toEqual(pointerBefore);
    expect(readdirSync(cli.path('pub/rules')).sort()).toEqual(blobsBefore);
    expect(existsSync(cli.path('pub/root/3.root.json'))).toBe(false);
    // Once this checkout has the same chain, the release is judged under root v2 (and its signers refused there).
    cpSync(cli.path('ahead/2.root.json'), cli.path('root/2.root.json'));
    expect(
      await cli.run('publish', '--dir', 'pub', '--timestamp', lagging.pointer, '--rules', lagging.rules, '--root-dir', 'root'),
    ).toMatchObject({ code: EXIT.verification });
    expect(readFileSync(cli.path('pub/timestamp.json'))).toEqual(pointerBefore);
  });
});
