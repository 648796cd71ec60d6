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

  /**
   * A failed write (QUOTA_BYTES exceeded, the storage area gone at shutdown) loses only the copy that
   * survives a worker restart: the record in memory is right, the person is still shown the verdict, and
   * the next successful write stores the whole record (tests/unit/lifecycle/storage-quota.test.ts).
   */
  async function persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch {
      // Kept in memory; see above.
    }
  }

  /**
   * Runs `change` after every earlier change to the same tab; persists what it returns. Returning the
   * record it was given (the same object) means "no change" and skips the write.
   */
  function update(tabId: number, change: (record: TabRecord | undefined) => TabRecord | null): Promise<TabRecord | null> {
    const previous = chains.get(tabId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = await read(tabId);
      const updated = change(current);
      const key = KEY_PREFIX + tabId;
      if (updated && updated === current) return updated;
      if (updated) {
        cache.set(tabId, updated);
        await persist(() => browser.storage.session.set({ [key]: updated }));
      } else {
        cache.delete(tabId);
        await persist(() => browser.storage.session.remove(key));
      }
      return updated;
    });
    chains.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Tabs that have a record (every record is persisted, so storage.session is the full list). */
  async function tabIds(): Promise<number[]> {
    const stored = await browser.storage.session.get(null);
    return Object.keys(stored)
      .filter((key) => key.startsWith(KEY_PREFIX))
      .map((key) => Number(key.slice(KEY_PREFIX.length)))
      .filter((id) => Number.isInteger(id));
  }

  return { read, update, tabIds };
}

export type TabStore = ReturnType<typeof createTabStore>;
