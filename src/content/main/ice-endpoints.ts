/**
 * Where a WebRTC peer connection sends, as URLs the rules can classify (src/shared/rules/url.ts):
 * its ICE servers' `stun:` / `turn:` URIs (RFC 7064, 7065) as the browser holds them, and the remote
 * peer's candidate addresses from a session description — `a=candidate:1 1 udp 2122260223 203.0.113.7
 * 3479 typ host` is written `udp://203.0.113.7:3479`.
 * Pure JavaScript with captured natives (a page that replaced String.prototype.split or RegExp's exec
 * later must not hide an address): tests/unit/content/ice-endpoints.test.ts.
 */
import { includes, regExpExec } from './strings.ts';

/** Endpoints kept per connection: past this, a page adding candidates without end costs nothing more. */
export const MAX_ENDPOINTS = 16;

/** A candidate line: transport, address (IPv4, IPv6 or an mDNS name), port. */
const CANDIDATE = /^a=candidate:\S+ \d+ (udp|tcp) \d+ ([0-9A-Za-z.:-]{1,64}) (\d{1,5}) typ /gim;

/** Each candidate address in `sdp`, once per call at most MAX_ENDPOINTS times. */
export function candidateEndpoints(sdp: string, out: (endpoint: string) => void): void {
  CANDIDATE.lastIndex = 0;
  for (let found = 0; found < MAX_ENDPOINTS; found++) {
    const match = regExpExec(CANDIDATE, sdp);
    if (match === null) return;
    const transport = match[1]![0] === 't' || match[1]![0] === 'T' ? 'tcp' : 'udp';
    const address = match[2]!;
    out(`${transport}://${includes(address, ':') ? `[${address}]` : address}:${match[3]!}`);
  }
}

/**
 * Each ICE server URL of a configuration the browser returned (getConfiguration(): a fresh object with
 * own data properties, so no getter of the page's runs while it is read). `urls` is a string or a list.
 */
export function serverEndpoints(config: RTCConfiguration, out: (endpoint: string) => void): void {
  const servers = config.iceServers;
  if (!servers) return;
  let found = 0;
  for (let i = 0; i < servers.length && found < MAX_ENDPOINTS; i++) {
    const urls = servers[i]!.urls;
    if (typeof urls === 'string') {
      out(urls);
      found++;
      continue;
    }
    for (let j = 0; j < urls.length && found < MAX_ENDPOINTS; j++, found++) out(urls[j]!);
  }
}
