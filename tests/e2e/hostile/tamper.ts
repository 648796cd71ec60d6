/**
 * Hostile pages that attack Saq's page-world hooks, then run a helper (cookies to a Telegram bot by fetch
 * and to a Discord webhook by XHR, a cart burst, synthetic clicks on "add to cart"):
 *
 * - the page replaces fetch, XHR, addEventListener/dispatchEvent, click and Function.prototype.toString at
 *   the very top of its first inline script (Saq's MAIN-world script has run before it, so its hooks are
 *   what the page replaces) — with call-through wrappers, or with pristine natives from a fresh frame;
 * - the helper does the same after the shop has loaded;
 * - the helper takes pristine functions from about:blank, srcdoc and sandboxed (allow-same-origin) frames,
 *   and from an about:blank popup it opens.
 *
 * Saq must keep seeing the helper's exfiltration, cart burst and clicks, report the tampering itself, and
 * never break the page: no uncaught error, and a person's trusted click still buys.
 */
import { describe, expect, it } from 'vitest';
import { discordUrl, fromCdn, helperAttack, inline, replaceHooks, telegramUrl, type Realm } from '../../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import {
  expectNoPageErrors,
  hostileLog,
  mentions,
  ofKind,
  open,
  personAddsToCart,
  expectDetected,
  type HostileVisit,
  type HostileSuite,
} from '../hostile-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

/** What the helper's attack must still produce, whatever was done to the hooks. */
function helperSeen(tag: string) {
  return {
    [`exfiltration by fetch (${tag})`]: ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
    [`exfiltration by XHR (${tag})`]: ofKind('exfiltration', mentions(new URL(discordUrl(tag)).pathname)),
    'synthetic clicks on the buy button': ofKind('untrusted-activation'),
    'the cart burst': ofKind('cart-request'),
  };
}

export function tamperTests({ context, browser, reservations }: HostileSuite): void {
  describe('hooks replaced, pristine functions', () => {
    async function expectPageStillWorks(visit: HostileVisit): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the replica's 429 window after the burst
      await personAddsToCart(visit.page, reservations);
      expectNoPageErrors(visit);
    }

    for (const how of ['wrappers', 'pristine'] as const) {
      it(`the page replaces the hooked functions at the top of its first script (${how}): the helper is still seen`, async ({ task }) => {
        const saq = await browser();
        const tag = `before-${how}`;
        const path = await serveHostilePage(
          context.shop,
          `${PRODUCT}?hostile=${tag}`,
          PRODUCT,
          { top: inline(replaceHooks(how)), end: fromCdn(tag) },
          { [tag]: helperAttack('page', tag) },
        );
        const visit = await open(saq, path);
        // Saq hooked the fresh frame's realm when it was inserted, so even "pristine" replacements are hooked;
        // the replacement itself is still reported (toString lies: a warning; replaced hooks: info).
        const wanted = { ...helperSeen(tag), 'the tampering reported': ofKind('defence-tamper') };
        await expectDetected(
          task,
          saq,
          visit.tabId,
          { behaviour: 'defence tampering', case: `hooks replaced before the shop's scripts (${how})` },
          wanted,
        );
        expect(await hostileLog(visit.page)).toEqual([]);
        await expectPageStillWorks(visit);
      });

      it(`the helper replaces the hooked functions after the shop loaded (${how}): still seen, and the tampering reported`, async ({
        task,
      }) => {
        const saq = await browser();
        const tag = `after-${how}`;
        const path = await serveHostilePage(
          context.shop,
          `${PRODUCT}?hostile=${tag}`,
          PRODUCT,
          { end: fromCdn(tag) },
          {
            [tag]: `window.addEventListener('load', () => setTimeout(() => { ${replaceHooks(how)}; ${helperAttack('page', tag)} }, 200));`,
          },
        );
        const visit = await open(saq, path);
        await expectDetected(
          task,
          saq,
          visit.tabId,
          { behaviour: 'defence tampering', case: `hooks replaced after load (${how})` },
          { ...helperSeen(tag), 'the tampering reported': ofKind('defence-tamper') },
        );
        expect(await hostileLog(visit.page)).toEqual([]);
        await expectPageStillWorks(visit);
      });
    }

    /** The helper's attack once per realm, each from its own script on the CDN; every use must be seen. */
    async function pristineRealms(
      task: Parameters<typeof expectDetected>[0],
      realms: Realm[],
      name: string,
      reachReported: boolean,
    ): Promise<void> {
      const saq = await browser();
      const cdn = Object.fromEntries(realms.map((realm) => [`pristine-${realm}`, helperAttack(realm, `pristine-${realm}`)]));
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=pristine-${realms.join('-')}`,
        PRODUCT,
        {
          end: realms.map((realm) => fromCdn(`pristine-${realm}`)).join('\n'),
        },
        cdn,
      );
      const visit = await open(saq, path);
      const wanted = Object.fromEntries(
        realms.flatMap((realm) => [
          [`exfiltration by fetch from ${realm}`, ofKind('exfiltration', mentions(new URL(telegramUrl(`pristine-${realm}`)).pathname))],
          [`exfiltration by XHR from ${realm}`, ofKind('exfiltration', mentions(new URL(discordUrl(`pristine-${realm}`)).pathname))],
        ]),
      );
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: name },
        {
          ...wanted,
          // Reading `contentWindow` is the trick's tell; a frame reached by index leaves only its uses to see.
          ...(reachReported ? { 'the frame trick reported': ofKind('defence-tamper', mentions('pristine-iframe')) } : {}),
          'synthetic clicks on the buy button': ofKind('untrusted-activation'),
          'the cart burst': ofKind('cart-request'),
        },
      );
      expect(await hostileLog(visit.page)).toEqual([]);
      await expectPageStillWorks(visit);
    }

    it('pristine fetch, XHR, click and dispatchEvent from about:blank, srcdoc and sandboxed frames: every use is seen', async ({
      task,
    }) => {
      await pristineRealms(
        task,
        ['about-blank', 'srcdoc', 'sandboxed'],
        'pristine functions from about:blank/srcdoc/sandboxed frames',
        true,
      );
    });

    it("pristine functions from frames reached by index — inserted by replaceChildren, Range.insertNode, a shadow root's HTML, outerHTML, document.write, or loaded from srcdoc: every use is seen", async ({
      task,
    }) => {
      await pristineRealms(
        task,
        ['replace-children', 'range-insert', 'shadow-html', 'outer-html', 'document-write', 'srcdoc-by-index'],
        'pristine functions from frames reached by window[n] (replaceChildren, Range.insertNode, shadow root HTML, outerHTML, document.write, srcdoc load)',
        false,
      );
    });

    it('pristine functions from a same-origin popup opened by window.open or by document.open with a URL: every use is seen', async ({
      task,
    }) => {
      await pristineRealms(
        task,
        ['window-open', 'document-open'],
        'pristine functions from an about:blank popup (window.open, document.open(url, name, features))',
        true,
      );
    });
  });
}
