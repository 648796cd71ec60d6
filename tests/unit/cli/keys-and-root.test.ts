/**
 * keygen (encrypted at rest) and the root lifecycle: init, sign 2 of 3, install, rotate, revoke.
 * The tests share one temporary directory and run in order (the rotation builds on root v1).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, SOURCES } from './helpers.ts';

describe('rules CLI: keys and root', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
  }, 60_000);

  it('keygen writes the seed encrypted (owner-only file) and refuses to overwrite a key', async () => {
    const secret = readFileSync(cli.path('keys/maintainer-a.key.json'), 'utf8');
    const pub = JSON.parse(readFileSync(cli.path('keys/maintainer-a.pub.json'), 'utf8')) as { keyid: string; public: string };
    expect(secret).toContain('"aes-256-gcm"');
    expect(secret).not.toMatch(/"seed"/);
    expect(statSync(cli.path('keys/maintainer-a.key.json')).mode & 0o777).toBe(0o600);
    expect(pub.keyid).toMatch(/^[0-9a-f]{64}$/);
    expect(await cli.run('keygen', '--out', 'keys/maintainer-a')).toMatchObject({ code: EXIT.conflict });
    cli.env.SAQ_PASSPHRASE = 'short';
    expect(await cli.run('keygen', '--out', 'keys/new')).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('at least') });
    cli.env.SAQ_PASSPHRASE = 'throwaway test passphrase';
  });

  it('a wrong passphrase, or a key file whose public half was swapped, cannot sign', async () => {
    await cli.ok('root', 'add-key', '--draft', 'wrong.json', '--role', 'timestamp', '--key', 'maintainer-c', '--root-dir', 'root');
    cli.env.SAQ_PASSPHRASE = 'not the passphrase at all';
    const wrong = await cli.run('root', 'sign', '--in', 'wrong.json', '--key', 'maintainer-a', '--root-dir', 'root');
    expect(wrong).toMatchObject({ code: EXIT.input, err: expect.stringContaining('keys/maintainer-a.key.json: cannot decrypt key') });
    cli.env.SAQ_PASSPHRASE = 'throwaway test passphrase';
    const a = JSON.parse(readFileSync(cli.path('keys/maintainer-a.key.json'), 'utf8')) as Record<string, string>;
    const b = JSON.parse(readFileSync(cli.path('keys/maintainer-b.pub.json'), 'utf8')) as Record<string, string>;
    writeFileSync(cli.path('keys/forged.key.json'), JSON.stringify({ ...a, keyid: b.keyid, public: b.public }));
    const forged = await cli.run('root', 'sign', '--in', 'wrong.json', '--key', 'keys/forged.key.json', '--root-dir', 'root');
    expect(forged).toMatchObject({ code: EXIT.input, err: expect.stringContaining('cannot decrypt key') });
  });

  it('a damaged key file names the field: salt, iv, tag, ciphertext, scrypt parameters', async () => {
    const a = JSON.parse(readFileSync(cli.path('keys/maintainer-a.key.json'), 'utf8')) as {
      kdf: Record<string, unknown>;
      cipher: Record<string, unknown>;
    } & Record<string, unknown>;
    const damaged: Array<[string, (k: typeof a) => void]> = [
      ['kdf.salt', (k) => (k.kdf.salt = 'not*base64')],
      ['kdf.N', (k) => (k.kdf.N = 3 * 2 ** 14)],
      ['kdf.r', (k) => (k.kdf.r = 1)],
      // Too large: scrypt's memory ran out ("malloc failure", naming nothing).
      ['kdf.N', (k) => (k.kdf.N = 2 ** 30)],
      ['kdf.r', (k) => (k.kdf.r = 4096)],
      ['cipher.iv', (k) => (k.cipher.iv = 'AAAA')],
      ['cipher.tag', (k) => (k.cipher.tag = 'AAAA')],
      ['ciphertext', (k) => (k.ciphertext = '%%')],
    ];
    for (const [field, damage] of damaged) {
      const copy = structuredClone(a);
      damage(copy);
      writeFileSync(cli.path('keys/damaged.key.json'), JSON.stringify(copy));
      const r = await cli.run('root', 'sign', '--in', 'wrong.json', '--key', 'keys/damaged.key.json', '--root-dir', 'root');
      expect(r, field).toMatchObject({ code: EXIT.input, err: expect.stringContaining(`keys/damaged.key.json: ${field}: `) });
    }
  });

  it('root v1 verifies from the committed directory', async () => {
    const r = await cli.ok('root', 'verify-chain', '--root-dir', 'root');
    expect(r.out).toContain('ok root/1.root.json');
    expect(r.out).toMatch(/root +v1 +expires 2027-11-30T12:00:00Z/);
  });

  it('a rotation needs the old AND the new root thresholds; installing it extends the chain', async () => {
    await cli.ok('keygen', '--out', 'keys/maintainer-d', '--label', 'maintainer-d');
    await cli.ok('root', 'add-key', '--draft', 'v2.json', '--role', 'root', '--key', 'maintainer-d', '--root-dir', 'root');
    await cli.ok('root', 'remove-key', '--draft', 'v2.json', '--role', 'root', '--key', 'maintainer-c', '--root-dir', 'root');
    await cli.ok('root', 'remove-key', '--draft', 'v2.json', '--role', 'rules', '--key', 'maintainer-c', '--root-dir', 'root');
    // Signed by a and d only: a+d meet the new role (a, b, d) but only a counts for the old (a, b, c).
    const half = await cli.ok('root', 'sign', '--in', 'v2.json', '--key', 'maintainer-a', '--key', 'maintainer-d', '--root-dir', 'root');
    expect(half.out).toContain('new root role (2 of 3): met');
    expect(half.out).toContain('old root role v1 (2 of 3): NOT yet met');
    const early = await cli.run('root', 'verify-chain', '--next', 'v2.json', '--install', '--root-dir', 'root');
    expect(early).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('THRESHOLD_NOT_MET') });
    const more = await cli.ok('root', 'sign', '--in', 'v2.json', '--key', 'maintainer-b', '--root-dir', 'root');
    expect(more.out).toContain('ready:');
    await cli.ok('root', 'verify-chain', '--next', 'v2.json', '--install', '--root-dir', 'root');
    const chain = await cli.ok('root', 'verify-chain', '--root-dir', 'root');
    expect(chain.out).toContain('ok root/2.root.json');
    // The revoked key can no longer sign roots, and roots are immutable once installed.
    const revoked = await cli.run('root', 'sign', '--in', 'v2.json', '--key', 'maintainer-c', '--root-dir', 'root');
    expect(revoked).toMatchObject({ code: EXIT.conflict });
    expect(await cli.run('root', 'verify-chain', '--next', 'v2.json', '--install', '--root-dir', 'root')).toMatchObject({
      code: EXIT.verification,
    });
  });

  it('a draft no client would accept is refused at once, naming the field', async () => {
    const r = await cli.run('root', 'set-threshold', '--draft', 'bad.json', '--role', 'rules', '--threshold', '5', '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.input, err: expect.stringContaining('$.roles.rules.threshold') });
    const zero = await cli.run('root', 'set-threshold', '--draft', 'bad.json', '--role', 'root', '--threshold', '0', '--root-dir', 'root');
    expect(zero).toMatchObject({ code: EXIT.input, err: expect.stringContaining('threshold 0 not in 1..') });
  });

  it('a key outside the role cannot sign rules (exit 3)', async () => {
    await cli.ok('build', '--version', '1', '--out', 'p.json', '--src', SOURCES, '--root-dir', 'root');
    const r = await cli.run('sign', '--in', 'p.json', '--key', 'timestamp', '--out', 'e.json', '--root-dir', 'root');
    expect(r).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('is not in the rules role of root v') });
  });
});
