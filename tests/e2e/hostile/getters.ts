/**
 * Hostile pages that booby-trap what Saq's page-world code might touch (throwing getters on
 * navigator.webdriver and on the page's script `src`, a throwing Error.prepareStackTrace and
 * Error.stackTraceLimit, an attempt on Event.prototype.isTrusted), then run a helper. Saq must not throw
 * into the page, must keep detecting and naming the helper, and the shop must keep working.
 */
import { describe, expect, it } from 'vitest';
import { fromCdn, helperAttack, inline, LYING_STACK, telegramUrl, THROWING_GETTERS } from '../../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import { recordCase } from '../detection-table.ts';
import { expectNoPageErrors, mentions, ofKind, open, personAddsToCart, waitForVerdicts, type HostileSuite } from '../hostile-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const HELPER = 'https://helper-cdn.test/';

export function gettersTests({ context, browser, reservations }: HostileSuite): void {
  describe('throwing getters', () => {
    it('traps on webdriver, script src, prepareStackTrace, stackTraceLimit and isTrusted: the helper is still seen and named', async ({
      task,
    }) => {
      const saq = await browser();
      const tag = 'trapped';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(THROWING_GETTERS), end: fromCdn(tag) },
        { [tag]: helperAttack('page', tag) },
      );
      const visit = await open(saq, path);
      const byHelper = (v: { finding: { actor: { url?: string } } }): boolean => (v.finding.actor.url ?? '').startsWith(HELPER);
      let flagged = false;
      try {
        await waitForVerdicts(saq, visit.tabId, {
          'the exfiltration': ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
          'the synthetic clicks, by the helper': (v) => ofKind('untrusted-activation')(v) && byHelper(v),
          'the cart burst, by the helper': (v) => ofKind('cart-request')(v) && byHelper(v),
        });
        flagged = true;
      } finally {
        recordCase(task, {
          behaviour: 'defence tampering',
          case: 'throwing getters on what Saq reads',
          malicious: true,
          flagged,
          browser: saq.name,
        });
      }
      const state = await visit.page.evaluate(() => ({
        trapsSet: (window as unknown as { __trapsSet?: boolean }).__trapsSet,
        isTrustedForged: (window as unknown as { __isTrustedForged?: boolean }).__isTrustedForged,
        log: (window as unknown as { __hostileLog?: string[] }).__hostileLog ?? [],
      }));
      expect(state).toEqual({ trapsSet: true, isTrustedForged: false, log: [] });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await personAddsToCart(visit.page, reservations);
      expectNoPageErrors(visit);
    });

    it('a lying Error.prototype.stack cannot pass the helper off as the shop', async ({ task }) => {
      const saq = await browser();
      const tag = 'lying-stack';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(LYING_STACK), end: fromCdn(tag) },
        { [tag]: helperAttack('page', tag) },
      );
      const visit = await open(saq, path);
      const byHelper = (v: { finding: { actor: { url?: string } } }): boolean => (v.finding.actor.url ?? '').startsWith(HELPER);
      let flagged = false;
      try {
        await waitForVerdicts(saq, visit.tabId, {
          'the exfiltration, by the helper': (v) => ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname))(v) && byHelper(v),
          'the synthetic clicks, by the helper': (v) => ofKind('untrusted-activation')(v) && byHelper(v),
        });
        flagged = true;
      } finally {
        recordCase(task, {
          behaviour: 'defence tampering',
          case: 'a lying Error.prototype.stack',
          malicious: true,
          flagged,
          browser: saq.name,
        });
      }
      expect(await visit.page.evaluate(() => (window as unknown as { __stackLies?: boolean }).__stackLies)).toBe(true);
      expectNoPageErrors(visit);
    });
  });
}
