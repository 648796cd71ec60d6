/**
 * A page-world request to a stranger host whose URL or body carries one of the page's secrets is marked
 * `carriesSecret`: the background then judges it a send after a sensitive read whoever read the secret. A
 * helper that reads the cookie in one script — or in its extension's own world, which the page hooks
 * cannot see — and sends it from another would otherwise be "a request by code that read nothing": a
 * warning, where the same theft by one script is critical.
 *
 * The MAIN world sends the start of a stranger-bound body along (`bodyStart`, at most 2 KB) for this check
 * alone: it is taken out of every finding here, so no body ever leaves the page.
 *
 * The same request's path segments and host labels that carry a secret — one of those, or what the person typed
 * into a secret field (`typed`) — are named (`secretSegments`, `secretLabels`, secret-segments.ts) for the evidence
 * report to leave out; a
 * request that carries a secret elsewhere (its query, its body) is marked as having none there (`''`), so that
 * the report keeps the path: the bot in a cookie posted to `api.telegram.org/bot<token>/sendMessage`.
 *
 * Pure: the ISOLATED entry passes the stranger test (the site profile), the page's secrets and the typed values
 * (each read only for a stranger URL). tests/unit/content/secrets-in-url.test.ts.
 */
import type { Finding } from '../../shared/findings.ts';
import { secretPartFields, secretParts, type SecretParts } from './secret-segments.ts';
import { addressCarriesSecret, carriesSecret, networkOrigin } from './secrets-in-url.ts';

export function markSecretSend(
  finding: Finding,
  isStranger: (origin: string) => boolean,
  secrets: () => readonly string[],
  typed: () => readonly string[] = () => [],
): Finding {
  if (finding.kind !== 'page-request') return finding;
  const { bodyStart, ...evidence } = finding.evidence;
  const url = evidence.url;
  let carries = false;
  let parts: SecretParts = { segments: null, labels: null };
  const origin = typeof url === 'string' ? networkOrigin(url) : null;
  if (origin !== null && isStranger(origin)) {
    const known = secrets();
    carries = addressCarriesSecret(url as string, known) || (typeof bodyStart === 'string' && carriesSecret(bodyStart, known));
    parts = secretParts(url as string, known, typed());
  }
  if (carries) parts.segments ??= '';
  if (!carries && parts.segments === null && parts.labels === null && bodyStart === undefined) return finding;
  return {
    ...finding,
    evidence: {
      ...evidence,
      ...(carries ? { carriesSecret: true } : {}),
      ...secretPartFields(parts, 'secretSegments', 'secretLabels'),
    },
  };
}
