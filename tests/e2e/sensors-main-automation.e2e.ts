/**
 * Automation frameworks (issue 3, item 9, page-world half): a browser launched with automation flags
 * (navigator.webdriver), Puppeteer evaluations acting on the page (`pptr:` frames), ChromeDriver's
 * `cdc_` globals, and a "stealth" patch hiding webdriver. A person's browser — with a CDP client
 * attached, as when DevTools is open — and a user-agent switcher stay silent (at most an info note).
 * Trusted purchase actions at inhuman speed are the background's cadence check (sensors-rest).
 */
import { expect, it } from 'vitest';
import { BENIGN, CDC_GLOBALS, CDC_GLOBALS_HIDDEN, STEALTH_WEBDRIVER, STEALTH_WEBDRIVER_PROXY } from '../helpers/hostile/main-world.ts';
import { describeEachBrowser } from './each-browser.ts';
import { describeVerdicts, maybeVerdict, recordCase, settleAndListLoud, sharedBrowser, verdicts, visit } from './sensors-main-support.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const BEHAVIOUR = 'automation';
const page = (head: string): string =>
  `<!doctype html><html lang="kk"><head><meta charset="utf-8">${head}</head><body><h1>Ілбіс</h1><button data-action="add-to-cart">Себетке</button></body></html>`;

describeEachBrowser('MAIN-world sensors: a driven browser', (context) => {
  const browser = sharedBrowser(context, { automationFlag: true });
  const { browserName } = context;

  it('sees navigator.webdriver in a browser launched with automation flags', async ({ task }) => {
    const saq = await browser();
    const { tabId } = await visit(saq, PRODUCT);
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-AUT-001');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'browser launched with automation flags (webdriver)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.actor.type).toBe('automation');
  });

  it('names Puppeteer as the actor of a click it evaluates in the page', async ({ task }) => {
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, PRODUCT);
    await tab.evaluate(() => (document.querySelector('[data-action="add-to-cart"]') as HTMLButtonElement).click());
    const frames = await maybeVerdict(saq, tabId, 'SAQ-AUT-003');
    const click = await maybeVerdict(saq, tabId, 'SAQ-ACT-001', (v) => v.finding.actor.type === 'automation');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'Puppeteer evaluation clicks add to cart (pptr: frames)',
      malicious: true,
      flagged: frames !== null,
      browser: browserName,
    });
    expect(frames?.finding.evidence).toMatchObject({ marker: 'pptr-frame', phase: 'stack' });
    expect(click).not.toBeNull();
  });

  it("sees navigator.webdriver, and the patch, when a stealth patch puts the browser's own getter behind a Proxy", async ({ task }) => {
    context.shop.setFixture('/kz/stealth-proxy', page(STEALTH_WEBDRIVER_PROXY));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/stealth-proxy');
    const patched = await maybeVerdict(saq, tabId, 'SAQ-AUT-006');
    const webdriver = await maybeVerdict(saq, tabId, 'SAQ-AUT-001');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'stealth patch of navigator.webdriver (Proxy of the native getter) in a driven browser',
      malicious: true,
      flagged: patched !== null || webdriver !== null,
      browser: browserName,
    });
    expect(patched?.finding.evidence).toMatchObject({ marker: 'native-patched', name: 'Navigator.prototype.webdriver' });
    expect(webdriver?.finding.evidence).toMatchObject({ marker: 'webdriver', name: 'navigator.webdriver' });
  });
});

describeEachBrowser('MAIN-world sensors: automation traces in a person-like browser', (context) => {
  const browser = sharedBrowser(context);
  const { browserName } = context;

  it.for([
    { case: 'ChromeDriver cdc_ globals', head: CDC_GLOBALS },
    { case: 'ChromeDriver cdc_ globals hidden from Object.keys, getOwnPropertyNames and RegExp test', head: CDC_GLOBALS_HIDDEN },
  ])('sees $case', async ({ case: name, head }, { task }) => {
    context.shop.setFixture('/kz/driven', page(head));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/driven');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-AUT-002');
    recordCase(task, { behaviour: BEHAVIOUR, case: name, malicious: true, flagged: verdict !== null, browser: browserName });
    expect(String(verdict?.finding.evidence.name)).toMatch(/^cdc_/);
  });

  it("sees Playwright's init-script global", async ({ task }) => {
    context.shop.setFixture('/kz/driven-pw', page('<script>window.__pwInitScripts = {};</script>'));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/driven-pw');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-AUT-003');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "Playwright's __pwInitScripts global",
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ marker: 'playwright-binding', name: '__pwInitScripts' });
  });

  it("stays silent for a shop's PWA install prompt kept in a __pwa… global", async ({ task }) => {
    context.shop.setFixture(
      '/kz/pwa-prompt',
      page(
        `<script>window.__pwaInstallPrompt = null; addEventListener('beforeinstallprompt', (e) => { e.preventDefault(); window.__pwaInstallPrompt = e; });</script>`,
      ),
    );
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/pwa-prompt');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: "shop's PWA install prompt in a __pwa… global (benign)",
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
    expect((await verdicts(saq, tabId)).filter((verdict) => verdict.finding.kind === 'automation-marker')).toEqual([]);
  });

  it('sees a stealth patch that hides navigator.webdriver', async ({ task }) => {
    context.shop.setFixture('/kz/stealth', page(STEALTH_WEBDRIVER));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/stealth');
    const verdict = await maybeVerdict(saq, tabId, 'SAQ-AUT-006');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'stealth patch of navigator.webdriver (non-native getter)',
      malicious: true,
      flagged: verdict !== null,
      browser: browserName,
    });
    expect(verdict?.finding.evidence).toMatchObject({ marker: 'native-patched', name: 'Navigator.prototype.webdriver' });
  });

  it('stays silent for a person buying while a CDP client is attached (as with DevTools open)', async ({ task }) => {
    const saq = await browser();
    const { page: tab, tabId } = await visit(saq, PRODUCT);
    await tab.click('[data-action="add-to-cart"]');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'a person with a CDP client attached (DevTools-like)',
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
    expect((await verdicts(saq, tabId)).filter((verdict) => verdict.finding.kind === 'automation-marker')).toEqual([]);
  });

  it('keeps a user-agent switcher at an info note', async ({ task }) => {
    context.shop.setFixture('/kz/ua-switched', page(BENIGN.uaSwitcher));
    const saq = await browser();
    const { tabId } = await visit(saq, '/kz/ua-switched');
    const info = await maybeVerdict(saq, tabId, 'SAQ-AUT-004');
    const noisy = await settleAndListLoud(saq, tabId);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'user-agent switcher patches navigator.userAgent',
      malicious: false,
      flagged: noisy.length > 0,
      browser: browserName,
    });
    expect(describeVerdicts(noisy)).toEqual([]);
    expect(info?.severity).toBe('info');
  });
});
