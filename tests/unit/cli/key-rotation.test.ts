/**
 * rules/README.md "Rotate a key (or recover from a lost or stolen one)": a compromised rules or timestamp key
 * signs a huge version; the maintainers rotate it out with a new root and publish normal versions signed by
 * the new keys. Clients reset that role's high-water mark on the rotation (design row 21), so `timestamp
 * refresh` and `publish` must accept the recovery exactly as the client does — they refused it, holding the
 * new release against the mark the compromised key set (rules) or against a pointer the rotated root no
 * longer verifies (timestamp) — and still refuse a rollback when no rotation happened.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEED_ID } from '../../../src/background/feed-config.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { pointerPayload } from '../../../tools/rules-cli/payloads.ts';
import { CliHarness, DAY, SOURCES } from './helpers.ts';
import { mirrorClient } from './mirror-client.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const ROOT = ['--root-dir', 'root'];

/** A maintainers' feed (keys a–d, timestamp and timestamp-2; root v1) with rules v1 published to ./pub. */
async function feedWithRelease(): Promise<CliHarness> {
  const cli = await new CliHarness().withRoot();
  for (const k of ['maintainer-d', 'timestamp-2']) await cli.ok('keygen', '--out', `keys/${k}`, '--label', k);
  mkdirSync(cli.path('pub'));
  const first = await cli.release(1);
  await cli.ok('publish', '--dir', 'pub', '--timestamp', first.pointer, '--rules', first.rules, ...ROOT);
  return cli;
}

/** An installed client that has synced ./pub: its baseline is what the mirror serves now. */
async function installedClient(cli: CliHarness): Promise<ReturnType<typeof mirrorClient>> {
  const client = mirrorClient(cli.path('pub'), FEED_ID, () => cli.clock);
  await client.load();
  return client;
}

/** Rules `version` built from the sources and signed by `keys`. */
async function rules(cli: CliHarness, version: number, file: string, keys: readonly string[]): Promise<string> {
  await cli.ok('build', '--version', String(version), '--out', `${file}.payload.json`, '--src', SOURCES, ...ROOT);
  await cli.ok('sign', '--in', `${file}.payload.json`, ...keys.flatMap((k) => ['--key', k]), '--out', file, ...ROOT);
  return file;
}

/** Root N+1 from `edits` (each a `root <verb>` argument list), signed by root keys a and b, installed. */
async function rotate(cli: CliHarness, draft: string, edits: readonly string[][]): Promise<void> {
  for (const edit of edits) await cli.ok('root', ...edit, '--draft', draft, ...ROOT);
  await cli.ok('root', 'sign', '--in', draft, '--key', 'maintainer-a', '--key', 'maintainer-b', ...ROOT);
  await cli.ok('root', 'verify-chain', '--next', draft, '--install', ...ROOT);
}

/** The rules reference in the pointer ./pub serves. */
function publishedRef(cli: CliHarness): { version: number; length: number; sha256: string } {
  const env = JSON.parse(readFileSync(cli.path('pub/timestamp.json'), 'utf8')) as { payload: string };
  return (JSON.parse(Buffer.from(env.payload, 'base64').toString()) as { rules: { version: number; length: number; sha256: string } })
    .rules;
}

