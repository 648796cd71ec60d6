/**
 * Secret keys at rest: the 32-byte Ed25519 seed encrypted with a passphrase (scrypt N=2^15, r=8,
 * p=1 → AES-256-GCM). The public key and keyid are bound in as additional authenticated data, so a
 * file whose header was edited to claim another key fails to decrypt instead of signing as it.
 */
import { createCipheriv, createDecipheriv, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { base64Decode, base64Encode, hexEncode, sha256Hex, utf8Encode } from '../../src/shared/feed/encoding.ts';
import { publicKeyFromSeed } from '../../src/shared/feed/ed25519.ts';
import type { Signer } from '../../src/shared/feed/dsse.ts';
import { CliError, EXIT, inputError, usageError } from './cli-error.ts';
import { display, isObject, readJson, resolvePath } from './files.ts';
import type { Io } from './io.ts';

export const KEY_FORMAT = 'saq-ed25519-secret/1';
export const PUB_FORMAT = 'saq-ed25519-public/1';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE = 12;

/** A key's label, in both files: who holds it, as summaries and errors print it. */
export const MAX_LABEL = 128;

const secretSchema = z.strictObject({
  format: z.literal(KEY_FORMAT),
  label: z.string().max(MAX_LABEL),
  keytype: z.literal('ed25519'),
  keyid: z.string().regex(/^[0-9a-f]{64}$/),
  public: z.string().regex(/^[0-9a-f]{64}$/),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
  cipher: z.strictObject({ name: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string() }),
  ciphertext: z.string(),
});
export type SecretKeyFile = z.infer<typeof secretSchema>;

const publicSchema = z.strictObject({
  format: z.literal(PUB_FORMAT),
  label: z.string().max(MAX_LABEL),
  keytype: z.literal('ed25519'),
  keyid: z.string().regex(/^[0-9a-f]{64}$/),
  public: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PublicKeyFile = z.infer<typeof publicSchema>;

function kdf(passphrase: string, salt: Uint8Array, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r });
}

function aad(keyid: string, pub: string): Uint8Array {
  return utf8Encode(`${KEY_FORMAT}\n${keyid}\n${pub}`);
}

export async function encryptSeed(
  seed: Uint8Array,
  passphrase: string,
  label: string,
  io: Io,
): Promise<{ secret: SecretKeyFile; pub: PublicKeyFile }> {
  const pubBytes = publicKeyFromSeed(seed);
  const pub = hexEncode(pubBytes);
  const keyid = await sha256Hex(pubBytes);
  const salt = io.randomBytes(16);
  const iv = io.randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kdf(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(aad(keyid, pub));
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
  return {
    secret: {
      format: KEY_FORMAT,
      label,
      keytype: 'ed25519',
      keyid,
      public: pub,
      kdf: { name: 'scrypt', ...SCRYPT, salt: base64Encode(salt) },
      cipher: { name: 'aes-256-gcm', iv: base64Encode(iv), tag: base64Encode(cipher.getAuthTag()) },
      ciphertext: base64Encode(ciphertext),
    },
    pub: { format: PUB_FORMAT, label, keytype: 'ed25519', keyid, public: pub },
  };
}

function zodIssue(file: string, error: z.ZodError): CliError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
  return inputError(`${file}: ${path.replace(/^\./, '') || '$'}: ${issue?.message ?? 'invalid'}`);
}

/** The passphrase from SAQ_PASSPHRASE or --passphrase-file, never from argv (shell history, ps). */
export async function readPassphrase(io: Io, passphraseFile: string | undefined, forNewKey = false): Promise<string> {
  let passphrase: string | undefined;
  if (passphraseFile !== undefined) {
    try {
      passphrase = (await readFile(resolvePath(io, passphraseFile), 'utf8')).replace(/\r?\n$/, '');
    } catch (e) {
      throw new CliError(EXIT.io, `${display(io, passphraseFile)}: cannot read passphrase file (${(e as Error).message})`);
    }
  } else {
    passphrase = io.env.SAQ_PASSPHRASE;
  }
  if (passphraseFile !== undefined && passphrase === '')
    throw new CliError(EXIT.input, `${display(io, passphraseFile)}: the passphrase file is empty`);
  if (passphrase === undefined || passphrase === '') throw usageError('no passphrase: set SAQ_PASSPHRASE or pass --passphrase-file <file>');
  if (forNewKey && passphrase.length < MIN_PASSPHRASE) throw usageError(`passphrase must be at least ${MIN_PASSPHRASE} characters`);
  return passphrase;
}

export async function readSecretKeyFile(io: Io, path: string): Promise<SecretKeyFile> {
  const doc = await readJson(io, path);
  const parsed = secretSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const name = display(io, path);
  // The .pub.json next to the key is an easy slip (tab completion stops at `maintainer-a.`); say so
  // instead of listing the secret fields it lacks.
  if (isObject(doc) && doc.format === PUB_FORMAT) {
    const label = typeof doc.label === 'string' ? ` of "${doc.label}"` : '';
    const secret = name.endsWith('.pub.json') ? `, usually ${name.slice(0, -'.pub.json'.length)}.key.json next to it` : ` (${KEY_FORMAT})`;
    throw inputError(`${name}: format: this is a public key file (the public half${label}); signing needs the private key${secret}`);
  }
  throw zodIssue(name, parsed.error);
}

export async function readPublicKeyFile(io: Io, path: string): Promise<PublicKeyFile> {
  const doc = await readJson(io, path);
  // A secret key file also carries the public half; accept it so one file per key is enough.
  const parsed = publicSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const secret = secretSchema.safeParse(doc);
  if (secret.success)
    return { format: PUB_FORMAT, label: secret.data.label, keytype: 'ed25519', keyid: secret.data.keyid, public: secret.data.public };
  throw zodIssue(display(io, path), parsed.error);
}

export async function decryptSecretKey(io: Io, path: string, passphrase: string): Promise<Signer & { keyid: string; label: string }> {
  const file = await readSecretKeyFile(io, path);
  const name = display(io, path);
  // Each field checked on its own first, so a damaged file names the field (`cipher.iv: …`), not only the file.
  const bad = (field: string, why: string): CliError => new CliError(EXIT.input, `${name}: ${field}: ${why}`);
  const bytes = (field: string, text: string): Uint8Array => {
    try {
      return base64Decode(text);
    } catch (e) {
      throw bad(field, `not base64 (${(e as Error).message})`);
    }
  };
  const { N, r, p } = file.kdf;
  // Bounded above too (at most 512 MiB): scrypt takes 128·N·r bytes, and a damaged N of 2^30 ended in "malloc failure",
  // naming nothing. Keys made here use N = 2^15, r = 8 (32 MiB).
  if (N < 2 ** 14 || N > 2 ** 18 || (N & (N - 1)) !== 0) throw bad('kdf.N', `${N}: must be a power of two from 2^14 to 2^18`);
  if (r < 8 || r > 16) throw bad('kdf.r', `${r}: must be from 8 to 16`);
  if (p < 1 || p > 16) throw bad('kdf.p', `${p}: must be from 1 to 16`);
  const salt = bytes('kdf.salt', file.kdf.salt);
  const iv = bytes('cipher.iv', file.cipher.iv);
  if (iv.length !== 12) throw bad('cipher.iv', `${iv.length} bytes; AES-GCM keys here use 12`);
  const tag = bytes('cipher.tag', file.cipher.tag);
  if (tag.length !== 16) throw bad('cipher.tag', `${tag.length} bytes; an AES-GCM tag is 16`);
  const ciphertext = bytes('ciphertext', file.ciphertext);
  let seed: Uint8Array;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kdf(passphrase, salt, { N, r, p }), iv);
    decipher.setAAD(aad(file.keyid, file.public));
    decipher.setAuthTag(tag);
    seed = new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (e) {
    const why = e instanceof Error && /auth/i.test(e.message) ? 'wrong passphrase or corrupted file' : (e as Error).message;
    throw new CliError(EXIT.input, `${name}: cannot decrypt key (${why})`);
  }
  const pub = hexEncode(publicKeyFromSeed(seed));
  if (seed.length !== 32 || pub !== file.public || (await sha256Hex(publicKeyFromSeed(seed))) !== file.keyid) {
    throw new CliError(EXIT.input, `${name}: public: does not match the decrypted seed`);
  }
  return { seed, keyid: file.keyid, label: file.label };
}

/** Where maintainers keep their encrypted keys: $SAQ_KEYS_DIR, else ~/.saq/keys (never the repository). */
export function keysDir(io: Io): string {
  const home = io.env.HOME ?? io.env.USERPROFILE ?? '.';
  return io.env.SAQ_KEYS_DIR ?? `${home}/.saq/keys`;
}

/**
 * `--key` takes a file path, or a bare key name looked up in the keys directory
 * (`--key maintainer-a` → $SAQ_KEYS_DIR/maintainer-a.key.json or .pub.json).
 */
export function keyPath(io: Io, nameOrPath: string, kind: 'secret' | 'public'): string {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return nameOrPath;
  return `${keysDir(io)}/${nameOrPath}.${kind === 'secret' ? 'key' : 'pub'}.json`;
}
