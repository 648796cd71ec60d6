/**
 * Quantity and limit tampering — the quantity set past the shown limit by a script, the control's
 * `max` raised, a cart request carrying more than the limit — against a person choosing a quantity,
 * within the limit or past it (the shop refuses that itself; Saq has nothing to add).
 */
import { expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER } from '../helpers/fixture-extensions.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { afterSettling, humanPause, openShopTab, PRODUCT, rulesFire, sharedBrowser } from './sensors-rest-support.ts';

const BEHAVIOUR = 'quantity tampering';
const QUANTITY = '[data-role="quantity"]';

describeEachBrowser('sensors-rest: quantity and limit', (context) => {
  const saqBrowser = sharedBrowser(context, () => ({ extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS] }));
  const browser = context.browserName;

  it('catches a helper setting the quantity past the limit and buying', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, 'quantity');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-001']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'quantity set to 5 by script (limit 2), then add to cart',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-001')!.finding.evidence).toMatchObject({
      quantity: 5,
      limit: 2,
      how: 'value-set',
    });
  });

  it('catches a helper raising the quantity control’s max', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT, 'raise-max');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-002']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'max attribute raised to 50 (limit 2)',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-002')!.finding.evidence).toMatchObject({
      how: 'max-raised',
      quantity: 50,
      limit: 2,
    });
  });

  it('catches a helper raising the max while the page is still being parsed', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, `${PRODUCT}?parse-pause=400`, 'raise-max-early');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-002']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'max raised to 50 during the parse (limit 2)',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    // The fixture notes the document's state when it acted: this case is about the parse.
    expect(await page.evaluate(() => document.documentElement.dataset.saqHelperPhase)).toBe('loading');
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-002')!.finding.evidence).toMatchObject({
      how: 'max-raised',
      quantity: 50,
      limit: 2,
    });
  });

  it('catches a cart request whose body asks for more than the limit', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    // Console-style code posting straight to the cart API.
    await page.evaluate(() =>
      fetch('/api/cart/items', {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ productId: 'p-102', qty: 50 }),
      }),
    );
    const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-001']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cart request body asks for 50 (limit 2)',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const tamper = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-001')!;
    expect(tamper.finding.evidence).toMatchObject({ quantity: 50, limit: 2, how: 'request-body' });
    expect(tamper.finding.actor.type).not.toBe('page');
  });

  it('stays silent for a person choosing a quantity, within the limit and past it', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    for (const typed of ['2', '5']) {
      await page.click(QUANTITY, { count: 3 });
      await page.keyboard.type(typed, { delay: 90 });
      await humanPause(400, 400);
      await page.click('[data-action="add-to-cart"]');
      await eventually(
        () => page.$eval('[data-role="cart-message"]', (message) => message.textContent ?? ''),
        (text) => text !== '' && text !== '…',
        'the shop to answer',
      );
      await humanPause(600, 600);
    }
    const { serious, badge } = await afterSettling(saq, tabId, 1_500);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'person types 2, then 5 (the shop refuses 5 itself)',
      malicious: false,
      flagged: serious.length > 0,
      browser,
    });
    expect(serious).toEqual([]);
    expect(badge).toBe('');
    // The person's 5 did reach the shop, which refused it (limit message shown).
    expect(context.shop.requests.some((request) => request.path === '/api/cart/reserve' && request.body.includes('"qty":5'))).toBe(true);
    expect(await page.$eval('[data-role="cart-message"]', (message) => message.className)).toContain('msg--warn');
  });
});
