import { access } from 'node:fs/promises';
import { parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, usageError } from '../cli-error.ts';
import { display, resolvePath, writeBytes } from '../files.ts';
import { encryptSeed, MAX_LABEL, readPassphrase } from '../keyfile.ts';
import type { Verb } from '../verb.ts';

export const keygen: Verb = {
  name: 'keygen',
  summary: 'generate an Ed25519 key; the secret is stored encrypted with a passphrase',
  help: `Usage: rules keygen --out <prefix> [--label <name>] [--passphrase-file <file>]

Writes <prefix>.key.json (the 32-byte seed, encrypted: scrypt N=2^15 r=8 p=1 → AES-256-GCM) and
<prefix>.pub.json (public key and keyid = sha256 of the raw public key). The passphrase comes from
SAQ_PASSPHRASE or --passphrase-file, never from the command line. Refuses to overwrite.
Generate production keys offline; never commit them.

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { out: { type: 'string' }, label: { type: 'string' }, 'passphrase-file': { type: 'string' } });
    const prefix = required(p, 'out');
    // The prefix names two files: one ending in a separator wrote hidden `.key.json` and `.pub.json` with no label.
    if (/[/\\]$/.test(prefix)) throw usageError(`--out ${prefix}: give a file name prefix (keys/maintainer-a), not a directory`);
    const label = str(p, 'label') ?? prefix.split('/').pop() ?? 'key';
    // The key files' own limit (keyfile.ts): a longer label made a key pair every other verb refused to read.
    if (label.trim() === '' || label.length > MAX_LABEL)
      throw usageError(
        `${str(p, 'label') === undefined ? `the label from --out (${label.slice(0, 40)}…)` : '--label'} must be 1 to ${MAX_LABEL} characters; give --label <name>`,
      );
    const passphrase = await readPassphrase(io, str(p, 'passphrase-file'), true);
    for (const path of [`${prefix}.key.json`, `${prefix}.pub.json`]) {
      const exists = await access(resolvePath(io, path)).then(
        () => true,
        () => false,
      );
      if (exists) throw new CliError(EXIT.conflict, `${display(io, path)}: already exists; refusing to overwrite a key`);
    }
    io.err('deriving the encryption key (scrypt)…');
    const { secret, pub } = await encryptSeed(io.randomBytes(32), passphrase, label, io);
    await writeBytes(io, `${prefix}.key.json`, `${JSON.stringify(secret, null, 2)}\n`, 0o600);
    await writeBytes(io, `${prefix}.pub.json`, `${JSON.stringify(pub, null, 2)}\n`);
    io.out(`wrote ${display(io, `${prefix}.key.json`)} (encrypted secret) and ${display(io, `${prefix}.pub.json`)}`);
    io.out('---');
    io.out(`key ${label}  keyid ${pub.keyid}`);
  },
};
