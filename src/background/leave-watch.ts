/**
 * Watching shop tabs close or leave the shop, only while some tab has a record to clear.
 * `tabs.onUpdated` and `tabs.onRemoved` fire for every tab in the browser, on any site, and a registered
 * listener makes the browser start Saq's stopped worker for each event (and, in Chromium, build a tab
 * object for each update: ~6–8 ms of the browser's CPU per page load). With no shop page open — and no
 * alarm kept for a tab that left one, at most an hour (tab-findings.ts, KEPT_AFTER_LEAVING_MS) — there is
 * nothing to clear, so nothing to listen to: other sites then never wake Saq.
 *
 * The listeners are added at the worker's start, synchronously (an event that woke the worker must find
 * them), and dropped once storage shows no record; a shop page's hello adds them back before its record
 * exists. A hello that arrives while the check reads storage wins: the check only removes the listeners
 * if nothing was added since it started.
 */

export interface Subscription {
  add(): void;
  remove(): void;
  active(): boolean;
}

/** A browser event and one listener of it, as a subscription the watch can switch on and off. */
export function subscription<Listener>(
  event: { addListener(l: Listener): void; removeListener(l: Listener): void; hasListener(l: Listener): boolean },
  listener: Listener,
): Subscription {
  return {
    add: () => event.addListener(listener),
    remove: () => event.removeListener(listener),
    active: () => event.hasListener(listener),
  };
}

export interface LeaveWatchDeps {
  subscriptions: readonly Subscription[];
  /** Tabs that have a record now (memory and storage). */
  tabsWithRecords(): Promise<number[]>;
}

export function createLeaveWatch(deps: LeaveWatchDeps) {
  /** Counts `watch` calls: a check that saw an older count must not remove listeners added since. */
  let added = 0;

  /** A tab is about to get a record (or the worker just started): listen. */
  function watch(): void {
    added++;
    for (const s of deps.subscriptions) if (!s.active()) s.add();
  }

  /** A record went (or the worker just started): stop listening if no tab has one. */
  async function unwatchIfIdle(): Promise<void> {
    const seen = added;
    let tabs: number[];
    try {
      tabs = await deps.tabsWithRecords();
    } catch {
      return; // storage unreadable: keep listening rather than miss a tab leaving the shop
    }
    if (tabs.length > 0 || seen !== added) return;
    for (const s of deps.subscriptions) if (s.active()) s.remove();
  }

  return { watch, unwatchIfIdle };
}
