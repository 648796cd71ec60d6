/**
 * Two browsers of one kind for a side-by-side run — one with Saq (the release build of this run), one
 * without — against one shop replica. Every browser benchmark gets the same pair, so the figures
 * compare like with like; CDP helpers for the Chromium-only figures (main-thread time, worker heap).
 */
import type { CDPSession, Page } from 'puppeteer';
import { launch, type SaqBrowser } from '../../tests/helpers/harness.ts';
import type { BrowserName } from '../../tests/helpers/find-browsers.ts';
import type { ShopServer } from '../../tests/shop/index.ts';
import { BLANK_PATH } from './pages.ts';

/** A tab's first stop: a shop page, so that the measured navigation stays in the same renderer process. */
const BLANK_URL = new URL(BLANK_PATH, 'https://kazcoins.nationalbank.kz').href;

export interface BrowserPair {
  name: BrowserName;
  /** Replaceable: Firefox swaps in the badge-readable build for the reaction and flood runs. */
  withSaq: SaqBrowser;
  withoutSaq: SaqBrowser;
  version: string;
  close(): Promise<void>;
}

export async function openPair(name: BrowserName, shop: ShopServer, extensionDir: string): Promise<BrowserPair> {
  const opened: SaqBrowser[] = [];
  try {
    opened.push(await launch(name, shop, { withSaq: false }));
    opened.push(await launch(name, shop, { extensionDir }));
  } catch (error) {
    await Promise.all(opened.map((b) => b.close().catch(() => undefined)));
    throw error;
  }
  const [withoutSaq, withSaq] = opened as [SaqBrowser, SaqBrowser];
  const pair: BrowserPair = {
    name,
    withSaq,
    withoutSaq,
    version: await withSaq.browser.version(),
    // Closes whichever browsers the pair holds now (a benchmark may swap the one with Saq).
    async close() {
      await Promise.all([pair.withoutSaq, pair.withSaq].map((b) => b.close().catch(() => undefined)));
    },
  };
  return pair;
}

/** CDP Performance.getMetrics as a name → value map (durations in seconds, sizes in bytes). */
export async function cdpMetrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await session.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * A new tab on the shop origin. Chromium gets a CDP session with Performance metrics in thread time
 * (CPU time of the renderer's main thread: less sensitive to other processes on a shared machine
 * than wall time). The tab is opened on the shop origin first so that the measured navigation stays
 * in the same renderer process and the counters are not reset by a process swap.
 */
export async function openShopTab(browser: SaqBrowser): Promise<{ page: Page; cdp: CDPSession | null }> {
  const page = await browser.browser.newPage();
  await page.goto(BLANK_URL, { waitUntil: 'load' });
  if (browser.name !== 'chromium') return { page, cdp: null };
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp };
}

/** A tab a benchmark measures in: Chromium's undriven (undrivenTab), Firefox's a Puppeteer page (measuredTab). */
export interface MeasuredTab {
  /** Performance metrics in thread time, as openShopTab's; null where the browser has none (Firefox). */
  cdp: CDPSession | null;
  /** Navigates and resolves once the page's load event has fired. */
  goto(url: string): Promise<void>;
  /**
   * An expression's value, awaited if it is a promise. In an undriven tab a plain evaluation: the Runtime
   * domain is never enabled.
   */
  read<T>(expression: string): Promise<T>;
  /** A trusted key press in the tab (brought to the front first: input goes to the front tab only). */
  press(key: 'F8'): Promise<void>;
  close(): Promise<void>;
}

/** A Chromium tab no DevTools client drives (undrivenTab). */
export interface UndrivenTab extends MeasuredTab {
  cdp: CDPSession;
}

/** Chromium's key codes of the keys a benchmark presses. */
const KEY_CODES = { F8: 119 } as const;

/**
 * Where a measured tab waits before the measured navigation: on a shop page (`shop`: the navigation stays in the
 * renderer process that page started, whose scripts — Saq's content scripts too — are compiled already), or on
 * the new tab's about:blank (`new-tab`: the shop's first page in the tab, in a renderer that has run none of Saq's
 * scripts). A new tab's about:blank belongs to no site yet, so Chromium can commit the shop's page in its renderer
 * and the counters go on (a swap would reset them): the page without Saq measures the same script time either way
 * (2.44 against 2.38 ms, stop 60's full run), which a reset would not give.
 */
export type TabStart = 'shop' | 'new-tab';

/**
 * A tab for a measured run: in Chromium an undriven one (undrivenTab), as a person's tab is; in Firefox a
 * Puppeteer page (WebDriver BiDi, whose stacks are not affected).
 */
export async function measuredTab(browser: SaqBrowser, start: TabStart = 'shop'): Promise<MeasuredTab> {
  if (browser.name === 'chromium') return undrivenTab(browser, start);
  return pageTab(start === 'shop' ? (await openShopTab(browser)).page : await browser.browser.newPage());
}

