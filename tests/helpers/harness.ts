/**
 * Launches a real browser with the built extension against the shop replica, the same way for
 * Chromium and Firefox, and reads what a person would see: the badge of a tab, the popup for a tab.
 *
 * Reading the badge and opening the popup both go through an extension page (the popup itself), which
 * has the extension APIs in both browsers. Chromium opens it by URL; Firefox refuses that under WebDriver
 * BiDi, so a tab is sent there with location.href — possible only because the *test* build lists the
 * popup as web-accessible (see tools/build/targets.ts).
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer';
import type { Browser, Page, Target } from 'puppeteer';
import { chromiumHostArgs, firefoxProxyPrefs } from '../shop/index.ts';
import type { ShopServer } from '../shop/index.ts';
import type { TabReport } from '../../src/shared/protocol.ts';
import { browserPath, type BrowserName } from './find-browsers.ts';
import { buildVariant } from './build-variant.ts';
import { PERSON_BROWSER, TEST_BUILD } from './paths.ts';

/**
 * Activates a page's tab. Firefox refuses while a window the page opened is closing ("BrowsingContext does
 * no longer exist" for the tab being left): a helper that opens and shuts windows at load causes exactly
 * that, so the activation is tried again once the closing is over.
 */
async function bringToFront(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.bringToFront();
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const GECKO_ID = 'saq@saq-extension.org';

export interface LaunchOptions {
  /** Keep Puppeteer's `--enable-automation` (navigator.webdriver true). Off by default: tests of people must look like people. */
  automationFlag?: boolean;
  /** More unpacked extensions to install next to Saq (the helper fixtures). */
  extraExtensions?: string[];
  /** Load Saq itself (false: the baseline browser for benchmarks). */
  withSaq?: boolean;
  /** Load Saq from this directory instead of the test build (the demo loads the release build in Chromium). */
  extensionDir?: string;
  /** Show the browser window (the demo, when a display is available). */
  headful?: boolean;
  /** Chromium only: more command-line switches, after the harness's own (a later switch of the same name wins). */
  chromiumArgs?: string[];
  /** A browser profile directory to reuse across launches (browser-restart tests); a fresh one by default. */
  userDataDir?: string;
  /** Firefox only: Saq's moz-extension UUID; reuse it across restarts so the add-on keeps its storage origin. */
  firefoxUuid?: string;
  /** Firefox only: more preferences (e.g. a short event-page idle timeout for lifecycle tests). */
  firefoxPrefs?: Record<string, string | number | boolean>;
  /**
   * Firefox only: fixed moz-extension UUIDs for fixture add-ons (gecko id → UUID), so a test can open
   * their pages, and optional permissions granted without the prompt a person would answer.
   */
  firefoxFixtures?: { uuids: Record<string, string>; grantOptionalPermissions?: boolean };
  /** Save downloads to this directory without asking (the evidence report test). */
  downloadDir?: string;
}

export interface SaqBrowser {
  name: BrowserName;
  browser: Browser;
  extensionOrigin: string;
  newShopPage(path: string): Promise<Page>;
  tabIdOf(page: Page): Promise<number>;
  /**
   * The id of the tab whose page ran `tag(marker)` (it puts `#<marker>` on its URL): for a tab driven without a
   * Puppeteer page (the benchmarks' undriven tabs). tabIdOf is this, for a page.
   */
  tabIdTagged(tag: (marker: string) => Promise<unknown>): Promise<number>;
  badgeText(tabId: number): Promise<string>;
  /** The background's report for a tab, as the popup receives it. */
  report(tabId: number): Promise<TabReport>;
  /** Opens the popup for a tab (`?tab=`) in a new page and waits for it to render. */
  openPopup(tabId: number): Promise<Page>;
  /** Opens an extension page by its path in the build (e.g. `src/options/index.html`) in a new page; test builds expose it. */
  openExtensionPage(path: string): Promise<Page>;
  /** Runs a function in an extension page, where the extension APIs are (storage, tabs.sendMessage, action). */
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export async function launch(name: BrowserName, shop: ShopServer, options: LaunchOptions = {}): Promise<SaqBrowser> {
  const withSaq = options.withSaq ?? true;
  const saqDir = options.extensionDir ?? TEST_BUILD[name];
  if (withSaq && !existsSync(saqDir))
    throw new Error(`${saqDir} is missing: run \`npm run test:e2e\` (it builds the test extension first).`);
  return name === 'chromium'
    ? launchChromium(shop, options, withSaq ? saqDir : null)
    : launchFirefox(shop, options, withSaq ? saqDir : null);
}

async function launchChromium(shop: ShopServer, options: LaunchOptions, saqDir: string | null): Promise<SaqBrowser> {
  const extensions = [...(saqDir ? [saqDir] : []), ...(options.extraExtensions ?? [])];
  const browser = await puppeteer.launch({
    executablePath: browserPath('chromium'),
    headless: !options.headful,
    defaultViewport: options.headful ? null : { width: 1280, height: 900 },
    pipe: true,
    enableExtensions: extensions,
    // Headless Chromium reports navigator.webdriver = true even without --enable-automation; a person's does not.
    args: [
      ...CHROMIUM_ARGS,
      ...chromiumHostArgs(shop),
      ...(options.automationFlag ? [] : ['--disable-blink-features=AutomationControlled']),
      ...(options.chromiumArgs ?? []),
    ],
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    ignoreDefaultArgs: options.automationFlag ? [] : ['--enable-automation'],
  });
  if (options.downloadDir) {
    const session = await browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: options.downloadDir });
  }
  let extensionOrigin = '';
  if (saqDir) {
    // Saq's service worker is the one whose manifest has our popup; helper fixtures have no worker.
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().endsWith('service-worker-loader.js'),
      { timeout: 20_000 },
    );
    extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`; // URL.origin is 'null' for non-web schemes
    await untilWorkerListens(worker);
  }
  return wrap('chromium', browser, extensionOrigin, async (page, url) => {
    await page.goto(url);
  });
}

/**
 * Waits until Saq's worker has run its top level, where it registers its listeners. The service-worker target
 * appears when the worker starts, and on an extension's first run the browser has no listeners yet to wake
 * it for, so a webRequest event before they are registered is not delivered at all. A test that opened a shop
 * page at once lost the page's frame loads (CI of 4635202: the lifecycle test's frames never recorded); a
 * worker held back 1.5 s at its start did it every time.
 */
async function untilWorkerListens(target: Target): Promise<void> {
  const worker = await target.worker();
  const deadline = Date.now() + 20_000;
  for (;;) {
    // A string, not a function: the test's types do not have `chrome`. A worker without the permission (the
    // bench's fixtures in Saq's layout) has no webRequest API and nothing to wait for.
    const listens = await worker
      ?.evaluate("typeof chrome.webRequest === 'undefined' || chrome.webRequest.onBeforeRequest.hasListeners()")
      .catch(() => false);
    if (listens === true || !worker) return;
    if (Date.now() > deadline) throw new Error("Saq's service worker registered no webRequest listener within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function launchFirefox(shop: ShopServer, options: LaunchOptions, saqDir: string | null): Promise<SaqBrowser> {
  const uuid = options.firefoxUuid ?? randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    executablePath: browserPath('firefox'),
    headless: true,
    acceptInsecureCerts: true,
    // Release builds ignore the Remote Settings server pref below unless this is set (Firefox bug 1598562):
    // without it, CI saw Firefox fetch firefox.settings.services.mozilla.com/v1/ in the privacy test's
    // session with Saq (2026-12-02), the browser's own traffic.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      ...firefoxProxyPrefs(shop),
      // Firefox's Remote Settings (blocklists and the like, fetched at random times — e.g. after an add-on is
      // installed) is the browser's own traffic: pointed nowhere, as Firefox's own test harness does. The
      // privacy suite saw it once with Saq and not without (CI, 2026-12-01: two GETs of /v1/).
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'extensions.webextensions.uuids': JSON.stringify({ ...options.firefoxFixtures?.uuids, [GECKO_ID]: uuid }),
      ...(options.firefoxFixtures?.grantOptionalPermissions ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
      ...(options.downloadDir ? firefoxDownloadPrefs(options.downloadDir) : {}),
      // A person's Firefox writes a callback's stack without the stack that scheduled it (`setTimeout handler*…`): it
      // captures such async stacks only for code a debugger watches (`javascript.options.asyncstack_capture_debuggee_only`,
      // on by default), and under WebDriver BiDi every page is one. With them, a test saw who scheduled a timer on the
      // act's own stack — a helper laundering its act through the shop's code, a stranger wrapping `setTimeout` —
      // where a person's Firefox shows nothing of it. Off, as a person has it (a person with DevTools open has them);
      // SAQ_FIREFOX_ASYNC_STACKS=1 keeps the driven browser's (bench/README.md: the benches' figures before stop 53).
      ...(process.env.SAQ_FIREFOX_ASYNC_STACKS === '1' ? {} : { 'javascript.options.asyncstack': false }),
      ...options.firefoxPrefs,
    },
  });
  // Under WebDriver BiDi Firefox always reports navigator.webdriver = true (no pref turns it off): a
  // fixture makes it read false as in a person's browser, unless the test plays a driven browser — first in
  // Saq's own page-world entry (see withPersonFirst), and as an add-on of its own for pages after Saq is
  // reinstalled from the plain build and for browsers without Saq.
  const person = !options.automationFlag;
  if (person) await browser.installExtension(PERSON_BROWSER);
  if (saqDir) await browser.installExtension(person ? withPersonFirst(saqDir) : saqDir);
  for (const extra of options.extraExtensions ?? []) await browser.installExtension(extra);
  const extensionOrigin = saqDir ? `moz-extension://${uuid}` : '';
  return wrap('firefox', browser, extensionOrigin, async (page, url) => {
    // BiDi refuses page.goto('moz-extension://…'); a web-accessible page may be reached by navigation.
    if (page.url() === 'about:blank') await page.goto('https://kazcoins.nationalbank.kz/__saq_probe');
    await page.evaluate((target) => {
      location.href = target;
    }, url);
    await pollPage(page, (target) => location.href === target, url, `navigation to ${url}`);
  });
}

