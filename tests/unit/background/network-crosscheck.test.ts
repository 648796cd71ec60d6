import { describe, expect, it } from 'vitest';
import { crossCheck, hookReportKey, hooksInstalledAt, matchHookReport } from '../../../src/background/network-crosscheck.ts';
import {
  addPoll,
  cartView,
  completeRequest,
  emptyTraffic,
  networkActor,
  observeRequest,
  type SeenRequest,
  type TabTraffic,
} from '../../../src/background/network-traffic.ts';
import { fakeProfile, finding, SHOP } from './fakes.ts';

const profile = fakeProfile();
/** The two checks' bounds: at the answer (network_match_ms), and once the grace has passed (network_grace_ms). */
const AT_ANSWER = 400;
const AT_GRACE = 1500;

function seen(url: string, at: number, overrides: Partial<SeenRequest> = {}): SeenRequest {
  return {
    id: `r${at}`,
    at,
    url,
    method: 'POST',
    type: 'xmlhttprequest',
    frameId: 0,
    initiator: SHOP,
    endpoint: profile.classifyRequest(url),
    origin: profile.originClass(url),
    status: 200,
    done: true,
    ...overrides,
  };
}

const hook = (url: string, at: number, method = 'POST', actor = { type: 'page' as const }) =>
  finding('page-request', at, { url, channel: 'fetch', method, bodyLength: 2 }, actor);

describe('matching network requests to hook reports', () => {
  it('matches the closest report of the same URL and method stamped just before the request started', () => {
    const reports = [
      hook(`${SHOP}/api/cart/items`, 1700),
      hook(`${SHOP}/api/cart/items#x`, 1995),
      hook(`${SHOP}/api/cart/items`, 1998, 'GET'),
      hook(`${SHOP}/api/cart/items`, 2100),
    ];
    expect(matchHookReport(seen(`${SHOP}/api/cart/items`, 2000), reports, new Set(), AT_ANSWER)).toBe(reports[1]);
  });

  it('uses a report once, and never one stamped long before or after the request started', () => {
    const report = hook(`${SHOP}/api/cart/items`, 1000);
    expect(matchHookReport(seen(`${SHOP}/api/cart/items`, 1010), [report], new Set([hookReportKey(report)]), AT_GRACE)).toBeNull();
    expect(matchHookReport(seen(`${SHOP}/api/cart/items`, 2600), [report], new Set(), AT_GRACE)).toBeNull();
    expect(matchHookReport(seen(`${SHOP}/api/cart/items`, 900), [report], new Set(), AT_GRACE)).toBeNull();
  });

  it('matches, once the grace has passed, a report the browser started long after the call', () => {
    // Firefox under load: the shop's own cart request started 519 ms after its fetch call (CI), 710 ms with the
    // machine loaded on purpose. Each was called unhooked while only reports within 400 ms counted.
    const late = hook(`${SHOP}/api/cart/reserve`, 1000);
    expect(matchHookReport(seen(`${SHOP}/api/cart/reserve`, 1710), [late], new Set(), AT_ANSWER)).toBeNull();
    expect(matchHookReport(seen(`${SHOP}/api/cart/reserve`, 1710), [late], new Set(), AT_GRACE)).toBe(late);
    // Two calls 300 ms apart, both started 700 ms late: each request finds a report, a different one.
    const reports = [hook(`${SHOP}/api/cart/items`, 1000), hook(`${SHOP}/api/cart/items`, 1300)];
    const used = new Set<string>();
    for (const start of [1700, 2000]) {
      const report = matchHookReport(seen(`${SHOP}/api/cart/items`, start), reports, used, AT_GRACE);
      expect(report, `the request started at ${start}`).not.toBeNull();
      used.add(hookReportKey(report!));
    }
    expect(used.size).toBe(2);
  });

  it('takes, when a request is answered, no report made before its usual lead: it belongs to an earlier request', () => {
    // A person's fast clicks (CI): the second request answered before its own report arrived, and at the grace's
    // bound it took the first request's report, which was then called unhooked.
    const first = hook(`${SHOP}/api/cart/reserve`, 2680);
    expect(matchHookReport(seen(`${SHOP}/api/cart/reserve`, 3243), [first], new Set(), AT_ANSWER)).toBeNull();
    expect(matchHookReport(seen(`${SHOP}/api/cart/reserve`, 2686), [first], new Set(), AT_ANSWER)).toBe(first);
  });
});

