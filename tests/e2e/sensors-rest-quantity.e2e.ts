/**
 * Quantity and limit tampering — the quantity set past the shown limit by a script, the control's
 * `max` raised, a cart request carrying more than the limit — against a person choosing a quantity,
 * within the limit or past it (the shop refuses that itself; Saq has nothing to add).
 */
import { expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER } from '../helpers/fixture-extensions.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { afterSettling, humanPause, openShopTab, PRODUCT, rulesFire, sleep } from './sensors-rest-support.ts';

const BEHAVIOUR = 'quantity tampering';
const QUANTITY = '[data-role="quantity"]';
/**
 * A product page whose quantity is a list (`select[name="quantity"]` in the profile; the replica's is a number
 * field): options 1 and 2, and the shop reads the chosen option's value.
 */
const SELECT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coin</title></head><body>
<main data-role="buy-block" data-product-id="p-102"><p data-role="limit-message">Limit: 2 per buyer</p>
<select name="quantity" data-role="quantity"><option value="1">1</option><option value="2">2</option></select>
<button type="button" class="btn" data-action="add-to-cart">Add to cart</button></main>
<script>
document.querySelector('[data-action]').addEventListener('click', function () {
  var qty = Number(document.querySelector('select').value);
  fetch('/api/cart/reserve', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ productId: 'p-102', qty: qty }) });
});
</script></body></html>`;

describeEachBrowser('sensors-rest: quantity and limit', (context) => {
  const saqBrowser = context.blockBrowser(() => ({ extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS] }));
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

  // A helper writes the quantity so that no selector or reading of Saq's saw 5, then a person buys: [helper mode,
  // what it did, the field as it then stands, the value it wrote, the case's title].
  for (const [mode, field, written, what, title] of [
    [
      'quantity-exponent',
      QUANTITY,
      '0.5e1',
      "quantity set to '0.5e1' by script (5; limit 2), then a person adds to cart",
      'writing the quantity as 0.5e1 (5 to the shop, 0 to parseInt)',
    ],
    [
      'quantity-stripped',
      '[data-role="buy-block"] input[type="number"]',
      '5',
      'quantity field stripped of data-role and name, set to 5 by script (limit 2), then a person adds to cart',
      'taking the quantity field’s selectors off and writing 5',
    ],
  ] as const)
    it(`catches a helper ${title}, then a person buying`, async ({ task }) => {
      const saq = await saqBrowser();
      const { page, tabId } = await openShopTab(saq, PRODUCT, mode);
      await eventually(
        () => page.$eval(field, (element) => (element as HTMLInputElement).value),
        (value) => value === written,
        'the helper to write the quantity',
      );
      await page.click('[data-action="add-to-cart"]');
      const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-001']);
      recordCase(task, { behaviour: BEHAVIOUR, case: what, malicious: true, flagged: verdicts !== null, browser });
      expect(verdicts).not.toBeNull();
      expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-001')!.finding.evidence).toMatchObject({
        quantity: 5,
        limit: 2,
        how: 'value-set',
      });
      // The shop read it as 5 and asked for 5.
      expect(context.shop.requests.some((request) => request.path === '/api/cart/reserve' && request.body.includes('"qty":5'))).toBe(true);
    });

  it('catches a helper giving the quantity list’s option "2" the value 5, then a person picking 2 and buying', async ({ task }) => {
    context.shop.setFixture('/kz/product/select-quantity', SELECT_PAGE);
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, '/kz/product/select-quantity', 'option-value');
    await eventually(
      () => page.$eval('select', (select) => (select as HTMLSelectElement).options[1]!.value),
      (value) => value === '5',
      'the helper to change the option',
    );
    // The person picks the second option, "2", with the keyboard (trusted), and adds to cart.
    await page.focus('select');
    await page.keyboard.press('ArrowDown');
    await humanPause(300, 200);
    await page.click('[data-action="add-to-cart"]');
    const verdicts = await rulesFire(saq, tabId, ['SAQ-QTY-002']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'the quantity list\'s option "2" given the value 5 by script (limit 2), then a person picks 2 and adds to cart',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-QTY-002')!.finding.evidence).toMatchObject({
      how: 'option-added',
      quantity: 5,
      limit: 2,
    });
    // The person's "2" asked the shop for 5.
    expect(context.shop.requests.some((request) => request.path === '/api/cart/reserve' && request.body.includes('"qty":5'))).toBe(true);
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

  it('catches the quantity in every form a body can take, and in a fetch init read through getters', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, PRODUCT);
    // Console-style code hiding `qty: 50` from a reader of plain text bodies: each route posts to its own URL.
    const getterReads = await page.evaluate(async () => {
      const to = (route: string): string => `/api/cart/items/${route}`;
      const json = JSON.stringify({ productId: 'p-102', qty: 50 });
      const reads: Record<string, number> = { method: 0, body: 0 };
      const quiet = (promise: Promise<unknown>): void => void promise.catch(() => {});
      quiet(
        fetch(to('getters'), {
          get method() {
            reads.method! += 1;
            return 'POST';
          },
          get body() {
            reads.body! += 1;
            return json;
          },
        }),
      );
      quiet(fetch(to('proxy'), new Proxy({ method: 'POST', body: json }, {})));
      quiet(fetch(to('params'), { method: 'POST', body: new URLSearchParams({ productId: 'p-102', qty: '50' }) }));
      const form = new FormData();
      form.append('productId', 'p-102');
      form.append('qty', '50');
      quiet(fetch(to('form'), { method: 'POST', body: form }));
      quiet(fetch(to('blob'), { method: 'POST', body: new Blob([json], { type: 'application/json' }) }));
      quiet(fetch(new Request(to('request'), { method: 'POST', body: json })));
      const params = new XMLHttpRequest();
      params.open('POST', to('xhr-params'));
      params.send(new URLSearchParams({ qty: '50' }));
      const object = new XMLHttpRequest();
      object.open({ toString: () => 'POST' } as unknown as string, to('xhr-object'));
      object.send({ toString: () => json } as unknown as string);
      navigator.sendBeacon(to('beacon-bytes'), new TextEncoder().encode(json));
      return reads;
    });
    const routes = ['getters', 'proxy', 'params', 'form', 'blob', 'request', 'xhr-params', 'xhr-object', 'beacon-bytes'];
    const tampers = async (): Promise<Set<string>> => {
      const { verdicts } = await saq.report(tabId);
      const seen = new Set<string>();
      for (const verdict of verdicts)
        if (verdict.ruleId === 'SAQ-QTY-001' && verdict.finding.evidence.how === 'request-body' && verdict.finding.evidence.quantity === 50)
          seen.add(new URL(String(verdict.finding.evidence.url)).pathname.replace('/api/cart/items/', ''));
      return seen;
    };
    const seen = await eventually(
      tampers,
      (found) => routes.every((route) => found.has(route)),
      'a quantity finding per route',
      15_000,
    ).catch(() => tampers());
    for (const route of routes)
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `cart request asks for 50 (limit 2): ${route}`,
        malicious: true,
        flagged: seen.has(route),
        browser,
      });
    expect([...seen].sort()).toEqual([...routes].sort());
    // The page's getters ran once each, as without Saq: the browser read them, Saq read its Request.
    expect(getterReads).toEqual({ method: 1, body: 1 });
    // And the hooks reported the method the network saw: no cart request counted as unhooked (once the
    // background's wait for hook reports, network_grace_ms, is over).
    await sleep(2_000);
    const { verdicts } = await saq.report(tabId);
    expect(verdicts.filter((verdict) => verdict.finding.evidence.via === 'network').map((verdict) => verdict.ruleId)).toEqual([]);
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
