/**
 * Tab records held in memory and mirrored to storage.session, because Chrome stops an idle service
 * worker after ~30 s and everything must survive that. Changes per tab are serialised through a promise
 * chain: findings from several frames arrive concurrently and must not overwrite each other.
 *
 * Writes are coalesced, not one per change: a record holds up to 500 findings (~160 KB), and writing it
 * whole after every change made a flood of findings wait on storage — each change queued behind the
 * previous write, and the badge behind all of them. Now a change is applied in memory at once; at most
 * one write per tab runs and at most one more waits, and the waiting one writes whatever the record is
 * when it starts. `update` still resolves only once a write that includes its change has finished, so a
 * content script's message is answered only when its findings would survive the worker being stopped;
 * `onChange` sees each change before that (the badge need not wait for storage).
 *
 * A tab's writes also start at least WRITE_GAP_MS apart. Back to back, a flood of findings kept one write
 * running all the time: each copies the whole record through the browser process, on a machine whose two
 * cores the page shares, and that was most of what the flood's longest task owed to Saq (npm run bench,
 * docs/performance.md). A change after a quiet spell is still written at once.
 */
import browser from '../platform/browser.ts';
import { perTabQueue } from './per-tab-queue.ts';
import type { TabRecord } from './tab-findings.ts';

const KEY_PREFIX = 'tab:';
/** Least time between the starts of two writes of one tab's record. */
export const WRITE_GAP_MS = 200;

export interface TabStoreOptions {
  /** Called with each changed record as soon as it is in memory, before it is written. */
  onChange?(tabId: number, record: TabRecord | null): void;
  /** Least time between the starts of a tab's writes (tests shorten it). */
  writeGapMs?: number;
}

interface TabWrites {
  /** The last write started or queued for the tab. */
  last: Promise<void>;
  /** A queued write that has not started yet: a new change rides on it. */
  waiting: Promise<void> | null;
}

export function createTabStore(options: TabStoreOptions = {}) {
  /** `null` marks a record removed in memory whose removal may not be written yet: never re-read it. */
  const cache = new Map<number, TabRecord | null>();
  const changes = perTabQueue();
  const writes = new Map<number, TabWrites>();
  /** When each tab's last write started. */
  const started = new Map<number, number>();
  const gap = options.writeGapMs ?? WRITE_GAP_MS;

  /** Resolves once the tab's next write may start. */
  function spaced(tabId: number): Promise<void> | undefined {
    const wait = (started.get(tabId) ?? Number.NEGATIVE_INFINITY) + gap - Date.now();
    if (wait <= 0) return undefined;
    // A timer can fire a few milliseconds before its delay by the wall clock (Node's loop time is cached, and was 4 ms
    // stale in a loaded CI run; a clock can step): what is left is waited for again, so the gap always holds.
    return new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => spaced(tabId));
  }

  async function read(tabId: number): Promise<TabRecord | undefined> {
    const cached = cache.get(tabId);
    if (cached !== undefined) return cached ?? undefined;
    const key = KEY_PREFIX + tabId;
    const stored = (await browser.storage.session.get(key))[key] as TabRecord | undefined;
    // A change made while storage answered is newer than what storage said.
    if (stored && !cache.has(tabId)) cache.set(tabId, stored);
    return cache.get(tabId) ?? undefined;
  }

  /**
   * A failed write (QUOTA_BYTES exceeded, the storage area gone at shutdown) loses only the copy that
   * survives a worker restart: the record in memory is right, the person is still shown the verdict, and
   * the next successful write stores the whole record (tests/unit/lifecycle/storage-quota.test.ts).
   */
  async function writeLatest(tabId: number): Promise<void> {
    const key = KEY_PREFIX + tabId;
    const record = cache.get(tabId);
    try {
      if (record) await browser.storage.session.set({ [key]: record });
      else {
        await browser.storage.session.remove(key);
        // Storage agrees now: the marker can go (unless the tab got a new record meanwhile).
        if (cache.get(tabId) === null) {
          cache.delete(tabId);
          started.delete(tabId);
        }
      }
    } catch {
      // Kept in memory; see above.
    }
  }

  /** A write that starts after now (so it carries the current record) and finishes in order. */
  function persist(tabId: number): Promise<void> {
    const pending = writes.get(tabId);
    if (pending?.waiting) return pending.waiting;
    const entry: TabWrites = { last: Promise.resolve(), waiting: null };
    const waiting = (pending?.last ?? Promise.resolve())
      .then(() => spaced(tabId))
      .then(() => {
        // Until now the queued write took every new change along; from here on the next change queues another.
        entry.waiting = null;
        started.set(tabId, Date.now());
        return writeLatest(tabId);
      });
    entry.last = entry.waiting = waiting;
    writes.set(tabId, entry);
    void waiting.then(() => {
      if (writes.get(tabId) === entry && entry.waiting === null) writes.delete(tabId);
    });
    return waiting;
  }

  /**
   * Runs `change` after every earlier change to the same tab; persists what it returns. Returning the
   * record it was given (the same object) means "no change" and skips the write.
   */
  function update(tabId: number, change: (record: TabRecord | undefined) => TabRecord | null): Promise<TabRecord | null> {
    // The next change waits for this one to be applied, not for it to be written.
    const applied = changes.run(tabId, async () => {
      const current = await read(tabId);
      const updated = change(current);
      if (updated && updated === current) return { updated, written: null };
      cache.set(tabId, updated);
      options.onChange?.(tabId, updated);
      return { updated, written: persist(tabId) };
    });
    return applied.then(async ({ updated, written }) => {
      await written;
      return updated;
    });
  }

  /** Tabs that have a record (every record is persisted, so storage.session is the full list). */
  async function tabIds(): Promise<number[]> {
    const stored = await browser.storage.session.get(null);
    const ids = new Set(
      Object.keys(stored)
        .filter((key) => key.startsWith(KEY_PREFIX))
        .map((key) => Number(key.slice(KEY_PREFIX.length)))
        .filter((id) => Number.isInteger(id)),
    );
    // Memory is newer than storage while writes are in flight.
    for (const [id, record] of cache) {
      if (record) ids.add(id);
      else ids.delete(id);
    }
    return [...ids];
  }

  return { read, update, tabIds };
}

export type TabStore = ReturnType<typeof createTabStore>;
