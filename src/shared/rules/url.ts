/**
 * URL helpers shared by the indexed engine and the naive reference, so both classify a URL the
 * same way: what the tests compare is the indexing, not two spellings of URL parsing.
 */

/** Where a URL points, relative to the site profile. `none`: no network origin (missing, blob:, data:, extension, javascript:). */
export const ORIGIN_CLASSES = ['first_party', 'trusted', 'foreign', 'none'] as const;
export type OriginClass = (typeof ORIGIN_CLASSES)[number];

export function parseUrl(raw: string | undefined, base?: string): URL | null {
  if (raw === undefined || raw === '') return null;
  try {
    return base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return null;
  }
}

/** Web origin as written in the profile (`https://host[:port]`); WebSocket schemes map to their HTTP twins. */
export function networkOrigin(url: URL): string | null {
  switch (url.protocol) {
    case 'https:':
    case 'wss:':
      return `https://${url.host}`;
    case 'http:':
    case 'ws:':
      return `http://${url.host}`;
    default:
      return null;
  }
}

/** The scheme without the colon (`blob`, `data`, `https`). */
export function schemeOf(url: URL): string {
  return url.protocol.slice(0, -1);
}

/** `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`, `com`: O(labels). */
export function* hostSuffixes(host: string): Generator<string> {
  let rest = host;
  for (;;) {
    yield rest;
    const dot = rest.indexOf('.');
    if (dot === -1) return;
    rest = rest.slice(dot + 1);
  }
}
