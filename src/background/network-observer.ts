/**
 * Observes a shop tab's requests with webRequest — observe only: no blocking, no change to any request —
 * and cross-checks each one against what the page hooks reported (network-crosscheck.ts).
 *
 * The hook report (MAIN world → ISOLATED relay → runtime message) and the webRequest event race. A
 * request is checked when its answer arrives; if no report explains it yet, once more when
 * `network_grace_ms` has passed since it started; it counts as unhooked only if the page's hooks were
 * known to be installed when it started (hooksInstalledAt). Reports already used are remembered per tab so one
 * report explains one request. If the worker is stopped in between, the pending checks are lost: that
 * costs a detection, never a false alarm (a lost *report* cannot cause one either: reports live in the
 * tab record in storage.session).
 *
 * Which requests the browser shows depends on host permissions: the shop's own host always; other hosts
 * only if the person granted them. What is shown is judged by the site profile, whatever it is.
 */
import type { WebRequest } from 'webextension-polyfill';
import browser from '../platform/browser.ts';
import type { Engine } from './engine.ts';
import { crossCheck, crossChecked, hookReportKey, hooksInstalledAt, matchHookReport } from './network-crosscheck.ts';
import { frameParentOf } from './frame-tops.ts';
import { addPoll, completeRequest, observeFrame, observeRequest, withoutFragment, type SeenRequest } from './network-traffic.ts';
import { OBSERVED_TYPES, observedTypesFilter } from './request-filter.ts';
import type { TabPages } from './tab-pages.ts';
import type { TrafficStore } from './traffic-store.ts';
import { MAX_STRING } from '../shared/page-protocol.ts';

const MAX_CONSUMED = 512;

interface RequestDetails {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  /** Chromium 106+: the document the frame is in (frame-tops.ts). */
  parentFrameId?: number;
  parentDocumentId?: string;
  timeStamp: number;
  initiator?: string;
  originUrl?: string;
  statusCode?: number;
}

export interface NetworkObserverDeps {
  pages: TabPages;
  traffic: TrafficStore;
  engine(): Promise<Engine>;
}

