/**
 * Keyloggers (issue 3, item 7): a foreign listener on the password field, a foreign key handler on the
 * sign-in form or a wrapper around it, or on the whole document, that a keystroke in the password field reaches, and a script that reads the SMS code
 * and sends it. A password manager's autofill and a person signing in stay silent.
 */
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import { pollPage, type SaqBrowser } from '../helpers/harness.ts';
import { serveHostilePage } from '../helpers/hostile/pages.ts';
import { CLOSED_LOGIN, DECLARATIVE_LOGIN, HELPER_CDN, SHADOW_LOGIN, type MainWorldScript } from '../helpers/hostile/main-world.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import { keptFindings } from './kept-findings.ts';
import {
  describeVerdicts,
  maybeVerdict,
  recordCase,
  serve,
  settleAndListLoud,
  sharedBrowser,
  verdicts,
  visit,
} from './sensors-main-support.ts';

const LOGIN = '/kz/login';
const BEHAVIOUR = 'keylogger';
const helper = (name: string): string => `https://${HELPER_CDN}/${name}.js`;

/** Once the re-opened document's sign-in form is there (and its scripts had a moment), the person types a password. */
async function typeAfterReopen(page: Page): Promise<void> {
  await page.waitForSelector('html[data-opened] [data-role="password"]');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await page.type('[data-role="password"]', 'abc');
}

