/**
 * Fake messages on Saq's channel. Saq's MAIN and ISOLATED worlds talk over a MessageChannel whose port is
 * handed over by one window.postMessage "hello" at document_start, before any page script (see
 * src/shared/page-protocol.ts). A page can imitate the hello, post forged findings and "all clear" messages
 * on its own port or straight to the window, and try runtime messaging; another site can post the same
 * into the shop's window from outside.
 *
 * None of it may produce a false "clean" (a helper acting at the same time is still seen) or a false alarm
 * of a specific kind (no forged finding becomes a verdict; the only thing a spoofing page earns is the
 * defence-tamper verdict for spoofing itself), and the page never gets hold of Saq's real port.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/shared/findings.ts';
import {
  CATCH_HELLO,
  codeFromString,
  DATA_GETTER_HIJACK,
  EARLY_ASK,
  FORGED,
  fromCdn,
  HELPER_CDN,
  helperAttack,
  inline,
  openerSpoofPage,
  OTHER_DOCUMENT_HELLO,
  spoofChannel,
  telegramUrl,
} from '../../helpers/hostile/attacks.ts';
import { withLateIsolatedWorld } from '../../helpers/build-variant.ts';
import { TEST_BUILD } from '../../helpers/paths.ts';
import { pollPage } from '../../helpers/harness.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import { SHOP_FRAME } from '../../helpers/hostile/main-world.ts';
import { recordCase } from '../detection-table.ts';
import { eventually } from '../each-browser.ts';
import {
  byHelper,
  describeVerdicts,
  expectNoPageErrors,
  hostileLog,
  mentions,
  ofKind,
  open,
  personAddsToCart,
  SETTLE_MS,
  verdicts,
  expectDetected,
  type HostileSuite,
} from '../hostile-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

const forgedIn = (list: readonly Verdict[]): Verdict[] => list.filter((v) => JSON.stringify(v.finding).includes(FORGED));
/** The helper's exfiltration as a page-world hook saw it (named actor, the API it used), not only the network. */
const hookedExfiltration =
  (tag: string) =>
  (v: Verdict): boolean =>
    ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname))(v) && v.finding.evidence.via !== 'network' && byHelper(v);
const spoofingReport = (v: Verdict): boolean => v.finding.kind === 'defence-tamper' && v.finding.evidence.what === 'channel-spoofed';

