/**
 * Mistakes a maintainer makes at the keyboard, each refused with its exit code and a message naming what
 * is wrong — none passed on silently: a release dated in the future (the extension takes `issued` as a
 * floor for its clock), a reproducible-build epoch in milliseconds, a payload expired before it is
 * signed, a mistyped mirror directory, file arguments a verb does not read, the public key file given
 * where the private one is needed.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, DAY, SOURCES } from './helpers.ts';

/** One key per role for `root init`, as the tests' root has them. */
const ROOT_KEYS = ['--root-key', 'maintainer-a', '--rules-key', 'maintainer-a', '--timestamp-key', 'timestamp'];

describe('rules CLI: bad input', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  const build = (...more: string[]) =>
    cli.run('build', '--version', '3', '--out', 'p.json', '--src', SOURCES, '--root-dir', 'root', ...more);
  beforeAll(async () => {
    await cli.withRoot();
    mkdirSync(cli.path('pub'));
  }, 60_000);

  it('build refuses an issue date ahead of the clock, by --issued or SOURCE_DATE_EPOCH, and an epoch in milliseconds', async () => {
    expect(await build('--issued', '2099-01-01T00:00:00Z')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--issued is in the future (2099-01-01T00:00:00.000Z'),
    });
    cli.env.SOURCE_DATE_EPOCH = String(cli.clock); // milliseconds
    expect(await build()).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('SOURCE_DATE_EPOCH must be whole seconds') });
    cli.env.SOURCE_DATE_EPOCH = String(Math.floor(cli.clock / 1000) + 30 * 86_400);
    expect(await build()).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('is in the future') });
    cli.env.SOURCE_DATE_EPOCH = 'yesterday';
    expect(await build()).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('"yesterday"') });
    cli.env.SOURCE_DATE_EPOCH = String(Math.floor(cli.clock / 1000) - 86_400);
    await cli.ok('build', '--version', '3', '--out', 'p.json', '--src', SOURCES, '--root-dir', 'root');
    delete cli.env.SOURCE_DATE_EPOCH;
    expect(existsSync(cli.path('p.json'))).toBe(true);
  });

  it('build refuses a payload that expires at once or has already expired', async () => {
    expect(await build('--expires-days', '0')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--expires-days must be at least 1'),
    });
    expect(await build('--issued', '2020-01-01T00:00:00Z', '--expires-days', '1')).toMatchObject({
      code: EXIT.expiry,
      err: expect.stringMatching(/p\.json \(--issued 2020-01-01T00:00:00\.000Z\): expires: 2020-01-02T00:00:00Z has passed/),
    });
  });

  it('--expires-days past any date a feed document can carry is a usage error naming the option, in every verb that takes it', async () => {
    for (const days of ['3000000', '99999999']) {
      expect(await build('--expires-days', days)).toMatchObject({
        code: EXIT.usage,
        err: expect.stringContaining(`--expires-days must be at most 36500 (a hundred years), got ${days}`),
      });
      const root = await cli.run(
        'root',
        'init',
        '--out',
        'far.json',
        ...ROOT_KEYS,
        '--root-threshold',
        '1',
        '--rules-threshold',
        '1',
        '--expires-days',
        days,
      );
      expect(root).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('--expires-days must be at most 36500') });
    }
    expect(existsSync(cli.path('far.json'))).toBe(false);
  });

  it('sign refuses a payload issued in the future (built on a machine with a clock ahead) and one expired since it was built', async () => {
    const now = cli.clock;
    cli.clock = now + 40 * DAY;
    await cli.ok('build', '--version', '4', '--out', 'ahead.json', '--src', SOURCES, '--root-dir', 'root', '--expires-days', '60');
    await cli.ok('build', '--version', '4', '--out', 'short.json', '--src', SOURCES, '--root-dir', 'root', '--expires-days', '1');
    cli.clock = now;
    const ahead = await cli.run('sign', '--in', 'ahead.json', '--key', 'maintainer-a', '--out', 'ahead.env.json', '--root-dir', 'root');
    expect(ahead).toMatchObject({ code: EXIT.input, err: expect.stringMatching(/ahead\.json payload: issued: \S+ is in the future/) });
    expect(existsSync(cli.path('ahead.env.json'))).toBe(false);
    cli.clock = now + 80 * DAY;
    const short = await cli.run('sign', '--in', 'short.json', '--key', 'maintainer-a', '--out', 'short.env.json', '--root-dir', 'root');
    cli.clock = now;
    expect(short).toMatchObject({ code: EXIT.expiry, err: expect.stringContaining('short.json payload: expires:') });
  });

  it('a repeatable option given the same value twice is a usage error naming it (a mirror, a key)', async () => {
    const { rules, pointer } = await cli.release(6);
    mkdirSync(cli.path('pub-twice'));
    expect(
      await cli.run('publish', '--dir', 'pub-twice', '--dir', 'pub-twice', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root'),
    ).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--dir pub-twice is given twice'),
    });
    expect(existsSync(cli.path('pub-twice/timestamp.json'))).toBe(false);
    expect(
      await cli.run('sign', '--in', rules, '--out', rules, '--key', 'maintainer-a', '--key', 'maintainer-a', '--root-dir', 'root'),
    ).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--key maintainer-a is given twice'),
    });
  });

  it('verify, diff and lint refuse file arguments they would not read', async () => {
    const { rules } = await cli.release(5);
    expect(await cli.run('verify', rules, 'other.json', '--root-dir', 'root')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('unexpected argument "other.json": this verb takes at most 1 file(s)'),
    });
    expect(await cli.run('verify', rules, '--dir', 'pub', '--root-dir', 'root')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('give an envelope file or --dir, not both'),
    });
    expect(await cli.run('diff', rules, rules, rules)).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('at most 2 file(s)'),
    });
    expect(await cli.run('lint', 'rules/src')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('unexpected argument "rules/src": this verb takes options only'),
    });
    await cli.ok('verify', rules, '--root-dir', 'root');
  });

  it('sign, root sign and timestamp refresh refuse a public key file, saying the private key is needed', async () => {
    const plainly = (key: string) => ({
      code: EXIT.input,
      err: expect.stringContaining(
        `keys/${key}.pub.json: format: this is a public key file (the public half of "${key}"); signing needs the private key, usually keys/${key}.key.json next to it`,
      ),
    });
    await cli.ok('build', '--version', '8', '--out', 'p8.json', '--src', SOURCES, '--root-dir', 'root');
    const sign = (key: string) => cli.run('sign', '--in', 'p8.json', '--key', key, '--out', 'r8.json', '--root-dir', 'root');
    expect(await sign('keys/maintainer-a.pub.json')).toMatchObject(plainly('maintainer-a'));
    expect(existsSync(cli.path('r8.json'))).toBe(false);
    await cli.ok('root', 'add-key', '--draft', 'd8.json', '--role', 'timestamp', '--key', 'maintainer-c', '--root-dir', 'root');
    expect(await cli.run('root', 'sign', '--in', 'd8.json', '--key', 'keys/maintainer-b.pub.json', '--root-dir', 'root')).toMatchObject(
      plainly('maintainer-b'),
    );
    await cli.ok(
      'sign',
      '--in',
      'p8.json',
      '--key',
      'keys/maintainer-a.key.json',
      '--key',
      'maintainer-b',
      '--out',
      'r8.json',
      '--root-dir',
      'root',
    );
    const refresh = (key: string) =>
      cli.run('timestamp', 'refresh', '--rules', 'r8.json', '--timestamp-key', key, '--out', 't8.json', '--root-dir', 'root');
    expect(await refresh('keys/timestamp.pub.json')).toMatchObject(plainly('timestamp'));
    await cli.ok(
      'timestamp',
      'refresh',
      '--rules',
      'r8.json',
      '--timestamp-key',
      'keys/timestamp.key.json',
      '--out',
      't8.json',
      '--root-dir',
      'root',
    );
  });

  it('publish refuses a --dir that does not exist (a typo) and creates nothing', async () => {
    const { rules, pointer } = await cli.release(6);
    const r = await cli.run('publish', '--dir', 'pub', '--dir', 'pbu', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.io, err: expect.stringContaining('pbu: no such directory') });
    expect(existsSync(cli.path('pbu'))).toBe(false);
    // Nothing was written to the good mirror either: the check comes before any upload.
    expect(existsSync(cli.path('pub/timestamp.json'))).toBe(false);
    await cli.ok('publish', '--dir', 'pub', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
  });

  it('timestamp refresh says when a --dir does not exist (read as a new, empty mirror: a typo there skipped the rollback check unsaid)', async () => {
    const { rules } = await cli.release(7);
    const r = await cli.ok('timestamp', 'refresh', '--rules', rules, '--out', 'typo-ts.json', '--dir', 'pbu', '--root-dir', 'root');
    expect(r.err).toMatch(/note: \S*pbu: no such directory; read as a new, empty mirror/);
    expect(existsSync(cli.path('pbu'))).toBe(false);
  });

  it('timestamp refresh refuses a pointer publish would refuse for its expiry (it signed one, exit 0)', async () => {
    const { rules } = await cli.release(8);
    const r = await cli.run(
      'timestamp',
      'refresh',
      '--rules',
      rules,
      '--out',
      'short-ts.json',
      '--expires-days',
      '1',
      '--root-dir',
      'root',
    );
    expect(r).toMatchObject({
      code: EXIT.expiry,
      err: expect.stringMatching(/the new pointer \(--expires-days 1\): expires: \S+ within 1 day\(s\), which publish refuses/),
    });
    expect(existsSync(cli.path('short-ts.json'))).toBe(false);
  });

  it('sign refuses to write an envelope no client accepts: more than 8 signatures (it turned a valid 8 into 9, exit 0)', async () => {
    const { rules } = await cli.release(9);
    const envelope = JSON.parse(readFileSync(cli.path(rules), 'utf8')) as { signatures: { keyid: string; sig: string }[] };
    for (let i = 0; i < 6; i++) envelope.signatures.push({ keyid: String(i).repeat(64), sig: Buffer.alloc(64, i).toString('base64') });
    writeFileSync(cli.path('eight.json'), JSON.stringify(envelope));
    await cli.ok('verify', 'eight.json', '--root-dir', 'root');
    const before = readFileSync(cli.path('eight.json'));
    const r = await cli.run('sign', '--in', 'eight.json', '--key', 'maintainer-b', '--out', 'eight.json', '--root-dir', 'root');
    expect(r).toMatchObject({
      code: EXIT.input,
      err: expect.stringContaining('eight.json: signatures: 9, more than the 8 a client accepts'),
    });
    expect(readFileSync(cli.path('eight.json')).equals(before)).toBe(true);
  });

  it('an empty --passphrase-file is named as such (it said "no passphrase: set SAQ_PASSPHRASE or pass --passphrase-file")', async () => {
    writeFileSync(cli.path('empty-passphrase.txt'), '\n');
    const r = await cli.run('keygen', '--out', 'keys/never', '--passphrase-file', 'empty-passphrase.txt');
    expect(r).toMatchObject({ code: EXIT.input, err: expect.stringContaining('empty-passphrase.txt: the passphrase file is empty') });
  });

  it('publish names a rules envelope given as --timestamp (it said "pointer larger than 8 KiB")', async () => {
    const { rules } = await cli.release(10);
    const r = await cli.run('publish', '--dir', 'pub', '--timestamp', rules, '--rules', rules, '--root-dir', 'root');
    expect(r).toMatchObject({
      code: EXIT.input,
      err: expect.stringContaining('r10.json: holds a rules envelope; --timestamp takes the pointer'),
    });
  });

  it('keygen refuses a label the key files cannot hold, and an --out that names a directory (it wrote keys every verb refused)', async () => {
    expect(await cli.run('keygen', '--out', 'keys/long', '--label', 'x'.repeat(129))).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--label must be 1 to 128 characters'),
    });
    expect(await cli.run('keygen', '--out', `keys/${'y'.repeat(140)}`)).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('the label from --out'),
    });
    expect(await cli.run('keygen', '--out', 'keys/')).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('not a directory') });
    expect(existsSync(cli.path('keys/long.key.json'))).toBe(false);
    expect(existsSync(cli.path('keys/.key.json'))).toBe(false);
  });

  it('build, timestamp refresh and root sign refuse an --out holding a signed rules envelope (exit 5) and leave it whole', async () => {
    await cli.ok('build', '--version', '5', '--out', 'rel.payload.json', '--src', SOURCES, '--root-dir', 'root');
    await cli.ok(
      'sign',
      '--in',
      'rel.payload.json',
      '--key',
      'maintainer-a',
      '--key',
      'maintainer-b',
      '--out',
      'rel.json',
      '--root-dir',
      'root',
    );
    const signed = readFileSync(cli.path('rel.json'));
    const refused = {
      code: EXIT.conflict,
      err: expect.stringContaining('rel.json: holds a signed rules envelope (2 signature(s)); refusing'),
    };
    // A mistyped --out: the release's envelope where its payload was meant.
    expect(await build('--out', 'rel.json')).toMatchObject(refused);
    expect(await cli.run('timestamp', 'refresh', '--rules', 'rel.json', '--out', 'rel.json', '--root-dir', 'root')).toMatchObject(refused);
    expect(readFileSync(cli.path('rel.json')).equals(signed)).toBe(true);
    // root sign --out likewise (the draft it signs in place is written back, see keys-and-root.test.ts).
    await cli.ok('root', 'add-key', '--draft', 'next-root.json', '--role', 'rules', '--key', 'timestamp', '--root-dir', 'root');
    const root = await cli.run(
      'root',
      'sign',
      '--in',
      'next-root.json',
      '--key',
      'maintainer-a',
      '--out',
      'rel.json',
      '--root-dir',
      'root',
    );
    expect(root).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('rel.json: holds a signed envelope of another payload (rules v5, 2 signature(s)); refusing'),
    });
    expect(readFileSync(cli.path('rel.json')).equals(signed)).toBe(true);
    // What they write routinely is written over: the previous payload, the previous pointer.
    await cli.ok('build', '--version', '5', '--out', 'rel.payload.json', '--src', SOURCES, '--root-dir', 'root');
    for (let i = 0; i < 2; i++) await cli.ok('timestamp', 'refresh', '--rules', 'rel.json', '--out', 'rel-ts.json', '--root-dir', 'root');
  });

  it('build, timestamp refresh and root sign refuse an --out that is a key file, or anything else they do not write, and leave it whole', async () => {
    // Each wrote over a secret key file with exit 0 before: its seed, in no git, was gone for good.
    copyFileSync(cli.path('keys/maintainer-c.key.json'), cli.path('c-copy.key.json'));
    const key = readFileSync(cli.path('c-copy.key.json'));
    const refusedKey = {
      code: EXIT.conflict,
      err: expect.stringContaining('c-copy.key.json: holds a secret key file; refusing to write over it'),
    };
    expect(await build('--out', 'c-copy.key.json')).toMatchObject(refusedKey);
    expect(await cli.run('timestamp', 'refresh', '--rules', 'rel.json', '--out', 'c-copy.key.json', '--root-dir', 'root')).toMatchObject(
      refusedKey,
    );
    expect(
      await cli.run('root', 'sign', '--in', 'next-root.json', '--key', 'maintainer-a', '--out', 'c-copy.key.json', '--root-dir', 'root'),
    ).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('c-copy.key.json: holds no signed envelope; refusing to overwrite it'),
    });
    expect(readFileSync(cli.path('c-copy.key.json')).equals(key)).toBe(true);
    writeFileSync(cli.path('notes.txt'), 'release notes\n');
    expect(await build('--out', 'notes.txt')).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('notes.txt: holds no envelope or payload this verb writes; refusing'),
    });
    expect(readFileSync(cli.path('notes.txt'), 'utf8')).toBe('release notes\n');
  });

  it('root sign --out keeps the signatures already collected there over the same draft (each run kept only its own)', async () => {
    await cli.ok('root', 'add-key', '--draft', 'collect-root.json', '--role', 'rules', '--key', 'timestamp', '--root-dir', 'root');
    await cli.ok(
      'root',
      'sign',
      '--in',
      'collect-root.json',
      '--key',
      'maintainer-a',
      '--out',
      'collect-root.signed.json',
      '--root-dir',
      'root',
    );
    const second = await cli.ok(
      'root',
      'sign',
      '--in',
      'collect-root.json',
      '--key',
      'maintainer-b',
      '--out',
      'collect-root.signed.json',
      '--root-dir',
      'root',
    );
    expect(second.err).toContain('keeping the 1 signature(s) already in collect-root.signed.json');
    expect(second.out).toMatch(/new root role \(2 of 3\): met/);
    const envelope = JSON.parse(readFileSync(cli.path('collect-root.signed.json'), 'utf8')) as { signatures: unknown[] };
    expect(envelope.signatures).toHaveLength(2);
  });

  it("root init refuses to overwrite an existing file (the chain's signed anchor), and leaves it as it was", async () => {
    const anchor = cli.path('root/1.root.json');
    const before = readFileSync(anchor);
    const r = await cli.run('root', 'init', '--out', 'root/1.root.json', ...ROOT_KEYS);
    expect(r).toMatchObject({ code: EXIT.conflict, err: expect.stringContaining('1.root.json: already exists') });
    expect(readFileSync(anchor).equals(before)).toBe(true);
  });

  it('every verb refuses an empty option value (an unset shell variable), naming the option; publish writes nothing', async () => {
    const { rules, pointer } = await cli.release(7);
    const r = await cli.run('publish', '--dir', '', '--timestamp', pointer, '--rules', rules, '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('--dir must not be empty') });
    expect(existsSync(cli.path('timestamp.json'))).toBe(false);
    expect(existsSync(cli.path('rules/7'))).toBe(false);
    expect(await build('--out', '')).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('--out must not be empty') });
  });
});