export function createNetworkObserver(deps: NetworkObserverDeps) {
  const consumed = new Map<number, Set<string>>();
  const started = new Set<string>();
  /** Requests whose check concluded (explained, or judged once the grace passed): they hold no report back. */
  const settled = new Set<string>();

  function consumedFor(tabId: number): Set<string> {
    let set = consumed.get(tabId);
    if (!set) consumed.set(tabId, (set = new Set()));
    if (set.size > MAX_CONSUMED) set.clear(); // old reports are outside any grace window by now
    return set;
  }

  async function check(tabId: number, requestId: string, final: boolean): Promise<void> {
    const engine = await deps.engine();
    const graceMs = engine.signals.threshold('network_grace_ms');
    const request = deps.traffic.peek(tabId).requests.find((r) => r.id === requestId);
    if (!request) return;
    let retry = false;
    await deps.pages.addObserved(tabId, (record) => {
      // A request started before this page said hello belongs to the page before it.
      if (request.at < record.startedAt) return [];
      const used = consumedFor(tabId);
      // The usual lead when the answer comes; as far back as the grace once it has passed (matchHookReport).
      const matchMs = engine.signals.threshold('network_match_ms');
      const maxLeadMs = final ? Math.max(graceMs, matchMs) : matchMs;
      // At the first check, a report closer to an earlier request still waiting for its own is left to it.
      const waiting = final
        ? []
        : deps.traffic
            .peek(tabId)
            .requests.filter(
              (r) =>
                r.id !== request.id &&
                r.url === request.url &&
                r.method === request.method &&
                crossChecked(r) &&
                r.at < request.at &&
                !settled.has(r.id),
            );
      const hook = matchHookReport(request, record.findings, used, maxLeadMs, waiting);
      if (!hook && !final) {
        retry = true;
        return [];
      }
      if (hook) used.add(hookReportKey(hook));
      const result = crossCheck(request, hook, {
        hooksActive: hooksInstalledAt(request.at, record.hooksSince),
        profile: engine.signals,
        traffic: deps.traffic.peek(tabId),
      });
      const poll = result.poll;
      if (poll) void deps.traffic.change(tabId, (traffic) => addPoll(traffic, poll, poll.at));
      return result.findings;
    });
    if (retry) {
      const wait = Math.max(0, request.at + graceMs - Date.now());
      setTimeout(() => void check(tabId, requestId, true).catch(() => undefined), wait);
    } else {
      settled.add(requestId);
      if (settled.size > 4096) settled.clear();
    }
  }

  function onBeforeRequest(details: RequestDetails): void {
    if (details.tabId < 0 || !OBSERVED_TYPES.has(details.type)) return;
    record(details, false);
  }

  /** `cartOnly`: a frame's load, remembered only when it is a cart or order request (crossChecked). */
  function record(details: RequestDetails, cartOnly: boolean): void {
    // Redirects repeat onBeforeRequest with the same id: the first URL is the one the page asked for.
    if (started.has(details.requestId)) return;
    started.add(details.requestId);
    if (started.size > 4096) started.clear();
    // The change is queued now, so the answer's change (below) always finds the request recorded.
    void deps.traffic.change(details.tabId, async (traffic) => {
      const engine = await deps.engine();
      // Cut as the hooks' reports of it are (MAX_STRING), so a long one still matches its report, and bounded in storage.
      const url = withoutFragment(details.url).slice(0, MAX_STRING);
      const frame = frameParentOf(details);
      const endpoint = engine.signals.classifyRequest(url);
      if (cartOnly && endpoint !== 'cart' && endpoint !== 'order') return frame ? observeFrame(traffic, frame) : traffic;
      const request: SeenRequest = {
        id: details.requestId,
        at: details.timeStamp,
        url,
        method: details.method.toUpperCase(),
        type: details.type,
        frameId: details.frameId,
        initiator: details.initiator ?? details.originUrl ?? '',
        endpoint,
        origin: engine.signals.originClass(url),
        status: 0,
        done: false,
      };
      const observed = observeRequest(traffic, request, Date.now(), engine.signals.threshold('reload_window_ms'));
      return frame ? observeFrame(observed, frame) : observed;
    });
  }

  /**
   * A frame loading in a tab: which document it is in, if the browser says (frame-tops.ts), and, when it loads
   * a cart or order URL (a form posted into it), the request, cross-checked like a fetch.
   */
  function onFrameLoad(details: RequestDetails): void {
    if (details.tabId >= 0) record(details, true);
  }

  function onAnswered(details: RequestDetails, status: number): void {
    if (details.tabId < 0 || details.type === 'main_frame') return;
    if (!OBSERVED_TYPES.has(details.type) && details.type !== 'sub_frame') return;
    started.delete(details.requestId);
    void deps.traffic
      .change(details.tabId, (traffic) => completeRequest(traffic, details.requestId, status))
      .then(() => check(details.tabId, details.requestId, false))
      .catch(() => undefined);
  }

  function forgetTab(tabId: number): void {
    consumed.delete(tabId);
    deps.traffic.forget(tabId);
  }

  /** Registers the observe-only listeners; call once, synchronously, at the worker's top level. */
  /** A request's start (to `started`) and its answer or failure, for the requests `filter` names. */
  function listenTo(filter: WebRequest.RequestFilter, started: (details: RequestDetails) => void): void {
    browser.webRequest.onBeforeRequest.addListener((details) => {
      started(details as RequestDetails);
      return undefined;
    }, filter);
    browser.webRequest.onCompleted.addListener((details) => onAnswered(details as RequestDetails, details.statusCode), filter);
    browser.webRequest.onErrorOccurred.addListener((details) => onAnswered(details as RequestDetails, 0), filter);
  }

  function listen(): void {
    const types = observedTypesFilter((browser.webRequest as { ResourceType?: unknown }).ResourceType);
    // The type check in the handlers stays: it is what holds where the browser lists no types.
    listenTo({ urls: ['<all_urls>'], ...(types ? { types: types as WebRequest.ResourceType[] } : {}) }, onBeforeRequest);
    // Frame loads, only for the document each frame is in: the shop's frames, a few per page (host permissions),
    // and their answers, for a cart request's refusal and its cross-check (a frame not remembered ends at its lookup).
    // Last, and on its own: a browser refusing the filter loses only the frames' pages, not the listeners above.
    try {
      listenTo({ urls: ['<all_urls>'], types: ['sub_frame' as WebRequest.ResourceType] }, onFrameLoad);
    } catch {
      // Frames' late findings then go into the tab's record, as before (frame-tops.ts).
    }
  }

  return { listen, forgetTab };
}