/**
 * A copy of Saq's build whose page-world entry runs the person-browser fixture's script first. Saq captures
 * the navigator getters at document_start and reports a later swap as a stealth patch — which the fixture's
 * swap is, when its add-on's script runs after Saq's: Firefox orders different add-ons' content scripts by
 * a hash of their ids, not by install order. The scripts of one entry run in order, so Saq here finds the
 * fixture's getter in place when it starts, as it finds a person's browser's own.
 */
function withPersonFirst(saqDir: string): string {
  return buildVariant(saqDir, 'person-first', (copy, entries) => {
    const script = 'person-browser-webdriver-false.js';
    cpSync(join(PERSON_BROWSER, 'webdriver-false.js'), join(copy, script));
    for (const entry of entries) if (entry.world === 'MAIN') entry.js = [script, ...(entry.js ?? [])];
  });
}

/** Firefox saves every download to `dir` without a dialog. */
function firefoxDownloadPrefs(dir: string): Record<string, string | number | boolean> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.helperApps.neverAsk.saveToDisk': 'application/json,text/html',
  };
}

/**
 * Polls a predicate with page.evaluate. Puppeteer's waitForFunction/waitForSelector build the predicate
 * with `new Function` inside the page, which an extension page's CSP blocks in Firefox (BiDi); evaluate
 * is a protocol call the CSP does not see. Navigation in flight destroys contexts: retried, not fatal.
 */
