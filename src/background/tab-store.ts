/**
 * Tab records held in memory and mirrored to storage.session, because Chrome stops an idle service
 * worker after ~30 s and everything must survive that. Updates per tab are serialised through a promise
 * chain: findings from several frames arrive concurrently and must not overwrite each other.
 */
import browser from '../platform/browser.ts';
import type { TabRecord } from './tab-findings.ts';

const KEY_PREFIX = 'tab:';

export function createTabStore() {
  const cache = new Map<number, TabRecord>();
  const chains = new Map<number, Promise<unknown>>();

  async function read(tabId: number): Promise<TabRecord | undefined> {
    const cached = cache.get(tabId);
    if (cached) return cached;
    const key = KEY_PREFIX + tabId;
    const stored = (await browser.storage.session.get(key))[key] as TabRecord | undefined;
    if (stored) cache.set(tabId, stored);
    return stored;
  }

  /** Runs `change` after every earlier change to the same tab; persists what it returns. */
  function update(tabId: number, change: (record: TabRecord | undefined) => TabRecord | null): Promise<TabRecord | null> {
    const previous = chains.get(tabId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const updated = change(await read(tabId));
      const key = KEY_PREFIX + tabId;
      if (updated) {
        cache.set(tabId, updated);
        await browser.storage.session.set({ [key]: updated });
      } else {
        cache.delete(tabId);
        await browser.storage.session.remove(key);
      }
      return updated;
    });
    chains.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }

  return { read, update };
}

export type TabStore = ReturnType<typeof createTabStore>;
