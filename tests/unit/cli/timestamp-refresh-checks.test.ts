/**
 * `timestamp refresh` checks the rules its pointer names as `publish` checks them: it used to verify only
 * the signatures of --rules (and nothing of the blob a routine refresh re-points at), so it signed pointers to
 * rules that `publish` then refused — needing a newer extension than any released (min_client), expiring
 * within publish's margin, or an expiring blob on the mirror.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, DAY, REPO, SOURCES } from './helpers.ts';

const EXTENSION_VERSION = (JSON.parse(readFileSync(`${REPO}/manifest.json`, 'utf8')) as { version: string }).version;
const ABOVE = `${Number(EXTENSION_VERSION.split('.')[0]) + 1}.0.0`;
const ROOT = ['--root-dir', 'root'];

describe('rules CLI: timestamp refresh checks the rules its pointer names, as publish does', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
    mkdirSync(cli.path('pub'));
  }, 60_000);

  it('--rules needing a newer extension (min_client): exit 3 naming the file and $.min_client; no pointer written', async () => {
    await cli.ok('build', '--version', '1', '--out', 'p.json', '--src', SOURCES, ...ROOT);
    const text = readFileSync(cli.path('p.json'), 'utf8').replace(',"body":', `,"min_client":"${ABOVE}","body":`);
    writeFileSync(cli.path('too-new.json'), await cli.signedEnvelope(PAYLOAD_TYPES.rules, text, ['maintainer-a', 'maintainer-b']));
    const r = await cli.run('timestamp', 'refresh', '--rules', 'too-new.json', '--out', 'ts.json', ...ROOT);
    expect(r).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('too-new.json: CLIENT_TOO_OLD') });
    expect(r.err).toContain('(at $.min_client)');
    expect(existsSync(cli.path('ts.json'))).toBe(false);
  });

  it('--rules expiring within --min-days (default 1, as publish): exit 4 naming the file and expires', async () => {
    await cli.ok('build', '--version', '1', '--out', 'short.payload.json', '--src', SOURCES, '--expires-days', '1', ...ROOT);
    await cli.ok('sign', '--in', 'short.payload.json', '--key', 'maintainer-a', '--key', 'maintainer-b', '--out', 'short.json', ...ROOT);
    expect(await cli.run('timestamp', 'refresh', '--rules', 'short.json', '--out', 'ts.json', ...ROOT)).toMatchObject({
      code: EXIT.expiry,
      err: expect.stringContaining('short.json: expires: '),
    });
    expect(existsSync(cli.path('ts.json'))).toBe(false);
    // The margin is publish's: with --min-days 0 both take these rules.
    await cli.ok('timestamp', 'refresh', '--rules', 'short.json', '--out', 'ts.json', '--min-days', '0', ...ROOT);
  });

  it('a routine refresh (no --rules) checks the blob each mirror serves: one expiring within the margin is exit 4, named', async () => {
    const { rules, pointer } = await cli.release(2, { expiresDays: 2 });
    await cli.ok('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, ...ROOT);
    cli.clock += 1.5 * DAY;
    const r = await cli.run('timestamp', 'refresh', '--dir', 'pub', '--out', 'daily.json', ...ROOT);
    expect(r).toMatchObject({ code: EXIT.expiry, err: expect.stringMatching(/pub\/rules\/2\.[0-9a-f]{64}\.rules\.json: expires: /) });
    expect(existsSync(cli.path('daily.json'))).toBe(false);
    // What publish says of that blob, had the refresh signed the pointer.
    await cli.ok('timestamp', 'refresh', '--dir', 'pub', '--out', 'daily.json', '--min-days', '0', ...ROOT);
    expect(await cli.run('publish', '--dir', 'pub', '--timestamp', 'daily.json', ...ROOT)).toMatchObject({
      code: EXIT.expiry,
      err: expect.stringMatching(/pub\/rules\/2\.[0-9a-f]{64}\.rules\.json: expires: /),
    });
  });
});
