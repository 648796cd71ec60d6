/**
 * The network observer's per-tab memory (network-traffic.ts), held in memory and mirrored to
 * storage.session a moment after each change: Chrome stops an idle service worker after ~30 s, and a
 * reload storm or a polling loop spans longer than that. Losing the last moment's events when the
 * worker is killed only makes counts lower — never a false alarm.
 */
import browser from '../platform/browser.ts';
import { emptyTraffic, type TabTraffic } from './network-traffic.ts';
import { perTabQueue } from './per-tab-queue.ts';

const KEY_PREFIX = 'traffic:';
const SAVE_DELAY_MS = 250;

export function createTrafficStore() {
  const cache = new Map<number, TabTraffic>();
  const loading = new Map<number, Promise<TabTraffic>>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** The tab's traffic, restored from storage.session once after a worker restart. */
  function load(tabId: number): Promise<TabTraffic> {
    const cached = cache.get(tabId);
    if (cached) return Promise.resolve(cached);
    let pending = loading.get(tabId);
    if (!pending) {
      const key = KEY_PREFIX + tabId;
      pending = browser.storage.session
        .get(key)
        .then((stored) => (stored[key] as TabTraffic | undefined) ?? emptyTraffic())
        .catch(() => emptyTraffic())
        .then((traffic) => {
          loading.delete(tabId);
          // An event that arrived while loading already created an entry: it is the newer one.
          if (!cache.has(tabId)) cache.set(tabId, traffic);
          return cache.get(tabId)!;
        });
      loading.set(tabId, pending);
    }
    return pending;
  }

  /** What is known now, without waiting (empty right after a restart, until `load` finished). */
  function peek(tabId: number): TabTraffic {
    return cache.get(tabId) ?? emptyTraffic();
  }

  function save(tabId: number): void {
    if (timers.has(tabId)) return;
    timers.set(
      tabId,
      setTimeout(() => {
        timers.delete(tabId);
        const traffic = cache.get(tabId);
        const key = KEY_PREFIX + tabId;
        void (traffic ? browser.storage.session.set({ [key]: traffic }) : browser.storage.session.remove(key)).catch(() => undefined);
      }, SAVE_DELAY_MS),
    );
  }

  const changes = perTabQueue();

  /** Changes run one after another per tab, in the order they were asked for (events race otherwise). */
  function change(tabId: number, update: (traffic: TabTraffic) => TabTraffic | Promise<TabTraffic>): Promise<TabTraffic> {
    return changes.run(tabId, async () => {
      const updated = await update(await load(tabId));
      cache.set(tabId, updated);
      save(tabId);
      return updated;
    });
  }

  function forget(tabId: number): void {
    cache.delete(tabId);
    save(tabId);
  }

  return { load, peek, change, forget };
}

export type TrafficStore = ReturnType<typeof createTrafficStore>;
