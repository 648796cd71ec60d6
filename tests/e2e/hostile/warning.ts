/**
 * Hostile pages against Saq's in-page warning, with a helper at work. The warning's own defences (restored
 * after removal, immune to page CSS and later elements) are proven in tests/e2e/ui-warning.e2e.ts; here:
 * a page that keeps removing the warning does not stop Saq from seeing what the helper does next, and the
 * removal itself is reported. The top layer (a modal <dialog>, a popover) paints above any z-index: the
 * warning lives there too and goes back on top when the page opens a dialog or popover over it.
 */
import { describe, expect, it } from 'vitest';
import { fromCdn, helperAttack, telegramUrl, topLayerCover, WARNING_REMOVER } from '../../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../../helpers/hostile/pages.ts';
import { eventually } from '../each-browser.ts';
import { expectNoPageErrors, mentions, ofKind, open, expectDetected, type HostileSuite } from '../hostile-support.ts';
import { warningProbe } from '../ui-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

export function warningTests({ context, browser }: HostileSuite): void {
  describe('the in-page warning attacked', () => {
    it('a page that keeps removing the warning: the removal is reported and the helper’s next acts are still seen', async ({ task }) => {
      const saq = await browser();
      const first = 'before-removal';
      const next = 'after-removal';
      const path = await serveHostilePage(
        context.shop,
        `${PRODUCT}?hostile=remove-warning`,
        PRODUCT,
        { end: fromCdn('remover') },
        {
          remover: `${helperAttack('page', first)}\nsetTimeout(() => { ${WARNING_REMOVER} }, 1500);\nsetTimeout(() => { ${helperAttack('page', next)} }, 4000);`,
        },
      );
      const visit = await open(saq, path);
      await expectDetected(
        task,
        saq,
        visit.tabId,
        { behaviour: 'defence tampering', case: 'page keeps removing the warning' },
        {
          'the first exfiltration': ofKind('exfiltration', mentions(new URL(telegramUrl(first)).pathname)),
          'the warning removed': ofKind('defence-tamper', (e) => e.what === 'banner-removed'),
          'the exfiltration after the removal': ofKind('exfiltration', mentions(new URL(telegramUrl(next)).pathname)),
        },
      );
      // Once the page stops, the warning is back.
      await eventually(
        () => warningProbe(saq, visit.tabId),
        (p) => p !== null && p.visible && p.onTop,
        'the warning back on top',
        15_000,
      );
      expectNoPageErrors(visit);
    });

    for (const kind of ['dialog', 'popover'] as const) {
      // The warning is a manual popover: a page's dialog or popover opened later puts it back on top.
      it(`a ${kind} in the top layer covering the page: the warning is back on top, or the cover is reported`, async () => {
        const saq = await browser();
        const tag = `cover-${kind}`;
        const path = await serveHostilePage(
          context.shop,
          `${PRODUCT}?hostile=${tag}`,
          PRODUCT,
          { end: fromCdn(tag) },
          { [tag]: helperAttack('page', tag) },
        );
        const visit = await open(saq, path);
        await eventually(
          () => warningProbe(saq, visit.tabId),
          (p) => p !== null && p.visible && p.onTop,
          'the warning',
        );
        await visit.page.evaluate(topLayerCover(kind));
        const covered = await eventually(
          async () => ({
            probe: await warningProbe(saq, visit.tabId),
            reported: (await saq.report(visit.tabId)).verdicts.some(
              (v) => v.finding.kind === 'defence-tamper' && /cover|top-layer/.test(String(v.finding.evidence.what)),
            ),
          }),
          (state) => state.probe?.onTop === true || state.reported,
          'the warning back on top or the cover reported',
          3_000,
        );
        expect(covered.probe?.onTop || covered.reported).toBe(true);
      });
    }
  });
}
