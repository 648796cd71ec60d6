/**
 * Steps of the lifecycle tests (tests/e2e/lifecycle*.e2e.ts): talk to the background from an extension
 * page (feed status, "check now", alarms), publish a signed feed on the replica, and stop Chromium's
 * service worker the way the browser does when it is idle (CDP Target.closeTarget on the worker).
 */
import type { Target } from 'puppeteer';
import { expect } from 'vitest';
import { TEST_MIRRORS_KEY } from '../../src/background/feed-config.ts';
import type { FeedStatus } from '../../src/shared/feed/refresh.ts';
import { assembledSources } from '../../tools/build/feed-bundle.ts';
import { signTestPointer, signTestRules, testRootBytes, testRulesPath } from '../../tools/build/test-feed.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { FEED_HOST } from '../shop/config.ts';
import type { ShopServer } from '../shop/index.ts';
import { eventually } from './each-browser.ts';

const DAY = 86_400_000;
export const MIRROR = `https://${FEED_HOST}/`;

export async function feedStatus(saq: SaqBrowser): Promise<FeedStatus> {
  return saq.inExtension(() => chrome.runtime.sendMessage({ type: 'feed-status/popup-to-bg' }) as Promise<FeedStatus>, undefined);
}

export async function checkNow(saq: SaqBrowser): Promise<FeedStatus> {
  return saq.inExtension(() => chrome.runtime.sendMessage({ type: 'feed-check-now/popup-to-bg' }) as Promise<FeedStatus>, undefined);
}

export async function alarmNames(saq: SaqBrowser): Promise<string[]> {
  return saq.inExtension(async () => (await chrome.alarms.getAll()).map((a) => a.name), undefined);
}

export async function setMirrors(saq: SaqBrowser, mirrors: string[]): Promise<void> {
  await saq.inExtension((arg) => chrome.storage.local.set({ [arg.key]: arg.mirrors }), { key: TEST_MIRRORS_KEY, mirrors });
}

/** Publishes root 1 and rules + pointer at `version` (the current rule sources); returns the rules blob's path. */
export async function publishFeed(shop: ShopServer, version: number): Promise<string> {
  const now = Date.now();
  const sign = { issued: now - 60_000, expires: now + 30 * DAY };
  const rules = await signTestRules({ version, body: assembledSources(), ...sign });
  const path = testRulesPath(version, rules);
  shop.feed.put('root/1.root.json', await testRootBytes());
  shop.feed.put(path, rules);
  shop.feed.put('timestamp.json', await signTestPointer({ version, rules, rulesVersion: version, ...sign }));
  return path;
}

function saqWorker(saq: SaqBrowser) {
  return (target: Target): boolean => target.type() === 'service_worker' && target.url().startsWith(saq.extensionOrigin);
}

/**
 * `promise`, or `fallback` after 2 s: evaluating in a worker that is stopping can stay unanswered (an attempt
 * of the worker-stopped test hung until the test's 60 s timeout, in a fresh clone's run).
 */
function answerWithin<T>(promise: Promise<T>, fallback: T): Promise<T> {
  const timeout = new Promise<T>((resolve) => setTimeout(() => resolve(fallback), 2_000));
  return Promise.race([promise.catch(() => fallback), timeout]);
}

/** A handle on Saq's service worker (Chromium), waiting for it to be listed. */
async function saqWorkerHandle(saq: SaqBrowser) {
  const target = await saq.browser.waitForTarget(saqWorker(saq), { timeout: 20_000 });
  const worker = await target.worker();
  if (!worker) throw new Error("Saq's service worker has no worker handle");
  return worker;
}

/**
 * Stops Saq's service worker (Chromium), as the browser does after ~30 s idle, and waits until the worker
 * that was running is gone. Checked by a mark left in the old worker's global, not by target events: a
 * message in flight may start the next worker at once, under the same DevTools target.
 */
export async function stopServiceWorker(saq: SaqBrowser): Promise<void> {
  const worker = await saqWorkerHandle(saq);
  await worker.evaluate(() => {
    (self as unknown as { __saqTestMark?: string }).__saqTestMark = 'before-stop';
  });
  // Bounded like every other call into the worker here; whether it stopped is checked below by its mark.
  await answerWithin(worker.close(), undefined);
  await eventually(
    async () => {
      const running = saq.browser.targets().find(saqWorker(saq));
      if (!running) return 'stopped';
      const mark = await answerWithin(
        (async () => (await running.worker())?.evaluate(() => (self as unknown as { __saqTestMark?: string }).__saqTestMark))().then(
          (value) => value ?? 'no mark',
          () => 'unreachable',
        ),
        'no answer',
      );
      // Unreachable: gone. No answer yet: asked again until the deadline.
      if (mark === 'unreachable') return 'stopped';
      return mark === 'before-stop' || mark === 'no answer' ? 'still running' : 'restarted';
    },
    (state) => state !== 'still running',
    "Saq's service worker to stop",
  );
}

/**
 * Whether Saq's worker is running and answers (Chromium). A stopped worker's target can stay listed for a
 * moment, so a listed target must also evaluate; asking never starts a stopped worker.
 */
export async function workerAnswers(saq: SaqBrowser): Promise<boolean> {
  const target = saq.browser.targets().find(saqWorker(saq));
  if (!target) return false;
  return answerWithin((async () => (await (await target.worker())?.evaluate(() => true)) === true)(), false);
}

/** Whether Saq's running worker listens to tab updates or closes (Chromium; starts the worker if stopped). */
export async function workerListensToTabs(saq: SaqBrowser): Promise<boolean> {
  const worker = await saqWorkerHandle(saq);
  return worker.evaluate(() => chrome.tabs.onUpdated.hasListeners() || chrome.tabs.onRemoved.hasListeners());
}

/**
 * The popup of a tab whose alarm outlived its page: critical, the note that says why (`note`: the test id of
 * "left the shop" or "an earlier page"), and that page's findings listed (`list`).
 */
export async function expectKeptAlarmInPopup(saq: SaqBrowser, tabId: number, note: string, list: string): Promise<void> {
  const popup = await saq.openPopup(tabId);
  const headline = await popup.$eval(
    '[data-testid="verdict"]',
    (node, id) => ({ severity: node.getAttribute('data-severity'), note: node.querySelector(`[data-testid="${id}"]`)?.textContent ?? '' }),
    note,
  );
  expect(headline.severity).toBe('critical');
  expect(headline.note).not.toBe('');
  expect(await popup.$(`[data-testid="${list}"]`)).not.toBeNull();
  await popup.close();
}
