/**
 * Turns raw page facts into the findings rules are written for, using the site profile:
 * a `page-request` to a cart/order endpoint becomes a `cart-request` carrying the tab's current rate
 * and how many of its cart requests the shop has refused lately; one to a host that is neither the shop
 * nor a trusted provider becomes `exfiltration`.
 *
 * The rate is the larger of two counts over `cart_burst_window_ms`: what the page hooks reported, and
 * what the network observer saw from the tab (which includes requests from other worlds and arrives
 * slightly later). Both count only requests that can change a cart (`changesCart`: not GET, HEAD, OPTIONS): the
 * rule is about adding, and a cart page that loads its state in parallel (items, summary, delivery options,
 * each line's stock: seven GETs in a second) was SAQ-CART-001, danger, in both browsers (review of stop 54).
 * Refusals (409/429) come only from the network: the hooks report at call time.
 * Pure: the profile, the recent findings and the traffic view are passed in.
 */
import type { Finding } from '../shared/findings.ts';
import { networkOrigin, parseUrl } from '../shared/rules/url.ts';
import { inWindow, round } from './series.ts';
import type { SignalProfile } from './signal-profile.ts';

/** What the network observer saw of a tab's cart/order requests (src/background/network-traffic.ts). */
export interface CartTrafficView {
  /** When the network saw each cart/order request from this tab. */
  cartTimes: readonly number[];
  /** When each of them was answered 409 (limit, sold out) or 429 (too many requests). */
  refusalTimes: readonly number[];
}

export const NO_TRAFFIC: CartTrafficView = { cartTimes: [], refusalTimes: [] };

/**
 * A request that can change a cart: anything but a read (GET, HEAD) or a CORS preflight (OPTIONS: a cross-origin JSON
 * cart API's preflight would double each add in the network's count). A method the hooks could not read counts.
 */
export const changesCart = (method: unknown): boolean => {
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  return upper !== 'GET' && upper !== 'HEAD' && upper !== 'OPTIONS';
};

export function cartEvidence(at: number, hookTimes: readonly number[], traffic: CartTrafficView, profile: SignalProfile) {
  const windowMs = profile.threshold('cart_burst_window_ms');
  const hooked = inWindow(hookTimes, at, windowMs).length;
  const network = inWindow(traffic.cartTimes, at, windowMs).length;
  const refused = inWindow(traffic.refusalTimes, at, profile.threshold('cart_refusal_window_ms')).length;
  return { ratePerSec: round(Math.max(hooked, network) / (windowMs / 1000), 2), refused };
}

/** The host (and port) the data goes to: a web URL's, or a WebRTC endpoint's (`turn:relay.example:3478`). */
function hostOf(url: string): string {
  const parsed = parseUrl(url);
  const origin = parsed && networkOrigin(parsed);
  return origin ? origin.slice(origin.indexOf('//') + 2) : '';
}

function sameActor(a: Finding['actor'], b: Finding['actor']): boolean {
  return a.type === b.type && (a.url ?? '') === (b.url ?? '') && (a.extensionId ?? '') === (b.extensionId ?? '');
}

/** The request channel as the page hooks name it (`via`; older hooks said `channel`). */
function viaOf(finding: Finding): string {
  return String(finding.evidence.via ?? finding.evidence.channel ?? '');
}

/**
 * Did the same actor read cookies, storage or a secret field shortly before this send? The page hooks
 * say so themselves (`sensitiveReadMsAgo`, -1 for never); a `sensitive-read` finding in the tab's
 * history says so too. A request whose URL or body carries one of the page's secrets (`carriesSecret`,
 * marked by the ISOLATED world) was read by someone, whoever sends it.
 */
function readBefore(send: Finding, recent: readonly Finding[], batch: readonly Finding[], windowMs: number): boolean {
  if (send.evidence.carriesSecret === true) return true;
  const ago = send.evidence.sensitiveReadMsAgo;
  if (typeof ago === 'number' && ago >= 0 && ago <= windowMs) return true;
  return [...recent, ...batch].some(
    (f) => f.kind === 'sensitive-read' && f.at <= send.at && send.at - f.at <= windowMs && sameActor(f.actor, send.actor),
  );
}

export function deriveFindings(
  batch: readonly Finding[],
  recent: readonly Finding[],
  profile: SignalProfile,
  traffic: CartTrafficView = NO_TRAFFIC,
): Finding[] {
  const derived: Finding[] = [];
  const hookTimes = recent
    .filter((f) => f.kind === 'cart-request' && f.evidence.seenBy === 'page-hooks' && changesCart(f.evidence.method))
    .map((f) => f.at);
  for (const finding of batch) {
    if (finding.kind !== 'page-request') continue;
    const url = String(finding.evidence.url ?? '');
    const target = profile.classifyRequest(url);
    if (target === 'cart' || target === 'order') {
      if (changesCart(finding.evidence.method)) hookTimes.push(finding.at);
      derived.push({
        ...finding,
        kind: 'cart-request',
        evidence: {
          ...finding.evidence,
          via: viaOf(finding),
          endpoint: target,
          status: 0,
          ...cartEvidence(finding.at, hookTimes, traffic, profile),
          seenBy: 'page-hooks',
        },
      });
    } else if (profile.originClass(url) === 'foreign') {
      derived.push({
        ...finding,
        kind: 'exfiltration',
        evidence: {
          ...finding.evidence,
          via: viaOf(finding),
          host: hostOf(url),
          afterSensitiveRead: readBefore(finding, recent, batch, profile.threshold('sensitive_send_window_ms')),
        },
      });
    }
  }
  derived.push(...sendsBeforeTheirRead(batch, recent, profile.threshold('sensitive_send_window_ms')));
  return derived;
}

/**
 * A read that arrives after the send it led to: a frame's document reports over its own channel, so a helper that reads
 * the cookie in the page and sends it with a frame's `fetch` in one expression had the send judged first, as no read
 * (SAQ-EXF-001, a warning, in one Firefox load in six; the e2e "named frame given a new realm by a form"). Each send
 * already judged without a read, by the same actor, at or after a read of this batch and within the window, is derived
 * again with the read, once.
 */
function sendsBeforeTheirRead(batch: readonly Finding[], recent: readonly Finding[], windowMs: number): Finding[] {
  const reads = batch.filter((f) => f.kind === 'sensitive-read');
  if (reads.length === 0) return [];
  const sends = recent.filter((f) => f.kind === 'exfiltration' && f.evidence.via !== 'network');
  const withRead = new Set(sends.filter((f) => f.evidence.afterSensitiveRead === true).map((f) => `${f.at}|${String(f.evidence.url)}`));
  const again: Finding[] = [];
  for (const send of sends) {
    const key = `${send.at}|${String(send.evidence.url)}`;
    if (send.evidence.afterSensitiveRead !== false || withRead.has(key)) continue;
    if (!reads.some((read) => read.at <= send.at && send.at - read.at <= windowMs && sameActor(read.actor, send.actor))) continue;
    withRead.add(key);
    again.push({ ...send, evidence: { ...send.evidence, afterSensitiveRead: true } });
  }
  return again;
}
