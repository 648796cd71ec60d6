/**
 * When did the badge light up? Both ends of a reaction time are read on one clock: Date.now(), the
 * system clock, which the page (at the helper's action) and the extension (at the badge) read in
 * their own processes. Resolution 1 ms, against budgets of 50 and 100 ms.
 *
 * - Chromium: event-driven, nothing polled. The benchmark attaches to Saq's service worker over CDP
 *   (as DevTools would) and wraps `action.setBadgeText` there; the wrapper stamps the moment the
 *   browser confirms a badge was set and resolves a waiter. The release build itself has no hook.
 * - Firefox: the background is an event page that WebDriver BiDi cannot reach, so an extension page
 *   polls `action.getBadgeText` back to back (each call a round trip to the parent process, well
 *   under a millisecond). No timers between polls: the probe is a background tab, whose timers
 *   Firefox throttles to one per second.
 */
import type { CDPSession, Page } from 'puppeteer';
import type { SaqBrowser } from '../../tests/helpers/harness.ts';
import { extensionPage, serviceWorkerSession } from './browsers.ts';

export interface BadgeWatcher {
  /** Method note for the results. */
  method: string;
  /** The badge text of a tab right now. */
  text(tabId: number): Promise<string>;
  /**
   * Starts waiting for a non-empty badge on `tabId` set at or after `sinceMs` (Date.now()); resolves
   * with the time it was set, or null after `timeoutMs`. Resolves only once the wait is armed (the
   * pending wait is wrapped in an object: an async function would otherwise adopt it and block).
   */
  arm(tabId: number, sinceMs: number, timeoutMs: number): Promise<{ lit: Promise<number | null> }>;
  close(): Promise<void>;
}

/** Installed in the service worker: wraps setBadgeText on every action namespace object once. */
const SW_INSTALL = `(() => {
  if (globalThis.__saqBenchBadge) return 'present';
  if (!(globalThis.chrome && globalThis.chrome.action)) return 'no-action-api';
  const log = [];
  const waiters = [];
  const stamp = (details) => {
    const entry = { tabId: details && details.tabId, text: String((details && details.text) || ''), at: Date.now() };
    log.push(entry);
    if (log.length > 1000) log.shift();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (entry.text !== '' && entry.tabId === w.tabId && entry.at >= w.since) { waiters.splice(i, 1); w.resolve(entry.at); }
    }
  };
  const seen = new Set();
  for (const ns of [globalThis.chrome, globalThis.browser]) {
    const action = ns && ns.action;
    if (!action || seen.has(action)) continue;
    seen.add(action);
    const original = action.setBadgeText;
    action.setBadgeText = function (details, callback) {
      if (typeof callback === 'function') return original.call(this, details, (...a) => { stamp(details); return callback(...a); });
      const result = original.call(this, details);
      if (result && typeof result.then === 'function') result.then(() => stamp(details), () => {});
      return result;
    };
  }
  globalThis.__saqBenchBadge = {
    log,
    wait(tabId, since, timeoutMs) {
      const hit = log.find((e) => e.text !== '' && e.tabId === tabId && e.at >= since);
      if (hit) return Promise.resolve(hit.at);
      return new Promise((resolve) => {
        const w = { tabId, since, resolve };
        waiters.push(w);
        setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); resolve(null); } }, timeoutMs);
      });
    },
  };
  return seen.size > 0 ? 'installed' : 'no-action-api';
})()`;

async function chromiumWatcher(browser: SaqBrowser): Promise<BadgeWatcher> {
  let session: CDPSession = await serviceWorkerSession(browser);
  const install = async (): Promise<void> => {
    // The extension bindings of a worker's context appear only some time after a session attaches.
    await session.send('Runtime.enable');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression: SW_INSTALL, returnByValue: true });
      if (exceptionDetails) throw new Error(`badge watcher: ${exceptionDetails.text}`);
      if (result.value === 'installed' || result.value === 'present') return;
      if (Date.now() > deadline) throw new Error(`badge watcher: ${String(result.value)} in the service worker`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await install();
  return {
    method: 'Chromium: setBadgeText wrapped in the service worker over CDP (event-driven)',
    text: (tabId) => browser.badgeText(tabId),
    async arm(tabId, sinceMs, timeoutMs) {
      // A worker restarted by the browser has lost the wrapper: attach again.
      const probe = await session
        .send('Runtime.evaluate', { expression: 'typeof globalThis.__saqBenchBadge', returnByValue: true })
        .catch(() => null);
      if (probe?.result.value !== 'object') {
        session = await serviceWorkerSession(browser);
        await install();
      }
      const waiting = session.send('Runtime.evaluate', {
        expression: `globalThis.__saqBenchBadge.wait(${tabId}, ${sinceMs}, ${timeoutMs})`,
        awaitPromise: true,
        returnByValue: true,
      });
      return { lit: waiting.then(({ result }) => (typeof result.value === 'number' ? result.value : null)) };
    },
    close: () => session.detach().catch(() => undefined),
  };
}

async function firefoxWatcher(browser: SaqBrowser): Promise<BadgeWatcher> {
  // The harness's probe page (the popup opened as a tab) has the extension APIs.
  let probe: Page | null = null;
  const page = async (): Promise<Page> => {
    if (!probe || probe.isClosed()) probe = await extensionPage(browser);
    return probe;
  };
  return {
    method: 'Firefox: action.getBadgeText polled back to back from an extension page (resolution: one round trip)',
    text: (tabId) => browser.badgeText(tabId),
    async arm(tabId, sinceMs, timeoutMs) {
      const extension = await page();
      const waiting = extension.evaluate(
        async (id, since, timeout) => {
          const deadline = Date.now() + timeout;
          const api = (globalThis as unknown as { browser: typeof chrome }).browser;
          for (let polls = 1; Date.now() < deadline; polls++) {
            const text = await api.action.getBadgeText({ tabId: id });
            const at = Date.now();
            // Lit at the very first poll: it was set before the watch began, so the time is unknown.
            if (text !== '' && at >= since) return polls === 1 ? -1 : at;
            // Not a timer: the probe is a background tab, whose timers Firefox throttles to 1 s.
            await new Promise((resolve) => {
              const channel = new MessageChannel();
              channel.port1.onmessage = resolve;
              channel.port2.postMessage(0);
            });
          }
          return null;
        },
        tabId,
        sinceMs,
        timeoutMs,
      );
      // The evaluation starts polling asynchronously; give it time to begin before the action.
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { lit: waiting.then((at) => (at === -1 ? null : at)) };
    },
    close: async () => undefined,
  };
}

export function badgeWatcher(browser: SaqBrowser): Promise<BadgeWatcher> {
  return browser.name === 'chromium' ? chromiumWatcher(browser) : firefoxWatcher(browser);
}