describe('cross-check findings', () => {
  const context = (traffic: TabTraffic = emptyTraffic(), hooksActive = true) => ({ hooksActive, profile, traffic });

  it('leaves, when a request is answered, a report to an earlier request of the same URL still waiting for its own', () => {
    // The demo's helper: the first cart request is answered before its report arrives and waits for the grace; the
    // second is answered 180 ms later, its own report not in yet, and the first's is within the usual lead.
    const first = hook(`${SHOP}/api/cart/reserve`, 1000);
    const second = seen(`${SHOP}/api/cart/reserve`, 1189);
    const waiting = [seen(`${SHOP}/api/cart/reserve`, 1008)];
    expect(matchHookReport(second, [first], new Set(), AT_ANSWER, waiting)).toBeNull();
    // Its own report, made just before it started, is still its own; and once the earlier one is explained, the rule is gone.
    const own = hook(`${SHOP}/api/cart/reserve`, 1180);
    expect(matchHookReport(second, [first, own], new Set(), AT_ANSWER, waiting)).toBe(own);
    expect(matchHookReport(second, [first], new Set(), AT_ANSWER, [])).toBe(first);
    // The earlier request takes it at its last check.
    expect(matchHookReport(waiting[0]!, [first, own], new Set(), AT_GRACE)).toBe(first);
  });

  it('reports a cart request the hooks did not see, with the tab’s rate and refusals', () => {
    let traffic = emptyTraffic();
    for (let i = 0; i < 8; i++) {
      traffic = observeRequest(
        traffic,
        seen(`${SHOP}/api/cart/items`, 1000 + i * 50, { id: `r${i}`, status: 0, done: false }),
        1400,
        60_000,
      );
      traffic = completeRequest(traffic, `r${i}`, i < 3 ? 200 : 429);
    }
    const request = seen(`${SHOP}/api/cart/items`, 1350, { status: 429 });
    const { findings } = crossCheck(request, null, context(traffic));
    expect(findings.map((f) => f.kind)).toEqual(['unhooked-cart-request', 'cart-request']);
    expect(findings[0]!.evidence).toMatchObject({ hooksActive: true, requestType: 'xmlhttprequest', method: 'POST' });
    expect(findings[1]!.evidence).toMatchObject({ via: 'network', status: 429, ratePerSec: 8, refused: 5 });
  });

  it('concludes nothing without the hooks installed, for a request the hooks saw, or for types they do not cover', () => {
    const url = `${SHOP}/api/cart/items`;
    expect(crossCheck(seen(url, 1), null, context(emptyTraffic(), false)).findings).toEqual([]);
    expect(crossCheck(seen(url, 1), hook(url, 1), context()).findings).toEqual([]);
    expect(crossCheck(seen(url, 1, { type: 'main_frame', method: 'GET' }), null, context()).findings).toEqual([]);
    expect(crossCheck(seen(url, 1, { method: 'OPTIONS' }), null, context()).findings).toEqual([]);
  });

  it('reports a cart request posted into a frame that no hook reported, and none of the frames’ other loads', () => {
    // Another extension posting the cart form into hidden frames: no fetch, no XHR (review of 2026-12-06).
    const posted = crossCheck(seen(`${SHOP}/api/cart/items`, 1, { type: 'sub_frame' }), null, context()).findings;
    expect(posted.map((f) => f.kind)).toEqual(['unhooked-cart-request', 'cart-request']);
    expect(posted[0]!.evidence).toMatchObject({ requestType: 'sub_frame', method: 'POST' });
    expect(crossCheck(seen(`${SHOP}/kz/product/x`, 1, { type: 'sub_frame', method: 'GET' }), null, context()).findings).toEqual([]);
    expect(crossCheck(seen('https://evil.example/page', 1, { type: 'sub_frame', method: 'GET' }), null, context()).findings).toEqual([]);
  });

  it('reports a request to a foreign host that no hook reported as network-only exfiltration', () => {
    const { findings } = crossCheck(seen('https://evil.example/steal', 5), null, context());
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'exfiltration', evidence: expect.objectContaining({ via: 'network', host: 'evil.example' }) }),
    ]);
  });

  it('names another extension when the browser says it initiated the request', () => {
    expect(networkActor('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toEqual({
      type: 'extension',
      url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    });
    expect(networkActor('moz-extension://5b0e/')).toEqual({ type: 'extension', url: 'moz-extension://5b0e/' });
    expect(networkActor(SHOP)).toEqual({ type: 'unknown' });
  });
});

