/**
 * Hostile pages that flood Saq: 10,000 findings and 300 distinct exfiltration verdicts, then a real attack;
 * and a quiet flood of findings no rule flags followed, in the same task, by an exfiltration. The
 * background stays bounded (at most MAX_VERDICTS_PER_TAB verdicts), the verdict stays right (the later
 * attack is not crowded out; the quiet flood cannot hide the exfiltration), the popup still renders,
 * nothing crashes, and the shop still works.
 */
import { describe, expect, it } from 'vitest';
import { MAX_VERDICTS_PER_TAB } from '../../../src/background/tab-findings.ts';
import { floodThenAttack, fromCdn, quietFloodThenExfiltrate, telegramUrl } from '../../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import { eventually } from '../each-browser.ts';
import {
  expectNoPageErrors,
  hostileLog,
  mentions,
  ofKind,
  open,
  personAddsToCart,
  expectDetected,
  type HostileSuite,
} from '../hostile-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

export function floodTests({ context, browser, reservations }: HostileSuite): void {
  describe('floods', () => {
    it('10,000 findings and 300 distinct verdicts: bounded, the later attack still seen, the popup renders, the shop works', async ({
      task,
    }) => {
      const saq = await browser();
      const tag = 'after-flood';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=flood`,
        PRODUCT,
        { end: fromCdn('flood') },
        { flood: floodThenAttack(tag) },
      );
      const visit = await open(saq, path);
      await eventually(
        () => visit.page.evaluate(() => (window as unknown as { __flooded?: boolean }).__flooded === true),
        Boolean,
        'the flood to run',
        30_000,
      );
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'flood of 10,000 findings, then an attack' },
        {
          'the flood itself (code from strings)': ofKind('dynamic-code'),
          'the later exfiltration, not crowded out': ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
          'the later synthetic clicks': ofKind('untrusted-activation'),
        },
        30_000,
      );
      const report = await saq.report(visit.tabId);
      console.info(`[${saq.name}] flood: ${report.findingCount} findings reached the background, ${report.verdicts.length} verdicts kept`);
      expect(report.verdicts.length).toBeLessThanOrEqual(MAX_VERDICTS_PER_TAB);
      expect(report.findingCount).toBeGreaterThan(1_000);
      expect(report.severity).toBe('critical');
      expect(await saq.badgeText(visit.tabId)).toBe('99+');
      const popup = await saq.openPopup(visit.tabId);
      expect(await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'))).toBe('critical');
      await popup.close();
      expect(await hostileLog(visit.page)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await personAddsToCart(visit.page, reservations);
      expectNoPageErrors(visit);
    }, 120_000);

    it('a quiet flood of findings no rule flags cannot hide an exfiltration made in the same task', async ({ task }) => {
      const saq = await browser();
      const tag = 'after-quiet-flood';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=quiet-flood`,
        PRODUCT,
        { end: fromCdn('quiet') },
        { quiet: quietFloodThenExfiltrate(tag) },
      );
      const visit = await open(saq, path);
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'exfiltration', case: 'hidden behind a quiet flood of 1,100 findings' },
        {
          'the exfiltration': ofKind('exfiltration', mentions(new URL(telegramUrl(tag)).pathname)),
        },
      );
      expect(await hostileLog(visit.page)).toEqual([]);
      expectNoPageErrors(visit);
    }, 90_000);
  });
}
