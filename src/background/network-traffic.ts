/**
 * What the network observer remembers of one tab, as plain data (it is mirrored to storage.session):
 * top-frame loads of shop pages (reload storms), recent requests to the shop with their answers (cart
 * rates, refusals, the hook cross-check), requests by actors other than the shop, per URL (polling
 * loops), and the document each of its frames is in (frame-tops.ts). Pure functions over that record;
 * bounded, so a flood cannot grow it.
 */
import type { Actor } from '../shared/findings.ts';
import type { RequestClass } from '../shared/rules/request-classifier.ts';
import type { OriginClass } from '../shared/rules/url.ts';
import { changesCart, type CartTrafficView } from './derive.ts';
import { frameParents, withFrameParent, type FrameParent } from './frame-tops.ts';

export interface SeenRequest {
  /** webRequest requestId (unique per browser session). */
  id: string;
  at: number;
  /** URL without its fragment (webRequest never sees fragments; the page hooks do). */
  url: string;
  method: string;
  /** webRequest resource type: xmlhttprequest, ping, beacon, main_frame, … */
  type: string;
  frameId: number;
  /** Chrome `initiator` / Firefox `originUrl`: who asked, as far as the browser says. */
  initiator: string;
  endpoint: RequestClass | null;
  origin: OriginClass;
  /** HTTP status once answered; 0 before that or when the request failed. */
  status: number;
  done: boolean;
}

export interface PollSample {
  at: number;
  url: string;
}

export interface TabTraffic {
  loads: number[];
  requests: SeenRequest[];
  polls: PollSample[];
  /** The tab's frames and the documents they are in, as far as the browser said (frame-tops.ts); absent until one is seen. */
  frames?: FrameParent[];
}

export const MAX_REQUESTS = 400;
export const MAX_LOADS = 200;
export const MAX_POLLS = 400;
/** Requests are kept this long: the longest window any aggregator looks back over. */
export const KEEP_MS = 60_000;

export function emptyTraffic(): TabTraffic {
  return { loads: [], requests: [], polls: [] };
}

export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

function recent<T extends { at: number }>(items: readonly T[], now: number, keepMs: number, max: number): T[] {
  return items.filter((item) => now - item.at < keepMs).slice(-max);
}

export function observeRequest(traffic: TabTraffic, request: SeenRequest, now: number, loadWindowMs: number): TabTraffic {
  const loads = request.type === 'main_frame' ? [...traffic.loads, request.at] : traffic.loads;
  return {
    ...traffic,
    loads: loads.filter((at) => now - at < Math.max(loadWindowMs, KEEP_MS)).slice(-MAX_LOADS),
    requests: [...recent(traffic.requests, now, KEEP_MS, MAX_REQUESTS - 1), request],
  };
}

/** A frame, and the document it is in, as a request's event named them (frame-tops.ts). */
export function observeFrame(traffic: TabTraffic, seen: FrameParent): TabTraffic {
  return { ...traffic, frames: withFrameParent(frameParents(traffic.frames), seen) };
}

export function completeRequest(traffic: TabTraffic, id: string, status: number): TabTraffic {
  const index = traffic.requests.findIndex((r) => r.id === id);
  if (index < 0) return traffic;
  const requests = [...traffic.requests];
  requests[index] = { ...requests[index]!, status, done: true };
  return { ...traffic, requests };
}

export function addPoll(traffic: TabTraffic, sample: PollSample, now: number): TabTraffic {
  return { ...traffic, polls: [...recent(traffic.polls, now, KEEP_MS, MAX_POLLS - 1), sample] };
}

const REFUSED = new Set([409, 429]);

/** The tab's cart/order requests and refusals, as derive.ts and the network findings count them. */
export function cartView(traffic: TabTraffic): CartTrafficView {
  const cart = traffic.requests.filter((r) => r.endpoint === 'cart' || r.endpoint === 'order');
  return {
    // As the hooks' count: a read of the cart is no add (derive.ts, `changesCart`).
    cartTimes: cart.filter((r) => changesCart(r.method)).map((r) => r.at),
    refusalTimes: cart.filter((r) => REFUSED.has(r.status)).map((r) => r.at),
  };
}

/** Who sent a request the page hooks did not report, as far as the browser's initiator tells. */
export function networkActor(initiator: string): Actor {
  const match = /^(chrome-extension|moz-extension):\/\/([^/]+)/.exec(initiator);
  if (!match) return { type: 'unknown' };
  // A Chrome extension's host is its id; Firefox's is a per-profile UUID, not the add-on id.
  return match[1] === 'chrome-extension'
    ? { type: 'extension', url: initiator, extensionId: match[2]! }
    : { type: 'extension', url: initiator };
}