export async function pollPage<A extends string | number | undefined>(
  page: Page,
  predicate: (arg: A) => boolean,
  arg: A,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await page.evaluate(predicate as (arg: unknown) => boolean, arg)) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
}

function wrap(
  name: BrowserName,
  browser: Browser,
  extensionOrigin: string,
  openExtensionPage: (page: Page, url: string) => Promise<void>,
): SaqBrowser {
  let probe: Page | null = null;
  const popupUrl = (query: string) => `${extensionOrigin}/src/popup/index.html${query}`;

  async function probePage(): Promise<Page> {
    // Reloading or updating the extension closes its pages; under BiDi the handle may not say so.
    if (probe && !probe.isClosed() && (await probe.evaluate(() => true).catch(() => false))) return probe;
    if (!extensionOrigin) throw new Error('Saq is not loaded in this browser');
    probe = await browser.newPage();
    await openExtensionPage(probe, popupUrl('?probe=1'));
    await pollPage(
      probe,
      () => typeof (globalThis as { chrome?: { action?: unknown } }).chrome?.action !== 'undefined',
      undefined,
      'the extension APIs in the probe page',
    );
    return probe;
  }

  const saq: SaqBrowser = {
    name,
    browser,
    extensionOrigin,
    async newShopPage(path) {
      const page = await browser.newPage();
      await page.goto(new URL(path, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
      return page;
    },
    async tabIdTagged(tag) {
      // Tag the page's URL with a nonce so the extension can find its tab among all shop tabs.
      const marker = `saq-tab-${randomUUID()}`;
      await tag(marker);
      const extension = await probePage();
      const tabId = await extension.evaluate(async (hash) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((tab) => tab.url?.endsWith(`#${hash}`))?.id ?? -1;
      }, marker);
      if (tabId < 0) throw new Error('could not find the tab of the page');
      return tabId;
    },
    async tabIdOf(page) {
      const tabId = await saq.tabIdTagged((marker) => page.evaluate((hash) => history.replaceState(null, '', `#${hash}`), marker));
      // Headless Chromium renders no frames for a background tab, and trusted input waits for frames.
      await bringToFront(page);
      return tabId;
    },
    async badgeText(tabId) {
      const extension = await probePage();
      return extension.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    },
    async report(tabId) {
      const extension = await probePage();
      // As JSON: two verdicts often share one finding object, and WebDriver BiDi sends a repeated object
      // as a reference Puppeteer does not resolve (Firefox returned `finding: undefined` for the second).
      const json = await extension.evaluate(
        async (id) => JSON.stringify(await chrome.runtime.sendMessage({ type: 'tab-report/popup-to-bg', tabId: id })),
        tabId,
      );
      return JSON.parse(json) as TabReport;
    },
    async openPopup(tabId) {
      const page = await browser.newPage();
      await openExtensionPage(page, popupUrl(`?tab=${tabId}`));
      await pollPage(page, () => document.querySelector('[data-testid="verdict"]') !== null, undefined, 'the popup to render');
      return page;
    },
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await openExtensionPage(page, `${extensionOrigin}/${path}`);
      return page;
    },
    async inExtension(fn, arg) {
      const extension = await probePage();
      return extension.evaluate(fn as never, arg) as never;
    },
    // A test may close its browser itself (a restart) before the block's cleanup closes it again.
    async close() {
      if (browser.connected) await browser.close();
    },
  };
  return saq;
}