describe('were the hooks installed when a request started', () => {
  const page = 1_000_000;
  it('says so from the time the hooks gave, not from when their word arrived', () => {
    expect(hooksInstalledAt(page + 600, page + 500)).toBe(true);
    expect(hooksInstalledAt(page + 500, page + 500)).toBe(true);
    // Started before the hooks' channel opened: the hooks may never have seen it — nothing to conclude.
    expect(hooksInstalledAt(page + 499, page + 500)).toBe(false);
  });

  it('takes no word as no hooks', () => {
    expect(hooksInstalledAt(page + 600, null)).toBe(false);
  });
});

describe('polling loops', () => {
  const poll = (actor: Parameters<typeof hook>[3] | null, times: number[]) => {
    let traffic = emptyTraffic();
    let last = null;
    for (const at of times) {
      const request = seen(`${SHOP}/api/stock/p-1`, at, { method: 'GET', endpoint: null });
      const result = crossCheck(request, actor ? hook(request.url, at, 'GET', actor) : null, { hooksActive: true, profile, traffic });
      if (result.poll) traffic = addPoll(traffic, result.poll, at);
      last = result;
    }
    return last!;
  };

  it('reports a foreign actor fetching one shop URL at a fixed period', () => {
    const times = Array.from({ length: 10 }, (_, i) => 1000 + i * 250);
    const result = poll({ type: 'script', url: 'https://helper-cdn.test/poll.js' } as never, times);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'reload-storm',
        evidence: expect.objectContaining({ what: 'polling', requests: 10, periodMs: 250, intervalCv: 0 }),
      }),
    ]);
    // Unreported requests prove nothing here: the hooks skip the shop's internal requests until they repeat.
    expect(poll(null, times).findings).toEqual([]);
  });

  it('leaves the shop’s own stock polling alone', () => {
    const times = Array.from({ length: 10 }, (_, i) => 1000 + i * 2000);
    const result = poll({ type: 'page' }, times);
    expect(result.findings).toEqual([]);
    expect(result.poll).toBeNull();
  });
});

describe('cart view', () => {
  it('counts cart and order requests and their 409/429 answers', () => {
    let traffic = emptyTraffic();
    traffic = observeRequest(traffic, seen(`${SHOP}/api/cart/items`, 10, { id: 'a' }), 10, 60_000);
    traffic = observeRequest(traffic, seen(`${SHOP}/api/order`, 20, { id: 'b' }), 20, 60_000);
    traffic = observeRequest(traffic, seen(`${SHOP}/api/stock/1`, 30, { id: 'c' }), 30, 60_000);
    traffic = completeRequest(traffic, 'b', 409);
    expect(cartView(traffic)).toEqual({ cartTimes: [10, 20], refusalTimes: [20] });
  });
});
