/**
 * One shop replica and two Chromiums for a side-by-side run: one with Saq (the test build), one
 * without. Launched once and reused by every browser benchmark, so the figures compare like with like.
 */
import type { CDPSession, Page } from 'puppeteer';
import { launch, type SaqBrowser } from '../../tests/helpers/harness.ts';
import { startShop, type ShopServer } from '../../tests/shop/index.ts';

export interface BrowserPair {
  shop: ShopServer;
  withSaq: SaqBrowser;
  withoutSaq: SaqBrowser;
  chromiumVersion: string;
  close(): Promise<void>;
}

export async function openPair(): Promise<BrowserPair> {
  const shop = await startShop();
  const opened: SaqBrowser[] = [];
  try {
    opened.push(await launch('chromium', shop, { withSaq: false }));
    opened.push(await launch('chromium', shop));
  } catch (error) {
    await Promise.all(opened.map((b) => b.close().catch(() => undefined)));
    await shop.close();
    throw error;
  }
  const [withoutSaq, withSaq] = opened as [SaqBrowser, SaqBrowser];
  return {
    shop,
    withSaq,
    withoutSaq,
    chromiumVersion: await withSaq.browser.version(),
    async close() {
      await Promise.all(opened.map((b) => b.close().catch(() => undefined)));
      await shop.close();
    },
  };
}

/** CDP Performance.getMetrics as a name → value map (durations in seconds, sizes in bytes). */
export async function cdpMetrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await session.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

export async function openMeasuredPage(browser: SaqBrowser): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp };
}

/** The Saq service worker's CDP session, for its heap. */
export async function serviceWorkerSession(browser: SaqBrowser): Promise<CDPSession> {
  const target = await browser.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(browser.extensionOrigin), {
    timeout: 20_000,
  });
  return target.createCDPSession();
}

export async function workerHeapBytes(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