describeEachBrowser('MAIN-world sensors: keyloggers', (context) => {
  const browser = sharedBrowser(context);
  const { browserName } = context;
  const helperLoaded = (name: string) =>
    eventually(async () => context.shop.requests.some((request) => request.path === `/${name}.js`), Boolean, `${name}.js to load`);

  it('catches a foreign key listener on the password field', async ({ task }) => {
    serve(context, 'field-keylogger');
    const saq = await browser();
    const { tabId } = await visit(saq, `${LOGIN}?saq-tag=field-keylogger`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'keydown listener on the password field',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.severity).toBe('danger');
    expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keydown', scope: 'field' });
    expect(verdict?.finding.actor.url).toBe(helper('field-keylogger'));
  });

  it('catches a document-wide key handler once a keystroke in the password field reaches it', async ({ task }) => {
    serve(context, 'document-keylogger');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=document-keylogger`);
    await helperLoaded('document-keylogger');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.type('[data-role="password"]', 'abc');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.scope === 'document');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'document.onkeyup catching password keystrokes',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keyup' });
    expect(verdict?.finding.actor.url).toBe(helper('document-keylogger'));
  });

  // document.open() erases every world's listeners on the window and the document: Saq's keystroke listeners too,
  // which tell which field a key was typed in. They come back inside the hooked call (src/content/main/
  // lasting-listeners.ts). The page re-opens its document after load and writes a sign-in form and the helper.
  // Re-opened by the page (the hooked call adds them again), or by another extension's isolated world (no hook sees
  // that call: the ISOLATED world sees the document's children replaced and tells this world). Firefox refuses
  // `document.open()` to a content script (SecurityError): the second case is Chromium's only.
  it.for([
    ['the page', 'page'],
    ["another extension's isolated world", 'isolated'],
  ] as const)(
    'catches a document-wide key handler after %s re-opened the document with a sign-in form',
    async ([who, by], { task, skip }) => {
      if (by === 'isolated' && browserName === 'firefox') return skip();
      serve(context, 'document-keylogger');
      const saq = await browser();
      // The page's code puts the keylogger in once the document is re-opened, by whoever.
      const reopens =
        by === 'page'
          ? `addEventListener('load', function () {
  setTimeout(function () {
    document.open();
    document.write('<!doctype html><html data-opened=""><head><title>Sign in</title></head><body><form>'
      + '<input name="login" data-role="username"><input type="password" name="password" data-role="password">'
      + '<button type="button">Sign in</button></form></body></html>');
    document.close();
  }, 200);
});`
          : '';
      const path = await serveHostilePage(context.shop, `/kz/login-reopened-by-${by}`, LOGIN, {
        end: `<script>
${reopens}
var waiting = setInterval(function () {
  if (!document.documentElement || !document.documentElement.hasAttribute('data-opened') || !document.body) return;
  clearInterval(waiting);
  var script = document.createElement('script');
  script.src = '${helper('document-keylogger')}';
  document.body.appendChild(script);
}, 50);
</script>`,
      });
      const { page, tabId } = await visit(saq, by === 'isolated' ? `${path}?saq-isolated=reopens-login` : path);
      await helperLoaded('document-keylogger');
      await typeAfterReopen(page);
      const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.scope === 'document');
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `document.onkeyup catching password keystrokes, after ${who} re-opened the document`,
        malicious: true,
        flagged: verdict !== null,
        browser: browserName,
      });
      expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keyup' });
      expect(verdict?.finding.actor.url).toBe(helper('document-keylogger'));
    },
  );

  // A keylogger that stops each keystroke on the window, with its listener put ahead of Saq's while the re-opened
  // document had none: added inside the native `open()` (a custom element's disconnected callback, a frame's
  // pagehide), after an implicit open by a `write` once the page is loaded (no `open` call to hook), or right after
  // `open()` (the control). The stop itself is heard now (keylogger.main.ts): each but the control failed before
  // (review of stop 58).
  const SIGN_IN = `'<!doctype html><html data-opened=""><head><title>Sign in</title></head><body><form>'
    + '<input name="login" data-role="username"><input type="password" name="password" data-role="password">'
    + '<button type="button">Sign in</button></form></body></html>'`;
  it.for([
    ['right after open()', `document.open(); document.write(${SIGN_IN}); addEventListener('keyup', grab, true); document.close();`],
    [
      "in a custom element's disconnected callback",
      `customElements.define('kl-gone', class extends HTMLElement { disconnectedCallback() { addEventListener('keyup', grab, true); } });
  document.body.appendChild(document.createElement('kl-gone'));
  document.open(); document.write(${SIGN_IN}); document.close();`,
    ],
    [
      "in a frame's pagehide",
      `var frame = document.createElement('iframe'); document.body.appendChild(frame);
  frame.contentWindow.addEventListener('pagehide', function () { addEventListener('keyup', grab, true); });
  document.open(); document.write(${SIGN_IN}); document.close();`,
    ],
    ['after a write that re-opens the loaded page', `document.write(${SIGN_IN}); addEventListener('keyup', grab, true); document.close();`],
  ] as const)('catches a window key listener that stops each keystroke, added %s', async ([how, reopen], { task }) => {
    const name = `stopping-keylogger-${how.replace(/\W+/g, '-')}`;
    const code = `(function () {
  var keys = [];
  function grab(event) { keys.push(event.key); event.stopImmediatePropagation(); }
  addEventListener('load', function () { setTimeout(function () { ${reopen} }, 100); });
})();`;
    const path = await serveHostilePage(
      context.shop,
      `/kz/login-${name}`,
      LOGIN,
      { end: `<script src="${helper(name)}"></script>` },
      { [name]: code },
    );
    const saq = await browser();
    const { page, tabId } = await visit(saq, path);
    await typeAfterReopen(page);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.event === 'keyup');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: `a window key listener stopping each keystroke, added ${how} (the page re-opened)`,
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keyup', scope: 'window' });
    expect(verdict?.finding.actor.url).toBe(helper(name));
  });

  for (const [name, scope, event, what] of [
    ['form-keylogger', 'ancestor', 'keydown', 'keydown listener on the sign-in form, around the password field'],
    ['wrapper-keylogger', 'ancestor', 'input', 'oninput handler on the wrapper around the sign-in forms'],
  ] as const)
    it(`catches a ${what} once a keystroke in the password field reaches it`, async ({ task }) => {
      serve(context, name);
      const saq = await browser();
      const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=${name}`);
      await helperLoaded(name);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await page.type('[data-role="username"]', 'collector');
      // The username's keystrokes reach the same listener, but it holds no secret: nothing is reported for them.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await verdicts(saq, tabId)).filter((v) => v.ruleId === 'SAQ-KEY-001')).toEqual([]);
      await page.type('[data-role="password"]', 'abc');
      const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.scope === scope);
      recordCase(task, { behaviour: BEHAVIOUR, case: what, malicious: true, flagged: verdict !== null, browser: browserName });
      expect(verdict?.severity).toBe('danger');
      expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event });
      expect(verdict?.finding.actor.url).toBe(helper(name));
    });

  /**
   * After a password typed behind a component's shadow root: one finding per listener of the helper's (`event
   * scope`, sorted), and the helper's SAQ-KEY-001 verdict a danger.
   */
  async function expectEachListenerCaught(
    task: Parameters<typeof recordCase>[0],
    saq: SaqBrowser,
    tabId: number,
    name: MainWorldScript,
    { wanted, case: what }: { wanted: string[]; case: string },
  ): Promise<void> {
    const caught = async (): Promise<string[]> =>
      (await keptFindings(saq, tabId, 'keylogger'))
        .filter((f) => f.actor.url === helper(name) && f.evidence.field === 'password')
        .map((f) => `${String(f.evidence.event)} ${String(f.evidence.scope)}`)
        .sort();
    const found = await eventually(caught, (list) => wanted.every((w) => list.includes(w)), 'a finding per listener').catch(caught);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.actor.url === helper(name));
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: what,
      malicious: true,
      flagged: verdict !== null && wanted.every((w) => found.includes(w)),
      browser: browserName,
    });
    expect(found).toEqual(wanted);
    expect(verdict?.severity).toBe('danger');
  }

  it('catches keyloggers around a sign-in form in a shadow root: on the host, the root, a wrapper inside, the document', async ({
    task,
  }) => {
    serve(context, 'shadow-keyloggers');
    context.shop.setFixture('/assets/sign-in.js', SHADOW_LOGIN.script, { contentType: 'text/javascript' });
    context.shop.setFixture('/kz/sign-in-component', SHADOW_LOGIN.page);
    const saq = await browser();
    const { page, tabId } = await visit(saq, '/kz/sign-in-component?saq-tag=shadow-keyloggers');
    await pollPage(page, () => (window as { __shadowLoggers?: boolean }).__shadowLoggers === true, undefined, 'the helper');
    // The login's keystrokes reach every listener, but it holds no secret: nothing is reported for them.
    await page.type('shop-sign-in >>> [name="login"]', 'collector');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await verdicts(saq, tabId)).filter((v) => v.ruleId === 'SAQ-KEY-001')).toEqual([]);
    await page.type('shop-sign-in >>> [type="password"]', 'abc');
    await expectEachListenerCaught(task, saq, tabId, 'shadow-keyloggers', {
      wanted: ['input ancestor', 'keydown ancestor', 'keypress document', 'keyup ancestor'],
      case: 'key listeners on the host, shadow root, a wrapper inside it and the document, around a shadow-DOM password field',
    });
  });

  // Closed roots made two ways: by the shop's script (attachShadow, which Saq's page-world hook sees) and by the
  // parser from <template shadowrootmode="closed"> (no call to hook: the ISOLATED world looks inside).
  for (const { made, path, fixture } of [
    { made: 'by attachShadow', path: 'closed-sign-in', fixture: CLOSED_LOGIN },
    { made: 'by the parser', path: 'declarative-sign-in', fixture: DECLARATIVE_LOGIN },
  ])
    it(`catches keyloggers around sign-in fields in closed shadow roots made ${made}: on the host, the document, the window`, async ({
      task,
    }) => {
      serve(context, 'closed-shadow-keyloggers');
      context.shop.setFixture(`/assets/${path}.js`, fixture.script, { contentType: 'text/javascript' });
      context.shop.setFixture(`/kz/${path}`, fixture.page);
      const saq = await browser();
      const { page, tabId } = await visit(saq, `/kz/${path}?saq-tag=closed-shadow-keyloggers`);
      await pollPage(page, () => (window as { __closedLoggers?: boolean }).__closedLoggers === true, undefined, 'the helper');
      // No selector reaches into a closed root: a click on the host focuses the field that fills it.
      await page.click('shop-login-field');
      await page.keyboard.type('collector');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await verdicts(saq, tabId)).filter((v) => v.ruleId === 'SAQ-KEY-001')).toEqual([]);
      await page.click('shop-password-field');
      await page.keyboard.type('abc');
      await expectEachListenerCaught(task, saq, tabId, 'closed-shadow-keyloggers', {
        wanted: ['input window', 'keydown ancestor', 'keypress document'],
        case: `key listeners on the host, the document and the window, around a password field in a closed shadow root made ${made}`,
      });
      // The shop's own input listener in each root is the shop's business: only the helper is named.
      expect((await keptFindings(saq, tabId, 'keylogger')).filter((f) => f.actor.url !== helper('closed-shadow-keyloggers'))).toEqual([]);
      // The roots are closed: the page, the helper too, cannot see the fields.
      expect(await page.evaluate(() => document.querySelector('shop-password-field')!.shadowRoot)).toBeNull();
    });

  it('stays silent about keys for a foreign chat widget listening in its own box while a person signs in', async ({ task }) => {
    serve(context, 'chat-widget');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=chat-widget`);
    await helperLoaded('chat-widget');
    await page.waitForSelector('.chat textarea');
    await page.type('.chat textarea', 'hello');
    await page.type('[data-role="username"]', 'collector');
    await page.type('[data-role="password"]', 'kazcoins-2026');
    // The widget arrives by the test extension's script tag, an insertion reported on its own: only the key listener is judged here.
    const noisy = (await settleAndListLoud(saq, tabId)).filter((verdict) => verdict.ruleId === 'SAQ-KEY-001');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "a foreign chat widget's key listener on its own box (no secret field inside)",
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
  });

  it('catches a document-wide key listener whose type is given as a function with a toString', async ({ task }) => {
    serve(context, 'disguised-keylogger');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=disguised-keylogger`);
    await helperLoaded('disguised-keylogger');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.type('[data-role="password"]', 'abc');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.scope === 'document');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "addEventListener(a function that makes 'keydown', …) on the document catching password keystrokes",
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keydown' });
    expect(verdict?.finding.actor.url).toBe(helper('disguised-keylogger'));
  });

  it('catches a window-wide key listener added by a bare addEventListener call (no receiver)', async ({ task }) => {
    serve(context, 'bare-keylogger');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=bare-keylogger`);
    await helperLoaded('bare-keylogger');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.type('[data-role="password"]', 'abc');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-KEY-001', (v) => v.finding.evidence.scope === 'window');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "const listen = addEventListener; listen('keydown', …) on the window catching password keystrokes",
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ field: 'password', event: 'keydown' });
    expect(verdict?.finding.actor.url).toBe(helper('bare-keylogger'));
  });

  it('catches the SMS code read by a foreign script and sent out', async ({ task }) => {
    serve(context, 'sms-grabber');
    const saq = await browser();
    const { tabId } = await visit(saq, `${LOGIN}?saq-tag=sms-grabber`);
    const read = await maybeVerdict(saq, tabId, 'SAQ-SEN-001', (v) => v.finding.evidence.target === 'sms-code');
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
      String(v.finding.evidence.url).startsWith('https://evil.example/otp'),
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'SMS-code value read, then sent',
      malicious: true,
      flagged: read !== null && sent !== null,
      browser: browserName,
    });
    expect(read?.finding.actor.url).toBe(helper('sms-grabber'));
    expect(sent?.severity).toBe('critical');
  });

  it('stays silent for a password manager filling the login form', async ({ task }) => {
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-isolated=autofill`);
    // Read back the username only: a test reading the password would itself be a (Puppeteer) secret read.
    await eventually(
      () => page.$eval('[data-role="username"]', (field) => (field as HTMLInputElement).value),
      (value) => value !== '',
      'the autofill',
    );
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'password-manager autofill (untrusted input events)',
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
  });

  it('stays silent while a person signs in with password and SMS code', async ({ task }) => {
    const saq = await browser();
    const { page, tabId } = await visit(saq, LOGIN);
    await page.type('[data-role="username"]', 'collector');
    await page.type('[data-role="password"]', 'kazcoins-2026');
    await page.keyboard.press('Enter');
    await pollPage(page, () => document.querySelector('[data-role="sms-form"]:not([hidden])') !== null, undefined, 'the SMS step');
    await page.type('[data-role="sms-code"]', '123456');
    await page.keyboard.press('Enter');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'a person signs in (password, SMS code)',
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
    expect(context.shop.requests.some((request) => request.path === '/api/login/sms')).toBe(true);
  });
});
