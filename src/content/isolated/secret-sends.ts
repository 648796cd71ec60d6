/**
 * A page-world request to a stranger host whose URL carries one of the page's secrets is marked
 * `secretInUrl`: the background then judges it a send after a sensitive read whoever read the secret. A
 * helper that reads the cookie in one script — or in its extension's own world, which the page hooks
 * cannot see — and sends it from another would otherwise be "a request by code that read nothing": a
 * warning, where the same theft by one script is critical.
 *
 * Pure: the ISOLATED entry passes the stranger test (the site profile) and the page's secrets (read only
 * for a stranger URL). tests/unit/content/secrets-in-url.test.ts.
 */
import type { Finding } from '../../shared/findings.ts';
import { carriesSecret } from './secrets-in-url.ts';

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' || parsed.protocol === 'wss:' || parsed.protocol === 'ws:'
      ? parsed.origin
      : null;
  } catch {
    return null;
  }
}

export function markSecretSend(finding: Finding, isStranger: (origin: string) => boolean, secrets: () => readonly string[]): Finding {
  if (finding.kind !== 'page-request') return finding;
  const url = finding.evidence.url;
  if (typeof url !== 'string') return finding;
  const origin = originOf(url);
  if (origin === null || !isStranger(origin) || !carriesSecret(url, secrets())) return finding;
  return { ...finding, evidence: { ...finding.evidence, secretInUrl: true } };
}
