/**
 * Signatures are collected one holder at a time, often on separate machines, into one file: a run that
 * writes over that file must keep what the earlier holders added. `sign --out` onto an envelope of the
 * same payload used to replace its signatures with the new one, and a root edit that changed nothing
 * rewrote the draft unsigned.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, SOURCES } from './helpers.ts';

describe('rules CLI: collected signatures are kept', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  const keyid = (name: string): string =>
    (JSON.parse(readFileSync(cli.path('keys', `${name}.pub.json`), 'utf8')) as { keyid: string }).keyid;
  const signers = (file: string): string[] =>
    (JSON.parse(readFileSync(cli.path(file), 'utf8')) as { signatures: { keyid: string }[] }).signatures.map((s) => s.keyid).sort();
  const sign = (input: string, key: string, out: string, ...more: string[]) =>
    cli.run('sign', '--in', input, '--key', key, '--out', out, '--root-dir', 'root', ...more);

  beforeAll(async () => {
    await cli.withRoot();
    await cli.ok('build', '--version', '1', '--out', 'p1.json', '--src', SOURCES, '--root-dir', 'root');
    cli.clock += 60_000; // another issue time: the same sources, a different payload
    await cli.ok('build', '--version', '2', '--out', 'p2.json', '--src', SOURCES, '--root-dir', 'root');
  }, 60_000);

  it('sign --out onto an envelope of the same payload adds to its signatures; the same key again replaces its own', async () => {
    expect((await sign('p1.json', 'maintainer-a', 'e1.json')).out).toContain('1 signature(s), threshold 2 NOT yet met');
    // Maintainer B signs the payload file they were sent, into the envelope A already signed.
    const second = await sign('p1.json', 'maintainer-b', 'e1.json');
    expect(second).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('2 signature(s), threshold 2 met') });
    expect(signers('e1.json')).toEqual([keyid('maintainer-a'), keyid('maintainer-b')].sort());
    expect((await sign('p1.json', 'maintainer-a', 'e1.json')).out).toContain('2 signature(s), threshold 2 met');
    expect(signers('e1.json')).toHaveLength(2);
    expect((await cli.ok('verify', 'e1.json', '--root-dir', 'root')).out).toContain('e1.json: valid rules');
    // An envelope given as --in merges the same way: its signatures and the file's.
    await sign('p1.json', 'maintainer-c', 'c.json');
    expect((await sign('c.json', 'maintainer-a', 'e1.json')).out).toContain('3 signature(s), threshold 2 met');
    expect(signers('e1.json')).toEqual([keyid('maintainer-a'), keyid('maintainer-b'), keyid('maintainer-c')].sort());
  });

  it('a holder who signs again leaves the envelope byte for byte as it was (the pointer made from it still names it)', async () => {
    await sign('p1.json', 'maintainer-a', 'again.json');
    await sign('p1.json', 'maintainer-b', 'again.json');
    const before = readFileSync(cli.path('again.json'));
    for (const key of ['maintainer-a', 'maintainer-b']) {
      expect((await sign('p1.json', key, 'again.json')).code).toBe(EXIT.ok);
      expect(readFileSync(cli.path('again.json')).equals(before)).toBe(true);
      expect((await sign('again.json', key, 'again.json')).code).toBe(EXIT.ok);
      expect(readFileSync(cli.path('again.json')).equals(before)).toBe(true);
    }
  });

  it('sign --out onto an envelope of another payload is refused (exit 5), naming the file, unless --replace', async () => {
    await sign('p1.json', 'maintainer-a', 'e2.json');
    const before = readFileSync(cli.path('e2.json'));
    const refused = await sign('p2.json', 'maintainer-b', 'e2.json');
    expect(refused).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('e2.json: holds a signed envelope of another payload'),
    });
    expect(refused.err).toContain('--replace');
    expect(readFileSync(cli.path('e2.json'))).toEqual(before);
    const replaced = await sign('p2.json', 'maintainer-b', 'e2.json', '--replace');
    expect(replaced).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('1 signature(s)') });
    expect(signers('e2.json')).toEqual([keyid('maintainer-b')]);
  });

  it('sign --out onto a file that is no envelope is refused unless --replace; onto its own payload file it is not', async () => {
    writeFileSync(cli.path('notes.json'), '{"todo": "ask maintainer-b to sign"}');
    expect(await sign('p1.json', 'maintainer-a', 'notes.json')).toMatchObject({
      code: EXIT.conflict,
      err: expect.stringContaining('notes.json: holds no signed envelope'),
    });
    expect(readFileSync(cli.path('notes.json'), 'utf8')).toContain('todo');
    // The payload is inside the envelope: signing a payload file in place loses nothing.
    writeFileSync(cli.path('in-place.json'), readFileSync(cli.path('p1.json')));
    expect((await sign('in-place.json', 'maintainer-a', 'in-place.json')).out).toContain('1 signature(s)');
  });

  it('a root edit that changes nothing keeps the signed draft as it is (exit 0)', async () => {
    await cli.ok('root', 'add-key', '--draft', 'root-2.json', '--role', 'timestamp', '--key', 'maintainer-c', '--root-dir', 'root');
    await cli.ok('root', 'sign', '--in', 'root-2.json', '--key', 'maintainer-a', '--root-dir', 'root');
    const signed = readFileSync(cli.path('root-2.json'));
    // The rules threshold is 2 already.
    const same = await cli.run(
      'root',
      'set-threshold',
      '--draft',
      'root-2.json',
      '--role',
      'rules',
      '--threshold',
      '2',
      '--root-dir',
      'root',
    );
    expect(same).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('root-2.json: unchanged') });
    expect(same.out).toContain('1 signature(s) kept');
    expect(same.err).not.toContain('invalidated');
    expect(readFileSync(cli.path('root-2.json'))).toEqual(signed);
    // A real change still drops them, and says so.
    const changed = await cli.ok(
      'root',
      'set-threshold',
      '--draft',
      'root-2.json',
      '--role',
      'rules',
      '--threshold',
      '1',
      '--root-dir',
      'root',
    );
    expect(changed.err).toContain('invalidated 1 signature(s) on root-2.json');
    expect(signers('root-2.json')).toEqual([]);
  });
});