export function channelTests({ context, browser, reservations }: HostileSuite): void {
  describe('fake messages on Saq channel', () => {
    it('a page imitating the channel gets no forged finding through, never the real port, and only the spoofing reported', async ({
      task,
    }) => {
      const saq = await browser();
      const saqId = new URL(saq.extensionOrigin).host;
      const path = await serveHostilePage(context.shop, `${PRODUCT}?hostile=spoof`, PRODUCT, {
        top: inline(CATCH_HELLO),
        end: inline(spoofChannel(saqId)),
      });
      const visit = await open(saq, path);
      await eventually(async () => (await verdicts(saq, visit.tabId)).some(spoofingReport), Boolean, 'the spoofing to be reported');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const list = await verdicts(saq, visit.tabId);
      const other = list.filter((v) => !spoofingReport(v));
      recordCase(task, {
        behaviour: 'defence tampering',
        case: 'page imitates the private channel',
        malicious: true,
        flagged: list.some(spoofingReport),
        browser: saq.name,
      });
      expect(forgedIn(list), describeVerdicts(list).join('\n')).toEqual([]);
      expect(other, describeVerdicts(other).join('\n')).toEqual([]);
      expect(await visit.page.evaluate(() => (window as unknown as { __caughtPorts: number }).__caughtPorts)).toBe(0);
      expect(await visit.page.evaluate(() => (window as unknown as { __spoofed?: boolean }).__spoofed)).toBe(true);
      expect(await hostileLog(visit.page)).toEqual([]);
      await personAddsToCart(visit.page, reservations);
      expectNoPageErrors(visit);
    });

    it('a helper that forges "all clear" while it acts is still seen (no false clean)', async ({ task }) => {
      const saq = await browser();
      const saqId = new URL(saq.extensionOrigin).host;
      const tag = 'spoof-clean';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { end: fromCdn(tag) },
        { [tag]: `${spoofChannel(saqId)}\n${helperAttack('page', tag)}\nsetInterval(() => { ${spoofChannel(saqId)} }, 250);` },
      );
      const visit = await open(saq, path);
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'helper forges "clean" while it acts' },
        {
          'the exfiltration': ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
          'the synthetic clicks': ofKind('untrusted-activation'),
          'the spoofing': spoofingReport,
        },
      );
      const report = await saq.report(visit.tabId);
      expect(['danger', 'critical']).toContain(report.severity);
      expect(forgedIn(report.verdicts)).toEqual([]);
      expectNoPageErrors(visit);
    });

    it('a page that rewrites MessageEvent data cannot read the lane or rewrite the site profile the page world gets', async ({ task }) => {
      const saq = await browser();
      const tag = 'data-getter';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(DATA_GETTER_HIJACK), end: fromCdn(tag) },
        { [tag]: `setTimeout(() => { ${helperAttack('page', tag)} }, 1500);` },
      );
      const visit = await open(saq, path);
      const list = await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'page rewrites MessageEvent data (lane, site profile)' },
        { 'the exfiltration, by the page-world hook, the helper named': hookedExfiltration(tag) },
      );
      expect(await visit.page.evaluate(() => (window as unknown as { __stolenLane?: string }).__stolenLane)).toBeUndefined();
      expect(list.filter(spoofingReport)).toEqual([]);
      expectNoPageErrors(visit);
    });

    // Saq with its ISOLATED world injected late (src/shared/page-protocol.ts): once as it is, once with the
    // page asking for new hellos before that world has answered (what a page that read Saq's source could
    // try, to move the page-world findings to a port nobody reads).
    // [title, page's first script, tag, table case, whether a spoofing report is right]
    const lateBrowser = context.blockBrowser({ extensionDir: withLateIsolatedWorld(TEST_BUILD[context.browserName]) });
    const LATE: Array<[string, string, string, string, boolean]> = [
      [
        'an ISOLATED world that starts after the hello went out (a late injection) still gets every page-world finding',
        '',
        'late-isolated',
        "Saq's ISOLATED world injected late (the channel asks again)",
        false,
      ],
      [
        'a page asking for new hellos before the late ISOLATED world answers does not move the findings to a dead port',
        inline(EARLY_ASK),
        'late-isolated-asked',
        'page asks for new hellos while the ISOLATED world is late',
        // The page did post Saq's ask: when a hello that answered it is still queued as the ISOLATED world
        // starts, that world takes it and finds the next one a second hello — the page's doing, reported.
        true,
      ],
      [
        'a page posting a hello that names another document while the ISOLATED world is late does not get its port taken',
        inline(OTHER_DOCUMENT_HELLO),
        'late-isolated-other-document',
        'page posts a hello naming another document while the ISOLATED world is late',
        false,
      ],
    ];
    for (const [title, first, tag, caseName, pageImitates] of LATE) {
      it(title, async ({ task }) => {
        const saq = await lateBrowser();
        const path = await serveHostilePage(
          context.shop,
          `${PRODUCT}?hostile=${tag}`,
          PRODUCT,
          { top: `${first}${fromCdn(`${tag}-first`)}`, end: fromCdn(tag) },
          {
            [`${tag}-first`]: codeFromString(`${tag}-first`),
            [tag]: `window.addEventListener('load', () => setTimeout(() => { ${codeFromString(`${tag}-after`)} ${helperAttack('page', tag)} }, 500));`,
          },
        );
        const visit = await open(saq, path);
        const list = await expectDetected(
          task,
          saq,
          visit.tabId,
          { behaviour: 'defence tampering', case: caseName },
          {
            'code from a string before the ISOLATED world started': ofKind('dynamic-code', mentions(`${tag}-first`)),
            'code from a string after': ofKind('dynamic-code', mentions(`${tag}-after`)),
            'the exfiltration, by the page-world hook': hookedExfiltration(tag),
          },
        );
        // Saq's own late start is not a page imitating its channel (the MAIN world's hello went out before the
        // ISOLATED world listened, and it answered that world's ask with a fresh one).
        const spoofing = list.filter(spoofingReport);
        if (pageImitates)
          expect(
            spoofing.filter((v) => v.finding.evidence.target !== 'channel-hello'),
            describeVerdicts(list).join('\n'),
          ).toEqual([]);
        else expect(spoofing, describeVerdicts(list).join('\n')).toEqual([]);
        expect(forgedIn(list), describeVerdicts(list).join('\n')).toEqual([]);
        expect(await hostileLog(visit.page)).toEqual([]);
        expectNoPageErrors(visit);
      });
    }

    // Firefox may hold a loading frame's hello back and dispatch it after the shop has sent the frame to
    // another of its pages — to the next document (page-protocol.ts, "Whose document").
    it('shop frames sent to other shop pages, by their Location and by a refresh, raise no spoofed channel', async ({ task }) => {
      const saq = await browser();
      const path = await serveHostilePage(context.shop, `${PRODUCT}?hostile=frames-moved`, PRODUCT, {
        end: inline(`(() => {
  ${SHOP_FRAME}
  Promise.all(['m-a', 'm-b', 'm-c', 'm-d', 'm-e', 'm-f'].map(frame)).then((frames) => {
    frames.forEach((f, i) => {
      f.onload = null;
      const next = '/kz/login?frame=' + i;
      if (i % 2 === 0) f.contentWindow.location.href = next;
      else f.contentDocument.head.insertAdjacentHTML('beforeend', '<meta http-equiv="refresh" content="0; url=' + next + '">');
    });
    window.__moved = true;
  });
})();`),
      });
      const visit = await open(saq, path);
      await pollPage(visit.page, () => (window as { __moved?: boolean }).__moved === true, undefined, 'the frames sent on');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const list = await verdicts(saq, visit.tabId);
      recordCase(task, {
        behaviour: 'defence tampering',
        case: 'shop frames sent to other shop pages by Location and refresh (benign)',
        malicious: false,
        flagged: list.length > 0,
        browser: saq.name,
      });
      expect(describeVerdicts(list)).toEqual([]);
    });

    it("the shop's own tag with a 2,100-character address, and a widget it moves with its script, raise nothing", async ({ task }) => {
      const saq = await browser();
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=shop-scripts`,
        PRODUCT,
        {
          // A third party's widget in the shop's markup, which the shop later moves (a dialog, a sidebar).
          end: `<div id="map-widget"><script async src="https://${HELPER_CDN}/map-widget.js"></script></div>${inline(`(() => {
  addEventListener('load', () => {
    const tag = document.createElement('script');
    tag.async = true;
    tag.src = '/static/tag.js?ref=' + 'x'.repeat(2100);
    document.head.append(tag);
    document.body.prepend(document.getElementById('map-widget'));
    window.__placed = true;
  });
})();`)}`,
        },
        { 'map-widget': 'window.__mapWidget = true;' },
      );
      const visit = await open(saq, path);
      await pollPage(visit.page, () => (window as { __placed?: boolean }).__placed === true, undefined, 'the shop to place its scripts');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const list = await verdicts(saq, visit.tabId);
      recordCase(task, {
        behaviour: 'defence tampering',
        case: "shop's long tag address and a moved widget script (benign)",
        malicious: false,
        flagged: list.length > 0,
        browser: saq.name,
      });
      expect(describeVerdicts(list)).toEqual([]);
      expectNoPageErrors(visit);
    });

    it('another site posting the hello and forged findings into the shop window raises nothing on the shop', async ({ task }) => {
      const saq = await browser();
      const shopUrl = `https://kazcoins.nationalbank.kz${PRODUCT}?hostile=opener`;
      context.shop.setFixture('/free-coins', openerSpoofPage(shopUrl), { host: 'evil.example' });
      const opener = await saq.browser.newPage();
      await opener.goto('https://evil.example/free-coins', { waitUntil: 'load' });
      const popupTarget = saq.browser.waitForTarget((t) => t.url().startsWith(shopUrl), { timeout: 15_000 });
      await opener.evaluate(() => (window as unknown as { __openShop(): boolean }).__openShop());
      const shopPage = (await (await popupTarget).page())!;
      await pollPage(shopPage, () => document.readyState === 'complete', undefined, 'the shop page opened by the other site');
      const tabId = await saq.tabIdOf(shopPage);
      await new Promise((resolve) => setTimeout(resolve, 5_000 + SETTLE_MS)); // the opener posts for ~5 s
      const list = await verdicts(saq, tabId);
      recordCase(task, {
        behaviour: 'defence tampering',
        case: 'another site posts forged channel messages into the shop (benign shop page)',
        malicious: false,
        flagged: list.length > 0,
        browser: saq.name,
      });
      expect(forgedIn(list)).toEqual([]);
      expect(describeVerdicts(list)).toEqual([]);
      await opener.close();
    });
  });
}