/** The extension's id for a measured tab (the harness's lookup, the tab's URL tagged by a plain evaluation). */
export function tabIdOf(browser: SaqBrowser, tab: MeasuredTab): Promise<number> {
  return browser.tabIdTagged((marker) => tab.read(`history.replaceState(null, '', '#${marker}')`));
}

/** A Puppeteer page as a MeasuredTab (no CDP metrics). */
export function pageTab(page: Page): MeasuredTab {
  return {
    cdp: null,
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    read: async <T>(expression: string) => (await page.evaluate(expression)) as T,
    press: async (key) => {
      await page.bringToFront();
      await page.keyboard.press(key);
    },
    close: () => page.close(),
  };
}

/**
 * A Chromium tab on the shop origin, as openShopTab's (or left on its about:blank: TabStart), but opened and
 * steered over a raw CDP session with only the Page and Performance domains on. Puppeteer enables the Runtime
 * domain in every page it drives, and with it on V8 records a detailed stack trace for every Error, with the line
 * and column of each frame: it pays, in every page, what Saq's stack captures are written to avoid
 * (src/content/main/v8-call-sites.ts) — a second parse of a script's source for its positions
 * (docs/performance.md). A person's tab has no such client.
 */
export async function undrivenTab(browser: SaqBrowser, start: TabStart = 'shop'): Promise<UndrivenTab> {
  const root = await browser.browser.target().createCDPSession();
  const { targetId } = await root.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: true });
  const cdp = root.connection()?.session(sessionId);
  if (!cdp) throw new Error('no CDP session for the new tab');
  const tab: UndrivenTab = {
    cdp,
    async goto(url) {
      const loaded = new Promise<void>((resolve) => cdp.once('Page.loadEventFired', () => resolve()));
      const { errorText } = await cdp.send('Page.navigate', { url });
      if (errorText) throw new Error(`${url}: ${errorText}`);
      await loaded;
    },
    async read<T>(expression: string) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
      return result.value as T;
    },
    async press(key) {
      await cdp.send('Page.bringToFront');
      const code = KEY_CODES[key];
      for (const type of ['rawKeyDown', 'keyUp'] as const)
        await cdp.send('Input.dispatchKeyEvent', { type, key, code: key, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code });
    },
    async close() {
      await root.send('Target.closeTarget', { targetId }).catch(() => undefined);
      await root.detach().catch(() => undefined);
    },
  };
  try {
    await cdp.send('Page.enable');
    if (start === 'shop') await tab.goto(BLANK_URL);
    // Counted from here, as openShopTab's: the blank page's own start-up (Saq's included) is not the measured load's.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  } catch (error) {
    await tab.close();
    throw error;
  }
  return tab;
}

/**
 * The Saq service worker's CDP session (Chromium), for its heap and for observing the badge. An idle
 * worker is stopped by the browser after ~30 s; a message from the extension's probe page wakes it.
 */
export async function serviceWorkerSession(browser: SaqBrowser): Promise<CDPSession> {
  const isSaqWorker = (t: { type(): string; url(): string }): boolean =>
    t.type() === 'service_worker' && t.url().startsWith(browser.extensionOrigin);
  if (!browser.browser.targets().some(isSaqWorker)) await browser.report(-1).catch(() => undefined);
  const target = await browser.browser.waitForTarget(isSaqWorker, { timeout: 20_000 });
  return target.createCDPSession();
}

export async function workerHeapBytes(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * Main-thread CPU time of a Chromium tab (TaskDuration) once the tab has gone quiet: deferred work a
 * hook schedules (port messages, microtasks, observer callbacks, relays) is part of what it costs.
 */
export async function settledTaskSeconds(cdp: CDPSession, options: { quietMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const quietMs = options.quietMs ?? 150;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last = (await cdpMetrics(cdp)).TaskDuration ?? 0;
  for (;;) {
    await sleep(quietMs);
    const now = (await cdpMetrics(cdp)).TaskDuration ?? 0;
    // Under 1 ms of work in the window: only the page's idle timers are left.
    if (now - last < 0.001 || Date.now() > deadline) return now;
    last = now;
  }
}

/**
 * An open extension page of Saq (the harness's probe: the popup opened as a tab), for calling the
 * extension APIs. Under BiDi Puppeteer keeps that page's pre-navigation URL, so each page is asked.
 */
export async function extensionPage(browser: SaqBrowser): Promise<Page> {
  await browser.badgeText(-1).catch(() => undefined); // opens the probe page if needed
  for (const page of await browser.browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(browser.extensionOrigin)) return page;
  }
  throw new Error(`no extension page of Saq is open in ${browser.name}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
