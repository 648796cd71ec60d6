/**
 * Trusted purchase actions at inhuman speed or regularity. Puppeteer's `page.click` sends trusted CDP
 * input, so `isTrusted` says nothing: the click series does (same point every time, the click count
 * stuck at 1, ~10 per second). A fast person at sale start — trusted input, irregular pauses, never the
 * same pixel twice — must stay silent. Neither browser carries Puppeteer's automation flag here: the
 * driver is caught by its behaviour, not by navigator.webdriver.
 */
import { expect, it } from 'vitest';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { afterSettling, humanPause, openShopTab, rulesFire, sleep, whatWasSeen } from './sensors-rest-support.ts';

const BEHAVIOUR = 'purchase cadence';
const BUTTON = '[data-action="add-to-cart"]';

describeEachBrowser('sensors-rest: purchase cadence', (context) => {
  const saqBrowser = context.blockBrowser(() => ({}));
  const browser = context.browserName;

  it('catches Puppeteer clicking "add to cart" 20 times at a fixed 50 ms', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, '/kz/product/altyn-tulpar-gold');
    for (let i = 0; i < 20; i++) {
      await page.click(BUTTON);
      await sleep(50);
    }
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CAD-003']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'Puppeteer page.click ×20 at a fixed 50 ms (trusted CDP input)',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    expect(verdicts).not.toBeNull();
    const cadence = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CAD-003')!.finding.evidence;
    expect(cadence.actions).toBeGreaterThanOrEqual(6);
    expect(cadence.samePointRepeats).toBeGreaterThanOrEqual(3);
  });

  it('stays silent for a fast person clicking as the sale opens (trusted, irregular)', async ({ task }) => {
    context.shop.setSalePhase('snow-leopard-silver', 'countdown', { opensInMs: 2_500 });
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, '/kz/product/snow-leopard-silver');
    await eventually(
      () => page.$eval(BUTTON, (button) => (button as HTMLButtonElement).disabled),
      (disabled) => !disabled,
      'the sale to open',
    );
    const box = (await (await page.$(BUTTON))!.boundingBox())!;
    for (let i = 0; i < 7; i++) {
      // A hand lands somewhere on the button, never twice on the same pixel, and holds it briefly.
      const x = box.x + box.width * (0.2 + 0.6 * Math.random());
      const y = box.y + box.height * (0.25 + 0.5 * Math.random());
      await page.mouse.move(x, y, { steps: 3 });
      await page.mouse.down();
      await humanPause(60, 70);
      await page.mouse.up();
      await humanPause(250, 700);
    }
    const { serious, badge } = await afterSettling(saq, tabId);
    // This benign case has been flagged on a first attempt in full runs only: say by which rule and on what.
    if (serious.length > 0)
      console.info(
        `[${browser}] fast person flagged:`,
        JSON.stringify(serious.map((verdict) => [verdict.ruleId, verdict.finding.evidence])),
        await whatWasSeen(saq, tabId, context.shop.requests),
      );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'fast person at sale start (trusted, irregular)',
      malicious: false,
      flagged: serious.length > 0,
      browser,
    });
    expect(serious).toEqual([]);
    expect(badge).toBe('');
    expect(context.shop.requests.some((request) => request.path === '/api/cart/items')).toBe(true);
  });

  // Chromium stops counting a run of clicks at 3: a person hammering the button at one point gets 1, 2, 3, 3, 3, 3,
  // and each 3 after a 3 was read as a driver's click whose count did not rise (SAQ-CAD-003, review of stop 54).
  // Chromium only: Firefox under WebDriver BiDi takes no click count from the driver (every click says 1 there).
  it.skipIf(browser === 'firefox')("does not take a person's capped click count for a driver's same-point repeats", async ({ task }) => {
    context.shop.setSalePhase('snow-leopard-silver', 'on-sale');
    const saq = await saqBrowser();
    const { page, tabId } = await openShopTab(saq, '/kz/product/snow-leopard-silver');
    const box = (await (await page.$(BUTTON))!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.43, box.y + box.height * 0.61, { steps: 4 });
    for (const count of [1, 2, 3, 3, 3, 3]) {
      // The click count a real mouse's run gives the page (Puppeteer takes it, but keeps it out of its public types).
      const press = { clickCount: count } as Parameters<typeof page.mouse.down>[0];
      await page.mouse.down(press);
      await humanPause(40, 40);
      await page.mouse.up(press);
      await humanPause(110, 120);
    }
    const { serious } = await afterSettling(saq, tabId);
    const repeats = serious.filter((verdict) => verdict.ruleId === 'SAQ-CAD-003');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "a person hammering the button at one point, the browser's click count capped at 3 (Chromium)",
      malicious: false,
      flagged: repeats.length > 0,
      browser,
    });
    expect(repeats).toEqual([]);
    expect(context.shop.requests.some((request) => request.path === '/api/cart/items')).toBe(true);
  });
});
