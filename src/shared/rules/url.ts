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

/**
 * Web origin as written in the profile (`https://host[:port]`); WebSocket schemes map to their HTTP twins.
 * A WebRTC endpoint (src/content/main/ice-endpoints.ts) — an ICE server's `stun:` / `turn:` URI (RFC 7064,
 * 7065: the host in the path) or a peer's candidate written `udp://` / `tcp://` — gets `scheme://host:port`:
 * a place data goes that is never one of the profile's web origins.
 */
export function networkOrigin(url: URL): string | null {
  switch (url.protocol) {
    case 'https:':
    case 'wss:':
      return `https://${url.host}`;
    case 'http:':
    case 'ws:':
      return `http://${url.host}`;
    case 'stun:':
    case 'stuns:':
    case 'turn:':
    case 'turns:': {
      const host = ICE_SERVER_HOST.exec(url.pathname)?.[0];
      return host ? `${url.protocol}//${host.toLowerCase()}` : null;
    }
    case 'udp:':
    case 'tcp:':
      return url.host ? `${url.protocol}//${url.host.toLowerCase()}` : null;
    default:
      return null;
  }
}
/** `host[:port]` at the start of an ICE server URI's path: a name, an IPv4 or a bracketed IPv6 address. */
const ICE_SERVER_HOST = /^(\[[0-9a-f:.]+\]|[^\s/?#@[\]:]+)(?::\d{1,5})?/i;
const ICE_SERVER_SCHEMES: ReadonlySet<string> = new Set(['stun:', 'stuns:', 'turn:', 'turns:']);

/**
 * The host name a URL reaches, for host indicators: `url.hostname`, or an ICE server URI's host from its
 * path (`turn:relay.example:3478` → `relay.example`); `''` for none.
 */
export function hostnameOf(url: URL): string {
  if (url.hostname !== '' || !ICE_SERVER_SCHEMES.has(url.protocol)) return url.hostname;
  return ICE_SERVER_HOST.exec(url.pathname)?.[1]?.toLowerCase() ?? '';
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
