/**
 * Whether a URL carries one of the page's secrets — a cookie value or a stored token a script can read —
 * as it is, URI-encoded, in base64, in hex or reversed. A load from a stranger host whose URL holds the shop's cookie is
 * exfiltration whoever made it and by whatever channel (an SVG `<image>`, a CSS background, media, a
 * prefetch link): the network timeline sees those loads, not who made them, and this is what tells a
 * stolen cookie from a picture the shop's own markup shows.
 *
 * Pure: the ISOLATED sensor gives it the page's cookie string and storage values. tests/unit/content/secrets-in-url.test.ts.
 */
import { wellFormed } from '../../shared/well-formed.ts';

/** Shorter values are too likely to turn up in any URL by chance (ids, flags, "true"). */
export const MIN_SECRET_LENGTH = 8;
/** Values looked for at most: the longest cookies and storage values first would be arbitrary; the first ones are. */
export const MAX_SECRETS = 64;

/** The page's secrets: each cookie's value, the whole cookie string, and the stored values given. */
export function pageSecrets(cookie: string, stored: readonly string[]): string[] {
  const secrets = new Set<string>();
  const add = (value: string): void => {
    if (value.length >= MIN_SECRET_LENGTH && secrets.size < MAX_SECRETS) secrets.add(value);
  };
  for (const pair of cookie.split(';')) {
    const equals = pair.indexOf('=');
    add((equals < 0 ? pair : pair.slice(equals + 1)).trim());
  }
  add(cookie.trim());
  for (const value of stored) add(value);
  return [...secrets];
}

/**
 * The secrets seen now, then those seen before that are not now (newest first), at most MAX_SECRETS. A shop
 * renews its anti-forgery token or session now and then, and a helper can make it do so: a value it read
 * and sends a moment later must still count after the page's cookie has moved on.
 */
export function withEarlierSecrets(now: readonly string[], earlier: readonly string[]): string[] {
  const all = new Set(now);
  for (const value of earlier) if (all.size < MAX_SECRETS) all.add(value);
  return [...all].slice(0, MAX_SECRETS);
}

/**
 * Whether a serialized absolute address plainly has one of `origins`: it starts with the origin and the path's
 * slash, as every serialized http(s) address does after its host and port. Never true for an address of another
 * origin (the slash ends the host: `https://shop.kz.evil.test/` and `https://shop.kz@evil.test/` are not
 * `https://shop.kz`'s), so a caller may skip parsing it; false says nothing (parse it: networkOrigin).
 */
export function plainlyOfOrigin(url: string, origins: readonly string[]): boolean {
  for (const origin of origins) if (url.startsWith(origin) && url.charCodeAt(origin.length) === 0x2f) return true;
  return false;
}

/** The origin of a URL that goes over the network (http, https, ws, wss), or null for anything else. */
export function networkOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return /^(?:https?|wss?):$/.test(parsed.protocol) ? parsed.origin : null;
  } catch {
    return null;
  }
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}

/**
 * The base64 and base64url text `value` leaves inside any base64 of a longer text holding it: a stealer
 * encodes `name=value; other=…` at once, so the value starts at any byte offset. From one of its first
 * three characters on it is aligned to a three-byte group, and those whole groups are encoded verbatim.
 * None for text btoa cannot take.
 */
