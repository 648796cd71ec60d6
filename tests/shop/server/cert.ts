// One self-signed certificate for every replica host. EC P-256 keeps generation fast; the PEMs
// are cached in the OS temp dir keyed by the host list so repeated test runs skip it entirely.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface CertPair {
  key: string;
  cert: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function cachePath(hosts: readonly string[]): string {
  const id = createHash('sha256').update(hosts.join(',')).digest('hex').slice(0, 16);
  return join(tmpdir(), 'saq-shop-cert', `${id}.json`);
}

function readCache(path: string): CertPair | undefined {
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as CertPair & { notAfter: number };
    // Regenerate a week before expiry so a long-lived cache never serves an expired cert.
    return cached.notAfter - Date.now() > 7 * DAY_MS ? { key: cached.key, cert: cached.cert } : undefined;
  } catch {
    return undefined;
  }
}

export async function certificateFor(hosts: readonly string[]): Promise<CertPair> {
  const path = cachePath(hosts);
  const cached = readCache(path);
  if (cached) return cached;
  const notAfter = Date.now() + 365 * DAY_MS;
  const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(notAfter),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2 as const, value })) },
    ],
  });
  const pair = { key: pems.private, cert: pems.cert };
  try {
    mkdirSync(join(tmpdir(), 'saq-shop-cert'), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify({ ...pair, notAfter }), { mode: 0o600 });
  } catch {
    // A read-only temp dir only costs regeneration next time.
  }
  return pair;
}
