/**
 * The cross-check between what the network saw from a shop tab (webRequest) and what the page hooks
 * reported (`page-request` findings). A request the hooks should have seen but did not came from a
 * world Saq cannot hook — another extension's content script, a user-script world, a pristine `fetch`
 * taken from an iframe — and is a finding in itself. Pure: the background feeds it the tab's record.
 *
 * Only request types the hooks cover are cross-checked (fetch/XHR show as `xmlhttprequest`, sendBeacon
 * as `ping` or `beacon`, and a frame's load of a cart or order URL, which a form post makes: crossChecked): a
 * link, a page's form or an image the person uses is not an unhooked request.
 * A request is concluded unhooked only if it started after the page's hooks said they were installed
 * (`hooksInstalledAt`): before that — Saq installed after the page loaded, a request made while the hooks'
 * channel was opening — silence is the safe answer.
 */
import type { Actor, Finding } from '../shared/findings.ts';
import { cartEvidence } from './derive.ts';
import { addPoll, cartView, networkActor, withoutFragment, type PollSample, type SeenRequest, type TabTraffic } from './network-traffic.ts';
import { inWindow, seriesStats, steadyIntervalCv } from './series.ts';
import type { SignalProfile } from './signal-profile.ts';
import { MAX_STRING } from '../shared/page-protocol.ts';

export const HOOKED_TYPES: ReadonlySet<string> = new Set(['xmlhttprequest', 'ping', 'beacon']);

/**
 * Is a request one the hooks would have reported? fetch, XHR and beacons always; a frame's load only when it is
 * a cart or order request: a form posted into a frame (the hooks report form posts, `via: form`) or a frame sent
 * there by a helper. Another extension posting the cart form into hidden frames, 25 a second, made requests no
 * other type shows, and raised nothing in either browser (review of 2026-12-06). The shop's other frames are
 * not cross-checked: the hooks report a frame's page only when it is a stranger's.
 */
export function crossChecked(request: Pick<SeenRequest, 'type' | 'endpoint'>): boolean {
  if (HOOKED_TYPES.has(request.type)) return true;
  return request.type === 'sub_frame' && (request.endpoint === 'cart' || request.endpoint === 'order');
}

/**
 * Were the page's hooks known to be installed when this request started? Only from the time their
 * channel opened; no word (yet) is not "installed". (Waiting for a late word was tried twice: the
 * requests it then judged included benign ones the hooks had not reported — a false alarm in full e2e
 * runs — and in the flaky CI case the word was not late but missing.)
 */
export function hooksInstalledAt(requestAt: number, hooksSince: number | null): boolean {
  return hooksSince !== null && requestAt >= hooksSince;
}

/** Identity of a hook report, so one report explains one network request and no more. */
export function hookReportKey(finding: Finding): string {
  return `${finding.at}|${String(finding.evidence.url ?? '')}|${String(finding.evidence.method ?? '')}`;
}

/** A report is stamped when the page calls fetch/XHR; the browser starts the request a few ms later. */
const REPORT_AFTER_START_MS = 20;

/**
 * The hook report that explains a request: same URL (fragment dropped) and method, not already used, stamped
 * before the request started and at most `maxLeadMs` before it; the closest one. The caller checks a request
 * first when its answer comes, with the usual lead (`network_match_ms`: 1–30 ms measured), and — if no report
 * explains it yet — once more when `network_grace_ms` has passed since it started, with the grace as the bound:
 * a loaded browser starts a request long after the page made it (Firefox in CI started the shop's own cart
 * request 519 ms after the call; 710 ms with the machine loaded on purpose: a false SAQ-CART-003 while the
 * bound was `network_match_ms` at both checks). Only the last check reaches that far back: at the first, the
 * request's own report may not have arrived yet, and a far one taken then is another request's (a person's
 * fast clicks in CI: the next request took the report before it, which was then called unhooked). A wider bound
 * costs little: a report explains one request only, so a report with no request of its own (a call that never
 * reached the network) is all that could cover a request made by code no hook sees — and the hooks reported
 * that call, with its caller.
 */
/**
 * `earlier`: at the first check, the other requests of the same URL and method that started before this one
 * and have not been explained or judged yet (see the skip below); none at the last check, when every earlier
 * request has had its own.
 */
