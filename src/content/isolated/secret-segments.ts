/**
 * Which segments of a stranger-bound address's path carry a secret, so that the evidence report can leave
 * those out and keep the rest (src/ui/evidence.ts): a helper sends what the person typed as easily in the path
 * (`https://api.telegram.org/bot<token>/sendMessage/<password>`) as in the query, and the path is kept on
 * purpose — the bot's token there is what the police need. Nothing else tells the report where the password
 * is: the finding says only that the sender read a secret field, never what it held.
 *
 * A segment is named when it carries one of the page's stored secrets (cookies, storage: secrets-in-url.ts) or
 * a typed value of TYPED_MIN_LENGTH or more, in any form `carriesSecret` knows; or when it is a part of a typed
 * value, however short — a helper that sends each keystroke, or the password as it grows, sends pieces. A
 * secret split over several segments that no single one carries names them all.
 *
 * Pure: the ISOLATED world passes the secrets; only the segments' numbers leave it, never a value.
 * tests/unit/content/secret-segments.test.ts.
 */
import { carriesSecret, hostCarriesSecret, splitSecret } from './secrets-in-url.ts';

/** Shorter typed values are found only as a whole segment or a part of one's text: "1234" is in many tokens. */
export const TYPED_MIN_LENGTH = 4;
/** More segments named than this: the whole path is left out (`*`), so the evidence field stays short. */
export const MAX_NAMED = 32;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The numbers of `url`'s path segments that carry a secret (`pathname.split('/')` indexes, `'2,4'`), `'*'` for
 * the whole path, or null when none does (or `url` is no address).
 */
export function secretSegments(url: string, stored: readonly string[], typed: readonly string[]): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const whole = typed.filter((value) => value.length >= TYPED_MIN_LENGTH);
  const parts = typed.filter((value) => value !== '');
  const carries = (text: string): boolean => carriesSecret(text, stored) || carriesSecret(text, whole);
  const named: number[] = [];
  const segments = path.split('/');
  segments.forEach((segment, index) => {
    if (segment === '') return;
    const text = decoded(segment);
    if (carries(segment) || parts.some((value) => value.includes(text))) named.push(index);
  });
  if (named.length === 0 && carries(path)) return '*';
  if (named.length === 0) return null;
  return named.length > MAX_NAMED ? '*' : named.join(',');
}

/** Not ASCII: a host label holding it is written in punycode (`xn--…`) by the URL parser. */
export const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `value`'s labels as the URL parser writes them in a host (lower case, punycode), for a value that is not ASCII; none
 * for one a host cannot hold as it is (a `/`, `@` or `:` would end the host there).
 */
function hostLabelsOf(value: string): string[] {
  if (!NON_ASCII.test(value) || /[/\\?#@:\s%]/.test(value)) return [];
  try {
    const host = new URL(`http://${value}.invalid`).hostname;
    return host.endsWith('.invalid') ? host.slice(0, -'.invalid'.length).split('.') : [];
  } catch {
    return [];
  }
}

/**
 * The numbers of `url`'s host labels that carry a secret (`hostname.split('.')` indexes, `'0,1'`), or null when none
 * does: a helper puts the cookie or the password in a subdomain of its own (`<cookie>.collector.test`), which its
 * name server logs, and the report would have copied it with the host. A label is named when it carries a stored
 * secret or a typed value of TYPED_MIN_LENGTH or more, case-blind (hosts are lower case), or is one of such a value's
 * labels in punycode (a password typed in Cyrillic, `пароль2026.collector.test`, arrives as `xn--2026-…`); or when
 * it is a piece of a typed value — any punycode label where one was typed that is not ASCII — except the last two
 * labels, the collector's own name, which a piece of a password ("com" in "welcome1") must not hide. A secret split
 * over labels that no single one carries: the whole host (`*`).
 */
export function secretLabels(url: string, stored: readonly string[], typed: readonly string[]): string | null {
  let labels: string[];
  try {
    labels = new URL(url).hostname.split('.');
  } catch {
    return null;
  }
  const whole = typed.filter((value) => value.length >= TYPED_MIN_LENGTH);
  const parts = typed.filter((value) => value !== '').map((value) => value.toLowerCase());
  const punycode = new Set([...stored, ...whole].flatMap(hostLabelsOf));
  const typedNonAscii = parts.some((value) => NON_ASCII.test(value));
  const named: number[] = [];
  labels.forEach((label, index) => {
    if (label === '') return;
    const ownName = index >= labels.length - 2;
    const piece = !ownName && (parts.some((value) => value.includes(label)) || (typedNonAscii && label.startsWith('xn--')));
    if (piece || punycode.has(label) || hostCarriesSecret(label, stored) || hostCarriesSecret(label, whole)) named.push(index);
  });
  const host = labels.join('.');
  if (named.length === 0 && (hostCarriesSecret(host, stored) || hostCarriesSecret(host, whole))) return '*';
  return named.length === 0 ? null : named.join(',');
}

/** Named parts of one address: its segments and labels as above, each null when none is named. */
export interface SecretParts {
  segments: string | null;
  labels: string | null;
}

/** Named indexes with more of them: a list stays a list (up to MAX_NAMED), `'*'` stays the whole. */
function withMore(named: string | null, more: readonly number[]): string | null {
  if (more.length === 0 || named === '*') return named;
  const all = new Set([...(named === null || named === '' ? [] : named.split(',').map(Number)), ...more]);
  return all.size > MAX_NAMED ? '*' : [...all].sort((a, b) => a - b).join(',');
}

/**
 * `url`'s path segments and host labels that carry a secret (secretSegments, secretLabels), and the label and the
 * segment a secret is split between (`splitSecret`: a piece of the password named in the path left its other half in a
 * subdomain); the collector's own name always stays.
 */
export function secretParts(url: string, stored: readonly string[], typed: readonly string[]): SecretParts {
  const parts = { segments: secretSegments(url, stored, typed), labels: secretLabels(url, stored, typed) };
  const split = splitSecret(url, [...stored, ...typed]);
  if (split === null) return parts;
  return { segments: withMore(parts.segments, split.segments), labels: withMore(parts.labels, split.labels) };
}

/**
 * Named parts as evidence (or actor) fields under the keys given — `secretSegments`/`secretLabels` for a send's `url`,
 * `srcSecretSegments`/`srcSecretLabels` for an inserted script's `src` — leaving out what none named.
 */
export function secretPartFields<S extends string, L extends string>(
  parts: SecretParts,
  segmentsKey: S,
  labelsKey: L,
): Partial<Record<S | L, string>> {
  const out: Partial<Record<S | L, string>> = {};
  if (parts.segments !== null) out[segmentsKey] = parts.segments;
  if (parts.labels !== null) out[labelsKey] = parts.labels;
  return out;
}
