/**
 * Building, signing, publishing and watching a feed on temporary mirror directories, including the
 * maintainer-tooling rows of the attack matrix (docs/feed-matrix.md): #59 refusals, #60 a mirror
 * that corrupts or fails uploads, #61 `status` failing ahead of expiry.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';
import { faultyMirror } from './faulty-mirror.ts';
import { CliHarness, DAY, SOURCES } from './helpers.ts';

describe('rules CLI: build, sign, publish, status', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
    // The mirrors the tests publish to: publish writes into an existing directory only.
    for (const dir of ['pub', 'pub2', 'fresh', 'short']) mkdirSync(cli.path(dir));
  }, 60_000);

  it('build is deterministic: same sources and issue time ⇒ same bytes', async () => {
    cli.env.SOURCE_DATE_EPOCH = String(Date.UTC(2026, 10, 1) / 1000);
    await cli.ok('build', '--version', '7', '--out', 'a.json', '--src', SOURCES, '--root-dir', 'root');
    await cli.ok('build', '--version', '7', '--out', 'b.json', '--src', SOURCES, '--root-dir', 'root');
    delete cli.env.SOURCE_DATE_EPOCH;
    expect(readFileSync(cli.path('a.json'))).toEqual(readFileSync(cli.path('b.json')));
  });

  it('signing below the threshold says so, and such an envelope cannot be published', async () => {
    await cli.ok('build', '--version', '1', '--out', 'one.json', '--src', SOURCES, '--root-dir', 'root');
    const r = await cli.ok('sign', '--in', 'one.json', '--key', 'maintainer-a', '--out', 'one.env.json', '--root-dir', 'root');
    expect(r.out).toContain('threshold 2 NOT yet met');
    const ts = await cli.run('timestamp', 'refresh', '--rules', 'one.env.json', '--out', 'x.json', '--root-dir', 'root');
    expect(ts).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('THRESHOLD_NOT_MET') });
  });

  it('publish writes blobs first and the pointer last, reads each back, and the mirror verifies as a client sees it', async () => {
    const log: string[] = [];
    cli.mirror = (dir) => faultyMirror(dir, log, () => null, true);
    const { rules, pointer } = await cli.release(1);
    const r = await cli.ok('publish', '--dir', 'pub', '--dir', 'pub2', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    // The blob, which nothing names yet, to every mirror before any mirror gets what clients read first
    // (root/N+1.root.json, then timestamp.json): publish-phases.ts.
    expect(log).toEqual([
      expect.stringMatching(/\/pub: rules\/1\.[0-9a-f]{64}\.rules\.json$/),
      expect.stringMatching(/\/pub2: rules\/1\.[0-9a-f]{64}\.rules\.json$/),
      expect.stringMatching(/\/pub: root\/1\.root\.json$/),
      expect.stringMatching(/\/pub: timestamp\.json$/),
      expect.stringMatching(/\/pub2: root\/1\.root\.json$/),
      expect.stringMatching(/\/pub2: timestamp\.json$/),
    ]);
    expect(r.out).toMatch(/---\nfeed saq:prod\nroot +v1 .*\ntimestamp +v\d+ .*\nrules +v1 /);
    const verified = await cli.ok('verify', '--dir', 'pub', '--root-dir', 'root');
    expect(verified.out).toContain('verified pub');
    // Publishing the same release again is a no-op (idempotent), not a conflict.
    log.length = 0;
    expect((await cli.ok('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root')).out).toContain(
      'already published',
    );
    expect(log).toEqual([]);
    cli.mirror = createDirMirror;
  });

  it('#59 refuses a version not above the published one, an expiry inside the margin, and a signer outside the role', async () => {
    cli.clock += 60_000;
    // Same rules version, different content (a rule changed without a bump).
    await cli.ok('build', '--version', '1', '--out', 'again.json', '--src', SOURCES, '--root-dir', 'root', '--expires-days', '40');
    await cli.ok(
      'sign',
      '--in',
      'again.json',
      '--key',
      'maintainer-a',
      '--key',
      'maintainer-b',
      '--out',
      'again.env.json',
      '--root-dir',
      'root',
    );
    const equivocate = await cli.run(
      'timestamp',
      'refresh',
      '--rules',
      'again.env.json',
      '--out',
      'tsx.json',
      '--dir',
      'pub',
      '--root-dir',
      'root',
    );
    expect(equivocate).toMatchObject({ code: EXIT.conflict, err: expect.stringContaining('not above the published v1') });
    // An older pointer (a pointer file kept from before) cannot replace the published one.
    const published = readFileSync(cli.path('pub/timestamp.json'));
    cli.clock += 60_000;
    const { rules: r2, pointer: p2 } = await cli.release(2);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', p2, '--rules', r2, '--root-dir', 'root');
    const old = await cli.run('publish', '--dir', 'pub', '--timestamp', 'ts1.json', '--root-dir', 'root');
    expect(old).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringMatching(/timestamp\.json: version: v\d+ is not above the published v\d+/),
    });
    expect(readFileSync(cli.path('pub/timestamp.json'))).not.toEqual(published);
    // Expiring within --min-days.
    cli.clock += 60_000;
    // (2 days: `timestamp refresh` itself refuses a pointer within its own --min-days, 1 by default.)
    const soon = await cli.release(3, { pointerDays: 2 });
    const margin = await cli.run(
      'publish',
      '--dir',
      'pub',
      '--timestamp',
      soon.pointer,
      '--rules',
      soon.rules,
      '--min-days',
      '3',
      '--root-dir',
      'root',
    );
    expect(margin).toMatchObject({ code: EXIT.expiry, err: expect.stringContaining('timestamp: expires: ') });
    // A pointer signed by a key the current root does not list for the timestamp role.
    await cli.ok('keygen', '--out', 'keys/stranger', '--label', 'stranger');
    const stranger = await cli.run(
      'timestamp',
      'refresh',
      '--rules',
      soon.rules,
      '--out',
      'st.json',
      '--timestamp-key',
      'stranger',
      '--root-dir',
      'root',
    );
    expect(stranger).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('is not in the timestamp role') });
  });

  it('#60 a mirror that corrupts or drops an upload stops the publish before timestamp.json moves; a retry completes it', async () => {
    cli.clock += 60_000;
    const { rules, pointer } = await cli.release(4);
    const before = readFileSync(cli.path('pub/timestamp.json'));
    const log: string[] = [];
    cli.mirror = (dir) => faultyMirror(dir, log, (path) => (path.startsWith('rules/4.') ? 'corrupt' : null));
    const corrupt = await cli.run('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    expect(corrupt).toMatchObject({ code: EXIT.io, err: expect.stringContaining('read-back mismatch') });
    expect(corrupt.err).toContain('timestamp.json NOT updated');
    expect(readFileSync(cli.path('pub/timestamp.json'))).toEqual(before);
    // A later attempt finds the corrupt blob at the immutable path: refused, never overwritten silently.
    cli.mirror = createDirMirror;
    expect(await cli.run('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root')).toMatchObject({
      code: EXIT.conflict,
    });
    // An interrupted upload (connection reset) on a fresh mirror: nothing after it is written; the retry completes.
    cli.mirror = (dir) => faultyMirror(dir, log, (path) => (path === 'timestamp.json' ? 'fail' : null));
    const failed = await cli.run('publish', '--dir', 'fresh', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    expect(failed).toMatchObject({ code: EXIT.io, err: expect.stringContaining('upload failed') });
    expect(existsSync(cli.path('fresh/timestamp.json'))).toBe(false);
    cli.mirror = createDirMirror;
    await cli.ok('publish', '--dir', 'fresh', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    expect(readdirSync(cli.path('fresh/rules'))).toHaveLength(1);
    expect((await cli.ok('status', '--dir', 'fresh', '--root-dir', 'root')).out).toContain('fresh: ok');
  });

  it('#61 status fails (exit 4) N days before the pointer, the rules or the root expires', async () => {
    const start = cli.clock;
    expect((await cli.run('status', '--dir', 'fresh', '--root-dir', 'root')).code).toBe(EXIT.ok);
    cli.clock = start + 6 * DAY; // the pointer (7 days) is inside its 2-day margin
    const ts = await cli.run('status', '--dir', 'fresh', '--root-dir', 'root');
    expect(ts).toMatchObject({
      code: EXIT.expiry,
      out: expect.stringContaining('EXPIRING fresh/timestamp.json: expires in 1 d (margin 2 d)'),
    });
    cli.clock = start;
    const rules = await cli.run('status', '--dir', 'fresh', '--root-dir', 'root', '--rules-days', '31', '--timestamp-days', '0');
    expect(rules).toMatchObject({ code: EXIT.expiry, out: expect.stringMatching(/EXPIRING fresh\/rules\/4\.[0-9a-f]+\.rules\.json/) });
    cli.clock = start + 320 * DAY;
    const root = await cli.run('status', '--dir', 'fresh', '--root-dir', 'root', '--rules-days', '0', '--timestamp-days', '0');
    expect(root.out).toContain('EXPIRING committed root');
    expect(root.code).toBe(EXIT.expiry);
    cli.clock = start;
  });

  it('status looks at every mirror, a missing one included (exit 6), and still shows the others (it stopped at the first)', async () => {
    const r = await cli.run('status', '--dir', 'gone', '--dir', 'fresh', '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining('gone: no such directory') });
    expect(r.out).toMatch(/gone: FAILED — \S*gone: no such directory/);
    expect(r.out).toContain('fresh: ok');
  });

  it('a pointer published alone: the blob each mirror serves is checked too, expiry included, before anything is written', async () => {
    cli.clock += 3600_000;
    const { rules, pointer } = await cli.release(9, { expiresDays: 2 });
    await cli.ok('publish', '--dir', 'short', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    await cli.ok('timestamp', 'refresh', '--rules', rules, '--out', 'ts9b.json', '--dir', 'short', '--root-dir', 'root');
    cli.clock += 1.5 * DAY;
    const before = readFileSync(cli.path('short/timestamp.json'));
    const refused = await cli.run('publish', '--dir', 'short', '--timestamp', 'ts9b.json', '--root-dir', 'root');
    expect(refused).toMatchObject({
      code: EXIT.expiry,
      err: expect.stringMatching(/short\/rules\/9\.[0-9a-f]{64}\.rules\.json: expires: /),
    });
    expect(readFileSync(cli.path('short/timestamp.json'))).toEqual(before);
    // A mirror whose copy was altered: refused as a client would refuse it.
    const blob = readdirSync(cli.path('short/rules')).find((f) => f.startsWith('9.'))!;
    const bytes = readFileSync(cli.path(`short/rules/${blob}`));
    writeFileSync(cli.path(`short/rules/${blob}`), Buffer.from(bytes.toString('utf8').replace('"payload":"', '"payload":"A')));
    const altered = await cli.run('publish', '--dir', 'short', '--timestamp', 'ts9b.json', '--min-days', '0', '--root-dir', 'root');
    expect(altered).toMatchObject({ code: EXIT.verification, err: expect.stringContaining(`short/rules/${blob}`) });
    writeFileSync(cli.path(`short/rules/${blob}`), bytes);
    // The control: the same blob still valid for the margin asked for.
    await cli.ok('publish', '--dir', 'short', '--timestamp', 'ts9b.json', '--min-days', '0', '--root-dir', 'root');
    expect(readFileSync(cli.path('short/timestamp.json'))).not.toEqual(before);
  });

  it('timestamp refresh re-signs the published pointer with a higher version, naming the same blob', async () => {
    cli.clock += 3600_000;
    const r = await cli.ok('timestamp', 'refresh', '--dir', 'fresh', '--out', 'daily.json', '--root-dir', 'root');
    expect(r.out).toMatch(/pointer v\d+ → rules v4/);
    await cli.ok('publish', '--dir', 'fresh', '--timestamp', 'daily.json', '--root-dir', 'root');
    expect((await cli.ok('verify', 'daily.json', '--root-dir', 'root')).out).toContain('valid pointer → rules v4');
  });

  it('verify refuses a tampered envelope (exit 3); diff lists what changed', async () => {
    const env = JSON.parse(readFileSync(cli.path('r4.json'), 'utf8')) as { payload: string };
    const bytes = Buffer.from(env.payload, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 1, bytes.length - 3);
    writeFileSync(cli.path('tampered.json'), JSON.stringify({ ...env, payload: bytes.toString('base64') }));
    expect(await cli.run('verify', 'tampered.json', '--root-dir', 'root')).toMatchObject({
      code: EXIT.verification,
      err: expect.stringContaining('tampered.json: THRESHOLD_NOT_MET'),
    });
    const d = await cli.ok('diff', 'r1.json', 'r4.json');
    expect(d.out).toContain('rules v1 → v4: 0 added, 0 removed, 0 changed');
  });
});