export function matchHookReport(
  request: SeenRequest,
  findings: readonly Finding[],
  consumed: ReadonlySet<string>,
  maxLeadMs: number,
  earlier: readonly { at: number }[] = [],
): Finding | null {
  let best: Finding | null = null;
  for (const finding of findings) {
    if (finding.kind !== 'page-request') continue;
    if (withoutFragment(String(finding.evidence.url ?? '')).slice(0, MAX_STRING) !== request.url) continue;
    if (String(finding.evidence.method ?? 'GET').toUpperCase() !== request.method) continue;
    const lead = request.at - finding.at;
    if (lead > maxLeadMs || lead < -REPORT_AFTER_START_MS || consumed.has(hookReportKey(finding))) continue;
    // A report made before another request of the same URL and method that started before this one and is not
    // explained yet is that request's: it is closer to it. Taken here, that request was later called unhooked
    // (the demo's first cart request, answered before its own report arrived, lost it to the second's answer).
    if (earlier.some((other) => other.at < request.at && other.at - finding.at >= -REPORT_AFTER_START_MS)) continue;
    if (best === null || Math.abs(lead) < Math.abs(request.at - best.at)) best = finding;
  }
  return best;
}

export interface CrossCheckContext {
  /** The page's hooks were installed when the request started (hooksInstalledAt). */
  hooksActive: boolean;
  profile: SignalProfile;
  traffic: TabTraffic;
}

export interface CrossCheckResult {
  findings: Finding[];
  /** A request by an actor other than the shop, to remember for polling loops (add it with addPoll). */
  poll: PollSample | null;
}

/** The shop's own scripts and its trusted providers are not "foreign"; everyone else is. */
function foreignActor(actor: Actor, profile: SignalProfile): boolean {
  if (actor.type === 'page') return false;
  const origin = actor.url ? profile.originClass(actor.url) : 'none';
  return origin !== 'first_party' && origin !== 'trusted';
}

function pollingFinding(sample: PollSample, traffic: TabTraffic, actor: Actor, profile: SignalProfile): Finding | null {
  const windowMs = profile.threshold('polling_window_ms');
  const times = inWindow(
    traffic.polls.filter((p) => p.url === sample.url).map((p) => p.at),
    sample.at,
    windowMs,
  );
  // Fewer than three requests say nothing about a period; the rule decides from there.
  if (times.length < 3) return null;
  const stats = seriesStats(times);
  return {
    kind: 'reload-storm',
    actor,
    evidence: {
      what: 'polling',
      url: sample.url.slice(0, 1024),
      requests: stats.count,
      windowMs,
      periodMs: stats.meanIntervalMs,
      // The hooks sample a fast poller (at most one report per URL in 200 ms): judge the steady beat.
      intervalCv: steadyIntervalCv(times),
      ratePerSec: stats.ratePerSec,
    },
    at: sample.at,
  };
}

/**
 * Findings for one network request once its hook report had time to arrive (or did): unhooked cart
 * requests with the tab's rate and refusals, exfiltration seen only on the network, polling loops.
 */
export function crossCheck(request: SeenRequest, hook: Finding | null, context: CrossCheckContext): CrossCheckResult {
  const { profile } = context;
  const findings: Finding[] = [];
  let actor: Actor;
  if (hook) {
    actor = hook.actor;
  } else {
    if (!context.hooksActive || !crossChecked(request) || request.method === 'OPTIONS') return { findings, poll: null };
    actor = networkActor(request.initiator);
    const base = { url: request.url.slice(0, 1024), method: request.method };
    if (request.endpoint === 'cart' || request.endpoint === 'order') {
      findings.push({
        kind: 'unhooked-cart-request',
        actor,
        evidence: { ...base, requestType: request.type, hooksActive: true, endpoint: request.endpoint },
        at: request.at,
      });
      findings.push({
        kind: 'cart-request',
        actor,
        evidence: {
          ...base,
          via: 'network',
          endpoint: request.endpoint,
          status: request.status,
          ...cartEvidence(request.at, [], cartView(context.traffic), profile),
          seenBy: 'network',
        },
        at: request.at,
      });
    } else if (request.origin === 'foreign') {
      let host = '';
      try {
        host = new URL(request.url).host;
      } catch {
        // Keep the host empty; the URL is still evidence.
      }
      findings.push({
        kind: 'exfiltration',
        actor,
        evidence: { ...base, via: 'network', host, bytes: 0, afterSensitiveRead: false, requestType: request.type },
        at: request.at,
      });
    }
  }
  // Polling loops need the poller's name, so only requests the hooks reported count: the hooks skip the
  // shop's own internal requests until one URL repeats, so an unreported one proves nothing.
  let poll: PollSample | null = null;
  if (hook && request.origin === 'first_party' && foreignActor(actor, profile)) {
    poll = { at: request.at, url: request.url };
    const polling = pollingFinding(poll, addPoll(context.traffic, poll, request.at), actor, profile);
    if (polling) findings.push(polling);
  }
  return { findings, poll };
}
