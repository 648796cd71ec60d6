/**
 * The first complete path: a helper extension injects a foreign script that auto-clicks "add to cart";
 * Saq's badge lights for that tab and the popup lists the findings. A person buying with trusted mouse
 * and keyboard input leaves the badge empty.
 */
import { expect, it } from 'vitest';
import { autoBuyScript, HELPER_CDN } from '../helpers/hostile-scripts.ts';
import { HELPER_EXTENSION } from '../helpers/paths.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';

describeEachBrowser('vertical slice', (context) => {
  it('catches a helper extension that injects an auto-clicker', async () => {
    context.shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
    const saq = await context.launch({ extraExtensions: [HELPER_EXTENSION] });
    const page = await saq.newShopPage(PRODUCT);
    const tabId = await saq.tabIdOf(page);

    const badge = await eventually(
      () => saq.badgeText(tabId),
      (text) => text !== '',
      'the badge to light up',
    );
    expect(Number(badge)).toBeGreaterThanOrEqual(1);
    // The helper really ran: the replica received its cart requests.
    await eventually(
      async () => context.shop.requests.filter((r) => r.path.startsWith('/api/cart/')).length,
      (n) => n > 0,
      'cart requests',
    );

    const popup = await saq.openPopup(tabId);
    const kinds = await popup.$$eval('[data-testid="findings"] li', (items) => items.map((item) => item.getAttribute('data-kind')));
    expect(kinds).toContain('untrusted-activation');
    expect(kinds).toContain('script-inserted');
    const text = await popup.$eval('[data-testid="findings"]', (list) => list.textContent ?? '');
    expect(text).toContain(`https://${HELPER_CDN}/autobuy.js`);
  });

  it('stays silent for a person buying with mouse and keyboard', async () => {
    const saq = await context.launch();
    const page = await saq.newShopPage(PRODUCT);
    const tabId = await saq.tabIdOf(page);
    await page.click('[data-role="quantity"]', { count: 3 });
    await page.keyboard.type('1');
    await page.click('[data-action="add-to-cart"]');
    await eventually(
      async () => context.shop.requests.filter((r) => r.path.startsWith('/api/cart/')).length,
      (n) => n > 0,
      'the cart request',
    );
    // Let the shop's own background activity (stock polling, lazy chunk, analytics) run for a while.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await saq.badgeText(tabId)).toBe('');
    const popup = await saq.openPopup(tabId);
    expect(await popup.$eval('[data-testid="verdict"]', (node) => node.getAttribute('data-severity'))).toBe('clean');
    expect(await popup.$('[data-testid="findings"]')).toBeNull();
  });
});