function base64Forms(value: string): string[] {
  const forms: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const rest = value.slice(skip);
    let plain: string;
    try {
      plain = btoa(rest).slice(0, Math.floor(rest.length / 3) * 4);
    } catch {
      return []; // not Latin-1: encoded as UTF-8 first, it is found in its URI-encoded form instead
    }
    if (plain.length >= MIN_SECRET_LENGTH) forms.push(plain, plain.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * `value` URI-encoded as the browser sends it: a lone surrogate becomes U+FFFD, as in a URL or a body. The page
 * chooses what it stores: `encodeURIComponent` threw on one, and the throw stopped every later check of
 * that page's requests (a stranger's send of the cookie went unreported).
 */
function uriEncoded(value: string): string {
  return encodeURIComponent(wellFormed(value));
}

/**
 * `value`'s UTF-8 bytes in hex, lower case (compared with the text in lower case): a stealer's cheapest disguise.
 * Hex of a longer text holding the value holds the value's hex, whatever the offset (each byte is two digits).
 */
function hexForm(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(wellFormed(value))) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** `value` read backwards (by code point): the whole cookie reversed holds each value reversed. */
function reversedForm(value: string): string {
  return [...value].reverse().join('');
}

/**
 * Whether `url` (or a body's text) carries one of `secrets`: raw, URI-encoded, in base64, in hex, or reversed.
 * Not split into pieces shorter than the secret, nor encrypted: only the secret's read before tells those.
 */
export function carriesSecret(url: string, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  const text = decoded(url);
  let lower: string | undefined;
  for (const secret of secrets) {
    // No form of a secret is much shorter than the secret: one longer than the URL cannot be in it (a page's
    // megabyte of storage is not encoded for every request).
    if (secret.length > url.length + 3) continue;
    if (url.includes(secret) || text.includes(secret) || url.includes(uriEncoded(secret))) return true;
    for (const form of base64Forms(secret)) if (url.includes(form) || text.includes(form)) return true;
    const backwards = reversedForm(secret);
    if (url.includes(backwards) || text.includes(backwards)) return true;
    if (secret.length * 2 <= url.length && (lower ??= text.toLowerCase()).includes(hexForm(secret))) return true;
  }
  return false;
}

/** A value shorter than this is not looked for split between the host and the path: short ones are in many addresses by chance. */
export const SPLIT_MIN_LENGTH = 8;

/**
 * Label and segment pairs tried at most (a subdomain or two and a few segments are the usual stranger address, a
 * handful of pairs): an address built to hold more is read only whole. Every stranger-bound request is looked at.
 */
const MAX_SPLIT_PAIRS = 32;

/** Where a secret split between an address's host and its path lies: the indexes of its labels and segments. */
export interface SplitSecret {
  /** `hostname.split('.')` indexes. */
  labels: number[];
  /** `pathname.split('/')` indexes. */
  segments: number[];
}

/**
 * A secret split between an address's subdomain labels (all but its last two, the collector's own name) and its path
 * segments, which neither carries alone: a helper can put the cookie's first half in a subdomain and the rest in the
 * path (`9f2c4e7a.collector.test/b/1b3d5f60`). Looked for in each label with each segment, either way round, then in
 * all of them in order; null when none carries one of `secrets` of SPLIT_MIN_LENGTH or more (or `url` is no address).
 * Not found: halves with other text between them where they meet (`<half>.gif` in the path and the rest in a label).
 */
export function splitSecret(url: string, secrets: readonly string[]): SplitSecret | null {
  const long = secrets.filter((secret) => secret.length >= SPLIT_MIN_LENGTH);
  if (long.length === 0) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const indexed = (parts: string[]): Array<[number, string]> =>
    parts.flatMap((part, index): Array<[number, string]> => (part === '' ? [] : [[index, decoded(part)]]));
  const labels = indexed(parsed.hostname.split('.').slice(0, -2));
  const segments = indexed(parsed.pathname.split('/'));
  if (labels.length === 0 || segments.length === 0) return null;
  const carries = (text: string): boolean => hostCarriesSecret(text, long);
  // Split: together, and neither alone (a label that holds the whole cookie names no segment beside it).
  const split = (a: string, b: string): boolean => (carries(a + b) || carries(b + a)) && !carries(a) && !carries(b);
  if (labels.length * segments.length <= MAX_SPLIT_PAIRS)
    for (const [labelAt, label] of labels)
      for (const [segmentAt, segment] of segments) if (split(label, segment)) return { labels: [labelAt], segments: [segmentAt] };
  const text = (parts: Array<[number, string]>): string => parts.map(([, part]) => part).join('');
  return split(text(labels), text(segments)) ? { labels: labels.map(([at]) => at), segments: segments.map(([at]) => at) } : null;
}

/**
 * Whether an address carries one of `secrets` anywhere: in any form `carriesSecret` knows, in its host name
 * (`hostCarriesSecret`), or split between the two (`splitSecret`).
 */
export function addressCarriesSecret(url: string, secrets: readonly string[]): boolean {
  const origin = networkOrigin(url);
  if (origin === null) return carriesSecret(url, secrets);
  return carriesSecret(url, secrets) || hostCarriesSecret(new URL(origin).hostname, secrets) || splitSecret(url, secrets) !== null;
}

/**
 * Whether a host name carries one of `secrets`, in any form `carriesSecret` knows. The URL parser folds a host to
 * lower case (and DNS is blind to case), so `9F2C…` sent as `9f2c….collector.test` is compared case-blind: a
 * helper that puts the cookie in a subdomain sends it to its own name server.
 */
export function hostCarriesSecret(host: string, secrets: readonly string[]): boolean {
  const lower = host.toLowerCase();
  // Also read without its dots: a DNS name splits a long value into labels of 63 characters at most.
  const flat = lower.replace(/\./g, '');
  for (const secret of secrets) {
    if (secret.length > host.length + 3) continue;
    for (const form of [secret, reversedForm(secret), hexForm(secret), ...base64Forms(secret)]) {
      const wanted = form.toLowerCase();
      if (lower.includes(wanted) || flat.includes(wanted)) return true;
    }
  }
  return false;
}
