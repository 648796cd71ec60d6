/**
 * `min_client` against the extension this checkout builds (manifest.json's version, which the extension
 * compares it with): rules that need a newer extension than any released one would be refused by every
 * installed client (CLIENT_TOO_OLD), so the CLI refuses to build, sign or publish them. The CLI used to
 * check as a client of version 999999.0.0, which accepts any min_client.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_ID } from '../../../src/background/feed-config.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { pointerPayload } from '../../../tools/rules-cli/payloads.ts';
import { CliHarness, DAY, REPO, SOURCES } from './helpers.ts';

const EXTENSION_VERSION = (JSON.parse(readFileSync(`${REPO}/manifest.json`, 'utf8')) as { version: string }).version;
const ABOVE = `${Number(EXTENSION_VERSION.split('.')[0]) + 1}.0.0`;

describe('rules CLI: min_client against the extension version', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  /** The built payload with `min_client` set, as another tool (or a hand edit) could write it. */
  const withMinClient = (file: string, minClient: string): string => {
    const text = readFileSync(cli.path('p.json'), 'utf8').replace(',"body":', `,"min_client":${JSON.stringify(minClient)},"body":`);
    writeFileSync(cli.path(file), text);
    return text;
  };

  beforeAll(async () => {
    await cli.withRoot();
    mkdirSync(cli.path('pub'));
    await cli.ok('build', '--version', '1', '--out', 'p.json', '--src', SOURCES, '--root-dir', 'root');
  }, 60_000);

  it('build refuses a --min-client above the extension version, naming manifest.json; one up to it is built', async () => {
    const r = await cli.run('build', '--version', '2', '--out', 'p2.json', '--src', SOURCES, '--min-client', ABOVE, '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.usage, err: expect.stringContaining(`--min-client ${ABOVE} is above ${EXTENSION_VERSION}`) });
    expect(r.err).toContain('manifest.json');
    expect(existsSync(cli.path('p2.json'))).toBe(false);
    await cli.ok('build', '--version', '2', '--out', 'p2.json', '--src', SOURCES, '--min-client', EXTENSION_VERSION, '--root-dir', 'root');
    expect(readFileSync(cli.path('p2.json'), 'utf8')).toContain(`"min_client":"${EXTENSION_VERSION}"`);
    await cli.ok('sign', '--in', 'p2.json', '--key', 'maintainer-a', '--out', 'e2.json', '--root-dir', 'root');
  });

  it('sign, verify, timestamp refresh and publish refuse rules whose min_client is above the extension version, naming file and field', async () => {
    const text = withMinClient('too-new.json', ABOVE);
    const signing = await cli.run('sign', '--in', 'too-new.json', '--key', 'maintainer-a', '--out', 'x.json', '--root-dir', 'root');
    expect(signing).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('too-new.json payload: ') });
    expect(signing.err).toContain('(at $.min_client)');
    expect(signing.err).toContain(`${EXTENSION_VERSION} is the version manifest.json gives the extension`);
    expect(existsSync(cli.path('x.json'))).toBe(false);

    // Signed elsewhere: the checks that would read it as a client does refuse it too.
    writeFileSync(cli.path('e-too-new.json'), await cli.signedEnvelope(PAYLOAD_TYPES.rules, text, ['maintainer-a', 'maintainer-b']));
    const verified = await cli.run('verify', 'e-too-new.json', '--root-dir', 'root');
    expect(verified).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('e-too-new.json: CLIENT_TOO_OLD') });
    expect(verified.err).toContain('(at $.min_client)');
    const refreshed = await cli.run('timestamp', 'refresh', '--rules', 'e-too-new.json', '--out', 'ts.json', '--root-dir', 'root');
    expect(refreshed).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('e-too-new.json: CLIENT_TOO_OLD') });
    // A pointer to them signed elsewhere: publish refuses the rules all the same.
    const rulesBytes = readFileSync(cli.path('e-too-new.json'));
    const ref = { version: 1, length: rulesBytes.length, sha256: createHash('sha256').update(rulesBytes).digest('hex') };
    const pointer = pointerPayload({ feedId: FEED_ID, version: 1, issued: cli.clock, expires: cli.clock + 7 * DAY, rules: ref });
    writeFileSync(cli.path('ts.json'), await cli.signedEnvelope(PAYLOAD_TYPES.timestamp, JSON.stringify(pointer), ['timestamp']));
    const published = await cli.run('publish', '--dir', 'pub', '--timestamp', 'ts.json', '--rules', 'e-too-new.json', '--root-dir', 'root');
    expect(published).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('e-too-new.json: CLIENT_TOO_OLD') });
    expect(published.err).toContain('(at $.min_client)');
    expect(existsSync(cli.path('pub/timestamp.json'))).toBe(false);
  });

  // Already so before the fix; kept as evidence of how the other two places min_client could be are handled.
  it('a min_client that is no x.y.z version is refused as the client refuses it (an error, not a warning)', async () => {
    expect(await cli.run('build', '--version', '2', '--out', 'p3.json', '--src', SOURCES, '--min-client', '2.0')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--min-client must look like 1.2.3'),
    });
    withMinClient('not-a-version.json', '2.0');
    const r = await cli.run('sign', '--in', 'not-a-version.json', '--key', 'maintainer-a', '--out', 'x.json', '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.input, err: expect.stringContaining('not-a-version.json payload: BAD_PAYLOAD') });
    expect(r.err).toContain('(at $.min_client)');
  });

  it('lint: min_client is no rule-source field; a source holding one is an error naming the file and field', async () => {
    cpSync(SOURCES, cli.path('src'), { recursive: true });
    const path = cli.path('src/thresholds.json');
    writeFileSync(path, JSON.stringify({ min_client: ABOVE, ...(JSON.parse(readFileSync(path, 'utf8')) as object) }));
    expect(await cli.run('lint', '--src', 'src')).toMatchObject({
      code: EXIT.input,
      err: expect.stringContaining('src/thresholds.json: min_client: unknown top-level field in a rule source'),
    });
  });
});
