/**
 * `bundle` after a root rotated a role's keys: the extension loading a new baseline over what it holds
 * resets the marks of the roles that root rotated (trusted-set.ts keepStored, high-water.ts), so the CLI
 * numbers the next bundle with that same rule. It numbered from the previous bundle alone, so a bundle that
 * once copied a version a stolen key signed (2^53−1, `bundle --from` the mirror) could never be re-signed.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { FEED_ID } from '../../../src/background/feed-config.ts';
import { loadTrustedSet, toStoredState } from '../../../src/shared/feed/trusted-set.ts';
import type { BundledBaseline } from '../../../src/shared/feed/trusted-set.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { verifyContext } from '../../../tools/rules-cli/common.ts';
import { pointerPayload } from '../../../tools/rules-cli/payloads.ts';
import type { PointerSpec } from '../../../tools/rules-cli/payloads.ts';
import { CliHarness, DAY, SOURCES } from './helpers.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const ROOT = ['--root-dir', 'root'];
const BUNDLE = ['--out', 'bundle', '--src', 'src', ...ROOT];

function readBaseline(cli: CliHarness): BundledBaseline {
  const read = (f: string): Uint8Array => new Uint8Array(readFileSync(cli.path('bundle', f)));
  return { root: read('root.json'), pointer: read('timestamp.json'), rules: read('rules.json') };
}

describe('rules bundle after a key rotation', { timeout: 60_000 }, () => {
  it('a bundle holding rules v2^53−1 from a stolen key: after the root rotates that key out, bundle signs low versions the extension takes', async () => {
    const cli = await new CliHarness().withRoot();
    await cli.ok('keygen', '--out', 'keys/maintainer-d', '--label', 'maintainer-d');
    cpSync(SOURCES, cli.path('src'), { recursive: true });
    mkdirSync(cli.path('pub'));
    const first = await cli.release(1);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', first.pointer, '--rules', first.rules, ...ROOT);
    // maintainer-a's and maintainer-c's rules keys leak; the thief publishes the largest version there is,
    // and the next extension release ships what the feed serves (rules/README.md: `bundle --from`).
    await cli.ok('build', '--version', String(MAX), '--out', 'stolen.payload.json', '--src', 'src', ...ROOT);
    await cli.ok('sign', '--in', 'stolen.payload.json', '--key', 'maintainer-a', '--key', 'maintainer-c', '--out', 'stolen.json', ...ROOT);
    await cli.ok('timestamp', 'refresh', '--rules', 'stolen.json', '--out', 'ts-stolen.json', '--dir', 'pub', ...ROOT);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-stolen.json', '--rules', 'stolen.json', ...ROOT);
    await cli.ok('bundle', '--from', 'pub', ...BUNDLE);
    const ctx = verifyContext(FEED_ID);
    const held = (await loadTrustedSet(readBaseline(cli), undefined, ctx, cli.clock)).set;
    expect(held.rules.doc.version).toBe(MAX);
    const installed = toStoredState(held, FEED_ID, cli.clock);

    for (const edit of [
      ['add-key', '--role', 'rules', '--key', 'keys/maintainer-d.pub.json'],
      ['remove-key', '--role', 'rules', '--key', 'maintainer-a'],
      ['remove-key', '--role', 'rules', '--key', 'maintainer-c'],
    ])
      await cli.ok('root', ...edit, '--draft', 'root-2.json', ...ROOT);
    await cli.ok('root', 'sign', '--in', 'root-2.json', '--key', 'maintainer-a', '--key', 'maintainer-b', ...ROOT);
    await cli.ok('root', 'verify-chain', '--next', 'root-2.json', '--install', ...ROOT);

    cli.clock += 60_000;
    // The count starts again at 1, and the refusal of a --version below it says why (bundle-version.test.ts: without a rotation).
    expect(await cli.run('bundle', '--force', '--version', '0', ...BUNDLE)).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining(
        `--version: 0 is below the next version 1 (the bundled rules are v${MAX}, but root v2 rotated the rules keys since, so the count starts again)`,
      ),
    });
    const signed = await cli.ok('bundle', '--force', ...BUNDLE);
    expect(signed.out).toContain('rules v1 signed by maintainer-b, maintainer-d');
    cli.clock += 60_000;
    expect((await cli.ok('bundle', '--force', '--version', '9', ...BUNDLE)).out).toContain('rules v9 signed by');
    await cli.ok('bundle', '--check', ...BUNDLE);
    // The extension that held the old baseline (rules v2^53−1) takes this one: the CLI numbered it as the client judges.
    const { set } = await loadTrustedSet(readBaseline(cli), installed, ctx, cli.clock);
    expect({ root: set.root.version, rules: set.rules.doc.version }).toEqual({ root: 2, rules: 9 });
  });

  it('a bundle holding pointer v2^53−1 from a stolen timestamp key: after the root rotates that key out, bundle signs a pointer the extension takes', async () => {
    const cli = await new CliHarness().withRoot();
    await cli.ok('keygen', '--out', 'keys/timestamp-2', '--label', 'timestamp-2');
    cpSync(SOURCES, cli.path('src'), { recursive: true });
    mkdirSync(cli.path('pub'));
    const first = await cli.release(1);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', first.pointer, '--rules', first.rules, ...ROOT);
    cli.clock += 60_000;
    const env = JSON.parse(readFileSync(cli.path(first.pointer), 'utf8')) as { payload: string };
    const ref = (JSON.parse(Buffer.from(env.payload, 'base64').toString()) as { rules: PointerSpec['rules'] }).rules;
    const stolen = pointerPayload({ feedId: FEED_ID, version: MAX, issued: cli.clock, expires: cli.clock + 7 * DAY, rules: ref });
    writeFileSync(cli.path('ts-stolen.json'), await cli.signedEnvelope(PAYLOAD_TYPES.timestamp, JSON.stringify(stolen), ['timestamp']));
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-stolen.json', ...ROOT);
    await cli.ok('bundle', '--from', 'pub', ...BUNDLE);
    const ctx = verifyContext(FEED_ID);
    const installed = toStoredState((await loadTrustedSet(readBaseline(cli), undefined, ctx, cli.clock)).set, FEED_ID, cli.clock);

    await cli.ok('root', 'add-key', '--role', 'timestamp', '--key', 'keys/timestamp-2.pub.json', '--draft', 'root-2.json', ...ROOT);
    await cli.ok('root', 'remove-key', '--role', 'timestamp', '--key', 'timestamp', '--draft', 'root-2.json', ...ROOT);
    await cli.ok('root', 'sign', '--in', 'root-2.json', '--key', 'maintainer-a', '--key', 'maintainer-b', ...ROOT);
    await cli.ok('root', 'verify-chain', '--next', 'root-2.json', '--install', ...ROOT);
    cli.clock += 60_000;
    await cli.ok('bundle', '--force', '--timestamp-key', 'timestamp-2', ...BUNDLE);
    const { set } = await loadTrustedSet(readBaseline(cli), installed, ctx, cli.clock);
    expect({ root: set.root.version, pointer: set.pointer.doc.version }).toEqual({ root: 2, pointer: Math.floor(cli.clock / 1000) });
  });
});