describe('rules CLI: recovery from a compromised key by rotating it out', { timeout: 60_000 }, () => {
  it('rules key: after a root drops the keys that signed v2^53−1, rules v2 signed by the new keys refresh and publish; a rollback is still refused', async () => {
    const cli = await feedWithRelease();
    const installed = await installedClient(cli);
    // maintainer-a's and maintainer-c's rules keys leak; the thief publishes the largest version there is.
    const stolen = await rules(cli, MAX, 'stolen.json', ['maintainer-a', 'maintainer-c']);
    await cli.ok('timestamp', 'refresh', '--rules', stolen, '--out', 'ts-stolen.json', '--dir', 'pub', ...ROOT);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-stolen.json', '--rules', stolen, ...ROOT);
    expect(await installed.refresh()).toMatchObject({ ok: true, rulesVersion: MAX });

    // Without a rotation, v2 is a rollback, for the CLI as for the client.
    const early = await rules(cli, 2, 'early.json', ['maintainer-a', 'maintainer-b']);
    expect(await cli.run('timestamp', 'refresh', '--rules', early, '--out', 'x.json', '--dir', 'pub', ...ROOT)).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`early.json: version: v2 is not above the published v${MAX}`),
    });

    await rotate(cli, 'root-2.json', [
      ['add-key', '--role', 'rules', '--key', 'keys/maintainer-d.pub.json'],
      ['remove-key', '--role', 'rules', '--key', 'maintainer-a'],
      ['remove-key', '--role', 'rules', '--key', 'maintainer-c'],
    ]);
    const recovered = await rules(cli, 2, 'recovered.json', ['maintainer-b', 'maintainer-d']);
    await cli.ok('timestamp', 'refresh', '--rules', recovered, '--out', 'ts-recovered.json', '--dir', 'pub', ...ROOT);
    const published = await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-recovered.json', '--rules', recovered, ...ROOT);
    expect(published.out).toContain('pub: published pointer');
    expect(await installed.refresh()).toMatchObject({ ok: true, rulesVersion: 2 });
    expect((await cli.ok('verify', '--dir', 'pub', ...ROOT)).out).toContain('verified'); // as a fresh install walks it

    // The mark reset once, on the rotation: below v2 is a rollback again.
    const older = await rules(cli, 1, 'older.json', ['maintainer-b', 'maintainer-d']);
    expect(await cli.run('timestamp', 'refresh', '--rules', older, '--out', 'x.json', '--dir', 'pub', ...ROOT)).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('older.json: version: v1 is not above the published v2'),
    });
  });

  it('timestamp key: after a root rotates out the key that signed pointer v2^53−1, the new key refreshes and publishes; a rollback is still refused', async () => {
    const cli = await feedWithRelease();
    const installed = await installedClient(cli);
    cli.clock += 60_000;
    const payload = pointerPayload({
      feedId: FEED_ID,
      version: MAX,
      issued: cli.clock,
      expires: cli.clock + 7 * DAY,
      rules: publishedRef(cli),
    });
    writeFileSync(cli.path('ts-stolen.json'), await cli.signedEnvelope(PAYLOAD_TYPES.timestamp, JSON.stringify(payload), ['timestamp']));
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-stolen.json', ...ROOT);
    expect(await installed.refresh()).toMatchObject({ ok: true });
    expect(installed.status().pointerVersion).toBe(MAX);
    // Until the rotation no pointer can follow it: said so, not signed as v2^53 and refused as bad JSON.
    expect(await cli.run('timestamp', 'refresh', '--dir', 'pub', '--out', 'x.json', ...ROOT)).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining(`pub/timestamp.json: version: v${MAX} leaves no pointer version above it; rotate the timestamp key out`),
    });

    await rotate(cli, 'root-2.json', [
      ['add-key', '--role', 'timestamp', '--key', 'keys/timestamp-2.pub.json'],
      ['remove-key', '--role', 'timestamp', '--key', 'timestamp'],
    ]);
    cli.clock += 60_000;
    await cli.ok('timestamp', 'refresh', '--dir', 'pub', '--out', 'ts-a.json', '--timestamp-key', 'timestamp-2', ...ROOT);
    cli.clock += 60_000;
    await cli.ok('timestamp', 'refresh', '--dir', 'pub', '--out', 'ts-b.json', '--timestamp-key', 'timestamp-2', ...ROOT);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', 'ts-b.json', ...ROOT);
    expect(await installed.refresh()).toMatchObject({ ok: true, rulesVersion: 1 });
    expect(installed.status()).toMatchObject({ rootVersion: 2, pointerVersion: Math.floor(cli.clock / 1000) });

    // The earlier pointer of the new key is below the one now published: refused, as a client refuses it.
    expect(await cli.run('publish', '--dir', 'pub', '--timestamp', 'ts-a.json', ...ROOT)).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringMatching(/pub\/timestamp\.json: version: v\d+ is not above the published v\d+/),
    });
  });
});
