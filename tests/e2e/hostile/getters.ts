/**
 * Hostile pages that booby-trap what Saq's page-world code might touch (throwing getters on
 * navigator.webdriver and on the page's script `src`, a throwing Error.prepareStackTrace and
 * Error.stackTraceLimit, an attempt on Event.prototype.isTrusted; a lying stack; String and Array methods
 * rewritten to garble what a stack parser reads; JSON rewritten to rename what is serialised), then run a helper. Saq must not throw
 * into the page, must keep detecting and naming the helper, and the shop must keep working.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/shared/findings.ts';
import {
  fromCdn,
  helperAttack,
  inline,
  HASHED_INLINE,
  HASHED_INLINE_HELPER,
  LYING_COLLECTIONS,
  LYING_HASHES,
  LYING_INDEX_SETTERS,
  LYING_JSON,
  LYING_STACK,
  LYING_STRINGS,
  telegramUrl,
  THROWING_GETTERS,
  THROWING_SPECIES,
  speciesHelper,
  discordUrl,
  trappedBuiltinsAttack,
} from '../../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import {
  byHelper,
  notShop,
  expectDetected,
  expectNoPageErrors,
  mentions,
  ofKind,
  open,
  personAddsToCart,
  type HostileSuite,
} from '../hostile-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

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
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'throwing getters on what Saq reads' },
        {
          'the exfiltration': ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
          'the exfiltration, by the helper': (v) => ofKind('exfiltration')(v) && byHelper(v),
          // The clicks' author comes from the page hooks' announcement, which a loaded machine may deliver
          // late (then "unknown"); what must never happen is the shop being named.
          'the synthetic clicks, not credited to the shop': (v) => ofKind('untrusted-activation')(v) && notShop(v),
          'the cart burst, by the helper': (v) => ofKind('cart-request')(v) && byHelper(v),
        },
      );
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

    it('built-ins trapped only while the helper acts (Array and String methods, String, Number, the array iterator): every act is seen and named', async ({
      task,
    }) => {
      const saq = await browser();
      const tag = 'trapped-builtins';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { end: fromCdn(tag) },
        {
          [tag]: trappedBuiltinsAttack(tag),
          [`${tag}-pixel`]: '/* the pixel answers with nothing */',
          [`${tag}-by-frame`]: 'window.__byFrameRan = true;',
        },
      );
      const visit = await open(saq, path);
      const inserted = (name: string) => (v: Verdict) => ofKind('script-inserted', mentions(`${tag}-${name}.js`))(v) && byHelper(v);
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'built-ins trapped while the helper acts (and a frame hooked under the trap)' },
        {
          'the fetch to Telegram, by the helper': (v) =>
            ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname))(v) && byHelper(v),
          'the XHR to Discord, by the helper': (v) => ofKind('exfiltration', mentions(new URL(discordUrl(tag)).pathname))(v) && byHelper(v),
          'the script pixel, by the helper': inserted('pixel'),
          'the string timer, by the helper': (v) => ofKind('dynamic-code', mentions(tag))(v) && byHelper(v),
          "the script inserted with the frame's appendChild, by the helper": inserted('by-frame'),
        },
      );
      const state = await visit.page.evaluate(() => ({
        lifted: (window as unknown as { __trapsLifted?: boolean }).__trapsLifted,
        byFrame: (window as unknown as { __byFrameRan?: boolean }).__byFrameRan,
        log: (window as unknown as { __hostileLog?: string[] }).__hostileLog ?? [],
      }));
      expect(state).toEqual({ lifted: true, byFrame: true, log: [] });
      expectNoPageErrors(visit);
    });

    it('Promise, TextEncoder and the array iterator rewritten cannot forge an inline script’s SHA-256', async ({ task }) => {
      const saq = await browser();
      const tag = 'lying-hashes';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(LYING_HASHES), end: fromCdn(tag) },
        { [tag]: HASHED_INLINE_HELPER },
      );
      const visit = await open(saq, path);
      const truth = createHash('sha256').update(HASHED_INLINE).digest('hex');
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'Promise, TextEncoder and array iterator rewritten to forge a script hash' },
        {
          'the inline script, by the helper, with its true SHA-256': (v) =>
            ofKind('script-inserted', (e) => e.inline === true && e.sha256 === truth)(v) && byHelper(v),
        },
      );
      const state = await visit.page.evaluate(() => ({
        lies: (window as unknown as { __hashesLie?: boolean }).__hashesLie,
        ran: (window as unknown as { __hashedInlineRan?: boolean }).__hashedInlineRan,
      }));
      expect(state).toEqual({ lies: true, ran: true });
      expectNoPageErrors(visit);
    });

    it('a Promise species that throws for extensions cannot hide what Saq learns when a promise settles', async ({ task }) => {
      const saq = await browser();
      const tag = 'throwing-species';
      const payload = `${tag}-payload`;
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(THROWING_SPECIES), end: fromCdn(tag) },
        { [tag]: speciesHelper(payload), [payload]: 'window.__speciesPayloadRan = true; /* helper payload */' },
      );
      const visit = await open(saq, path);
      const truth = createHash('sha256').update(HASHED_INLINE).digest('hex');
      await expectDetected(
        task,
        saq,
        visit.tabId,
        {
          behaviour: 'defence tampering',
          case: 'Promise species throwing for extensions (script hash, code from the network, cart body, WebRTC peer)',
        },
        {
          'the inline script with its SHA-256': (v) =>
            ofKind('script-inserted', (e) => e.inline === true && e.sha256 === truth)(v) && byHelper(v),
          'the fetched code known to come from the network': (v) => ofKind('dynamic-code', (e) => e.fromNetwork === true)(v) && byHelper(v),
          'the WebRTC peer of the answer': (v) => ofKind('exfiltration', (e) => e.url === 'udp://203.0.113.7:3479')(v) && byHelper(v),
          'the quantity in the cart request body': (v) =>
            ofKind('quantity-tamper', (e) => e.how === 'request-body' && e.quantity === 50)(v) && byHelper(v),
        },
      );
      const state = await visit.page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return [w.__speciesThrows, w.__hashedInlineRan, w.__speciesPayloadRan, w.__speciesPeer];
      });
      expect(state).toEqual([true, true, true, true]);
      expectNoPageErrors(visit);
    });

    it.for([
      { case: 'a lying Error.prototype.stack', tag: 'lying-stack', code: LYING_STACK, flag: '__stackLies' },
      {
        case: 'String.prototype.split and Array.prototype.find rewritten to hide the helper',
        tag: 'lying-strings',
        code: LYING_STRINGS,
        flag: '__stringsLie',
      },
      {
        case: 'Object.prototype.toJSON and JSON.stringify rewritten to name the shop',
        tag: 'lying-json',
        code: LYING_JSON,
        flag: '__jsonLies',
        // Once the page hooks know the controls (the profile), so the clicks are announced over the lane.
        delayMs: 500,
      },
      {
        case: 'Array, Map, Set and WeakMap methods rewritten to drop or hide what Saq keeps',
        tag: 'lying-collections',
        code: LYING_COLLECTIONS,
        flag: '__collectionsLie',
        delayMs: 500,
      },
      {
        case: 'setters on Array.prototype[0…63] that swallow stack lines naming the helper and Saq-shaped messages',
        tag: 'lying-index-setters',
        code: LYING_INDEX_SETTERS,
        flag: '__indexSettersLie',
        delayMs: 500,
      },
    ])('$case cannot pass the helper off as the shop', async ({ case: name, tag, code, flag, delayMs }, { task }) => {
      const saq = await browser();
      const attack = helperAttack('page', tag);
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=${tag}`,
        PRODUCT,
        { top: inline(code), end: fromCdn(tag) },
        { [tag]: delayMs === undefined ? attack : `setTimeout(() => { ${attack} }, ${delayMs});` },
      );
      const visit = await open(saq, path);
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: name },
        {
          'the exfiltration, by the helper': (v) => ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname))(v) && byHelper(v),
          'the synthetic clicks, not credited to the shop': (v) => ofKind('untrusted-activation')(v) && notShop(v),
        },
      );
      expect(await visit.page.evaluate((key) => (window as unknown as Record<string, unknown>)[key], flag)).toBe(true);
      expectNoPageErrors(visit);
    });
  });
}
