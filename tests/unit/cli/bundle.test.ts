/**
 * The signed baseline the extension ships. The first test is the CI guard: a rule changed in
 * rules/src without re-signing rules/bundle fails here, and the message says which command to run.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { FEED_ID } from '../../../src/background/feed-config.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { nodeIo } from '../../../tools/rules-cli/io.ts';
import { checkBundle } from '../../../tools/rules-cli/verbs/bundle.ts';
import { CliHarness, REPO, SOURCES } from './helpers.ts';

describe('rules bundle', { timeout: 30_000 }, () => {
  it('the committed rules/bundle verifies as the extension does, anchors on the latest rules/root, and matches rules/src', async () => {
    const io = { ...nodeIo(), cwd: REPO };
    const result = await checkBundle(io, { dir: 'rules/bundle', src: 'rules/src', feedId: FEED_ID, rootDir: 'rules/root' });
    expect(result.rules).toBeGreaterThan(0);
  });

  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
    cpSync(SOURCES, cli.path('src'), { recursive: true });
  }, 60_000);

  it('signs with the role keys found in $SAQ_KEYS_DIR, verifies like the extension, and does nothing when up to date', async () => {
    const made = await cli.ok('bundle', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(made.out).toContain('rules v1 signed by maintainer-a, maintainer-b');
    expect(made.out).toMatch(/---\nfeed saq:prod\nroot +v1 .*\ntimestamp +v\d+ .*\nrules +v1 /);
    expect((await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root')).out).toContain(
      'verifies and matches',
    );
    const again = await cli.ok('bundle', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(again.out).toContain('already up to date');
  });

  it('a bundle that expires within 14 days: --check warns, naming the file and the date; bundle re-signs it though its rules match', async () => {
    cli.clock += 20 * 86_400_000; // the bundle was signed for 30 days
    const check = await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(check.err).toMatch(
      /warning: bundle\/(timestamp|rules)\.json: expires \d{4}-\d\d-\d\dT.*, in 10 day\(s\); re-sign it before a release/,
    );
    const resigned = await cli.ok('bundle', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(resigned.out).toContain('rules v2 signed by');
    expect((await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root')).err).not.toContain('warning');
    cli.clock += 31 * 86_400_000;
    expect((await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root')).err).toContain(
      'the extension treats this baseline as stale',
    );
    cli.clock -= 31 * 86_400_000;
  });

  it('a rule change without re-signing fails --check (exit 2) and names the command; re-signing bumps the version', async () => {
    const file = cli.path('src/automation.json');
    const source = JSON.parse(readFileSync(file, 'utf8')) as { rules: { severity: string }[] };
    source.rules[0]!.severity = source.rules[0]!.severity === 'info' ? 'warning' : 'info';
    writeFileSync(file, JSON.stringify(source, null, 2));
    const stale = await cli.run('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(stale.code).toBe(EXIT.input);
    expect(stale.err).toContain('bundle/rules.json: body: differs from what src assembles to');
    expect(stale.err).toContain('npm run rules -- bundle --passphrase-file <file>');
    cli.clock += 60_000;
    expect((await cli.ok('bundle', '--out', 'bundle', '--src', 'src', '--root-dir', 'root')).out).toContain('rules v3 signed by');
    await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
  });

  it('a tampered bundle fails --check (exit 3)', async () => {
    const env = JSON.parse(readFileSync(cli.path('bundle/rules.json'), 'utf8')) as { signatures: { sig: string }[] };
    env.signatures = env.signatures.slice(0, 1);
    writeFileSync(cli.path('bundle/rules.json'), JSON.stringify(env));
    const r = await cli.run('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('bundle/rules.json: THRESHOLD_NOT_MET') });
  });

  it('a bundle whose write stopped after rules.json (the previous pointer beside the new rules) fails --check (exit 3)', async () => {
    await cli.ok('bundle', '--force', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    const previousPointer = readFileSync(cli.path('bundle/timestamp.json'));
    cli.clock += 60_000;
    await cli.ok('bundle', '--force', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    writeFileSync(cli.path('bundle/timestamp.json'), previousPointer);
    const r = await cli.run('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(r).toMatchObject({
      code: EXIT.verification,
      err: expect.stringMatching(/bundle\/timestamp\.json: rules: names rules v\d+ .*but bundle\/rules\.json is v\d+/),
    });
    await cli.ok('bundle', '--force', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
  });

  it('a bundled file that does not verify is named itself, with the field or position, not only its folder', async () => {
    await cli.ok('bundle', '--force', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    const check = () => cli.run('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    const edited = async (file: string, bytes: string | Uint8Array, expected: { code: number; err: string }) => {
      const good = readFileSync(cli.path('bundle', file));
      writeFileSync(cli.path('bundle', file), bytes);
      const r = await check();
      writeFileSync(cli.path('bundle', file), good);
      expect(r, file).toMatchObject({ code: expected.code, err: expect.stringContaining(expected.err) });
      expect(r.err, file).not.toContain('BAD_BASELINE');
    };
    await edited('timestamp.json', '{\n  "payloadType": "application/vnd.saq.timestamp+json"\n  "payload": ""\n}\n', {
      code: EXIT.input,
      err: "bundle/timestamp.json:3:3: expected ',' or '}'",
    });
    const pointer = JSON.parse(readFileSync(cli.path('bundle/timestamp.json'), 'utf8')) as { payload: string };
    const doc = JSON.parse(Buffer.from(pointer.payload, 'base64').toString()) as { rules: { path: string } };
    doc.rules.path = 'rules/latest.json';
    await edited('timestamp.json', await cli.signedEnvelope(PAYLOAD_TYPES.timestamp, JSON.stringify(doc), ['timestamp']), {
      code: EXIT.input,
      err: 'bundle/timestamp.json: BAD_PAYLOAD: rules.path must be rules/<version>.<sha256>.rules.json (at $.rules.path)',
    });
  });

  it('--from copies a verified published feed, so bundle and feed carry the same signed bytes', async () => {
    const { rules, pointer } = await cli.release(5, { src: cli.path('src') });
    mkdirSync(cli.path('pub'));
    await cli.ok('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    await cli.ok('bundle', '--from', 'pub', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
    expect(readFileSync(cli.path('bundle/rules.json'))).toEqual(readFileSync(cli.path(rules)));
    await cli.ok('bundle', '--check', '--out', 'bundle', '--src', 'src', '--root-dir', 'root');
  });
});
