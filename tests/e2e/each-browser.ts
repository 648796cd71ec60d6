/**
 * Runs a describe block once per browser with a shared shop replica: every end-to-end behaviour is
 * proven in Chromium and in Firefox.
 */
import type { Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { launch, type LaunchOptions, type SaqBrowser } from '../helpers/harness.ts';
import type { BrowserName } from '../helpers/find-browsers.ts';
import { startShop, type ShopServer } from '../shop/index.ts';

export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

export interface E2EContext {
  shop: ShopServer;
  browserName: BrowserName;
  /**
   * Launches a browser for this test alone; closed when the test ends, passed or not. A browser left open
   * until the end of the block kept its service worker and timers running beside every later test: the
   * lifecycle block ended with 11 idle Firefoxes.
   */
  launch(options?: LaunchOptions): Promise<SaqBrowser>;
  /**
   * One browser for every test of the block that calls the returned function, launched on first use with
   * these options (a function: read then, e.g. after beforeAll built a fixture) and closed after the block.
   */
  blockBrowser(options?: LaunchOptions | (() => LaunchOptions)): () => Promise<SaqBrowser>;
}

/**
 * Pages a test opened through `closedAfterTest`, closed once it ends (failed or not). A page left open
 * keeps running the shop's polling and Saq: in a file of 40 tests, every later test ran beside the earlier
 * ones' tabs, and one such poll renewed the replica's session in the middle of another test.
 */
const testPages: Page[] = [];
export const closedAfterTest = <P extends Page>(page: P): P => (testPages.push(page), page);
/**
 * How long a page's close is waited for. A page a helper keeps reloading may not close while it storms: in
 * Chromium the reload-storm test's close hung until the hook's 120 s timeout, failing a test that had passed.
 * The browser finishes closing it on its own; the next test does not wait for that.
 */
const CLOSE_WAIT_MS = 5_000;

export function describeEachBrowser(title: string, body: (context: E2EContext) => void): void {
  for (const browserName of BROWSERS) {
    describe(`${title} [${browserName}]`, () => {
      const forBlock: Array<Promise<SaqBrowser>> = [];
      const forTest: Array<Promise<SaqBrowser>> = [];
      const context = { browserName } as E2EContext;
      beforeAll(async () => {
        context.shop = await startShop();
      });
      beforeEach(() => {
        context.shop.reset();
        context.shop.clearFixtures();
      });
      afterEach(async () => {
        await Promise.all(testPages.splice(0).map((page) => Promise.race([page.close().catch(() => undefined), sleep(CLOSE_WAIT_MS)])));
        await closeAll(forTest.splice(0));
      });
      afterAll(async () => {
        await closeAll(forBlock.splice(0));
        await context.shop?.close();
      });
      context.launch = (options) => {
        const browser = launch(browserName, context.shop, options);
        forTest.push(browser);
        return browser;
      };
      context.blockBrowser = (options = {}) => {
        let browser: Promise<SaqBrowser> | null = null;
        return () => {
          if (!browser) {
            browser = launch(browserName, context.shop, typeof options === 'function' ? options() : options);
            forBlock.push(browser);
          }
          return browser;
        };
      };
      body(context);
    });
  }
}

/** Closes browsers; one that failed to launch or to close does not stop the others. */
async function closeAll(browsers: Array<Promise<SaqBrowser>>): Promise<void> {
  await Promise.all(browsers.map((browser) => browser.then((b) => b.close()).catch(() => undefined)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` returns something `accept` likes, or fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(100);
  }
}
