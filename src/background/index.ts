/**
 * Background wiring only: every listener is registered synchronously at the top level (an MV3 service
 * worker or Firefox event page is woken by the event and must find its listener registered), and each
 * delegates to a pure module.
 */
import { ContentMessage, ExtensionPageMessage } from '../shared/protocol.ts';
import type { FeedStatusReply, HelloReply, InventoryReply, StoredDataSummary, TabReport } from '../shared/protocol.ts';
import type { EvidenceReport } from '../ui/evidence.ts';
import { applyBadge, forgetBadge } from './badge-apply.ts';
import { startFeed } from './feed-browser.ts';
import browser from '../platform/browser.ts';
import type { Runtime, Tabs } from '../platform/browser.ts';
import { isDocumentId } from './frame-tops.ts';
import { createInventory } from './inventory.ts';
import { createLeaveWatch, subscription } from './leave-watch.ts';
import { createNetworkObserver } from './network-observer.ts';
import { expired, shownVerdicts } from './tab-findings.ts';
import { createTabPages, type Sender } from './tab-pages.ts';
import { createTabStore } from './tab-store.ts';
import { createTrafficStore } from './traffic-store.ts';
import { evidenceReportFor, tabReportOf } from './ui-report.ts';
import { fromThisRun, loadRunId } from './run-id.ts';
import { clearUserData, storedDataSummary } from './ui-storage.ts';
import { createWarningNotifier, relocaliseWarnings, warnedFor } from './ui-warning.ts';
import { LANGUAGE_KEY } from '../ui/storage-keys.ts';
import { MAX_STRING } from '../shared/page-protocol.ts';

// The badge follows each change as soon as it is in memory; storing the record (up to ~160 KB) comes after.
const tabs = createTabStore({ onChange: (tabId, record) => void applyBadge(tabId, shownVerdicts(record), record?.pageId) });
/** The signed rules feed: verified baseline at start, alarm-driven updates, the engine for the rules in force. */
const feed = startFeed();
const warnings = createWarningNotifier();
const traffic = createTrafficStore();
/** Opt-in: installed extensions that can reach the shop (optional `management` permission). */
const inventory = createInventory({ engine: () => feed.engine() });
const pages = createTabPages({
  tabs,
  traffic,
  engine: () => feed.engine(),
  pageFindings: () => inventory.findingsForPage(),
  // The badge is set by the tab store's onChange, in the order of the changes; a record reaches here
  // only once stored, when a newer change may already be on the badge.
  async onRecord(tabId, record) {
    await warnings.notify(tabId, record, await warnedFor(record));
  },
});
/** webRequest, observe only: cart bursts, requests that bypassed the page hooks, polling loops, reloads. */
/** This run of the extension (kept across worker restarts, new after a reload or update). */
const runId = loadRunId();

const network = createNetworkObserver({ pages, traffic, engine: () => feed.engine() });
network.listen();

/** Only our own content scripts (sender.id is stamped by the browser) in a tab may report findings. */
function contentSender(sender: Runtime.MessageSender): Sender | null {
  if (sender.id !== browser.runtime.id || !sender.tab || sender.tab.id === undefined || sender.tab.id < 0) return null;
  // Cut as findings' own strings are: the page chooses its URL (a fragment of megabytes never reaches a server),
  // and this one is stamped on every finding it sends and stored with them.
  const from: Sender = { tabId: sender.tab.id, topFrame: sender.frameId === 0, url: (sender.url ?? '').slice(0, MAX_STRING) };
  // Which document and frame spoke, where the browser says (frame-tops.ts: a frame's late findings find their page).
  if (sender.frameId !== undefined) from.frameId = sender.frameId;
  if (isDocumentId(sender.documentId)) from.documentId = sender.documentId;
  return from;
}

/** Extension pages (popup, options) have no tab and a URL inside the extension. */
function isExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL(''));
}

async function onContentMessage(raw: unknown, sender: Runtime.MessageSender): Promise<HelloReply | undefined> {
  const from = contentSender(sender);
  const parsed = ContentMessage.safeParse(raw);
  if (!from || !parsed.success) return undefined;
  const message = parsed.data;
  if (message.type === 'hello/cs-to-bg') {
    // A new top-level document: the tab's previous page and its findings are gone. The reply (the profile
    // the content scripts filter with) does not wait for the new record to be stored — 12–50 ms of
    // storage in Chromium; what the page reports meanwhile waits for that record (tab-pages.ts).
    if (from.topFrame) {
      leaveWatch.watch();
      void pages.startPage(from, message.pageId).catch(() => undefined);
    } else pages.hello(from, message.pageId);
    const [engine, run] = await Promise.all([feed.engine(), runId]);
    return { profile: engine.profileForPage(), ...(run ? { runId: run } : {}) };
  }
  // A content script orphaned by a reload or update of the extension, still talking for a moment.
  if (!fromThisRun(message.runId, await runId)) return undefined;
  if (message.type === 'hooks-ready/cs-to-bg') await pages.hooksReady(from, message.pageId, message.at);
  else {
    // Findings may make the tab's first record (a frame of the shop on another site, or with no hello from its
    // top frame): the tab is watched for leaving from then on, or its record and these listeners outlived it.
    leaveWatch.watch();
    await pages.addFindings(from, message.pageId, message.findings);
  }
  return undefined;
}

async function onExtensionPageMessage(
  raw: unknown,
): Promise<TabReport | EvidenceReport | StoredDataSummary | FeedStatusReply | InventoryReply | undefined> {
  const parsed = ExtensionPageMessage.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.type === 'tab-report/popup-to-bg') {
    return tabReportOf(message.tabId, await tabs.read(message.tabId), (await feed.engine()).version);
  }
  if (message.type === 'dismiss-earlier/popup-to-bg') {
    const record = await pages.dismissEarlier(message.tabId);
    if (!record) void leaveWatch.unwatchIfIdle();
    return tabReportOf(message.tabId, record, (await feed.engine()).version);
  }
  if (message.type === 'evidence-report/popup-to-bg') {
    return evidenceReportFor(tabs, message.tabId, (await feed.engine()).version);
  }
  if (message.type === 'feed-status/popup-to-bg') return feed.status();
  if (message.type === 'feed-check-now/popup-to-bg') return feed.checkNow();
  if (message.type === 'stored-data/popup-to-bg') return storedDataSummary(tabs);
  if (message.type === 'clear-data/popup-to-bg') {
    pages.forgetSeenBefore(Date.now());
    const cleared = await clearUserData(tabs);
    void leaveWatch.unwatchIfIdle();
    return cleared;
  }
  if (message.type === 'inventory/popup-to-bg') return inventory.report();
  if (message.type === 'inventory-opt-in/popup-to-bg') return inventory.setOptIn(message.enabled);
  return undefined;
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  // Extension pages first: the popup opened in a tab also has `sender.tab`.
  if (isExtensionPage(sender)) return onExtensionPageMessage(raw);
  if (sender.tab) return onContentMessage(raw, sender);
  return undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  void feed.onAlarm(alarm.name);
});

// The person chose another language in the options page: warnings on screen follow.
browser.storage.local.onChanged.addListener((changes) => {
  if (LANGUAGE_KEY in changes) void relocaliseWarnings(tabs, warnings);
});

/** Navigations of tabs away from the shop: each clears the tab's badge in the browser, and a kept alarm is shown again. */
let away = 0;
/** Tabs that left the shop with an alarm kept (this worker's life; a filter only: the record says). */
const keptTabs = new Set<number>();
/**
 * Shows a kept alarm (tab-pages.ts, `leave`) on the tab's badge again — the record as it is now: a shop
 * page that came back to the tab meanwhile has its own badge, which the old alarm must not cover.
 */
async function reshowKept(tabId: number): Promise<void> {
  const record = await tabs.read(tabId);
  if (record?.leftAt !== undefined) await applyBadge(tabId, shownVerdicts(record), `${record.pageId}|away${++away}`);
}

/**
 * A tab closed or left the shop: its record goes, or stays marked left if it holds an alarm. Once the last
 * record is gone, tab events are no longer listened to.
 */
async function leaveTab(tabId: number, closed: boolean): Promise<void> {
  const { had, kept } = await pages.leave(tabId, closed);
  if (kept) keptTabs.add(tabId);
  else keptTabs.delete(tabId);
  if (!closed) {
    if (kept) await reshowKept(tabId);
    else await applyBadge(tabId, []);
  }
  // Other tabs close and navigate too while a shop page is open: only a tab that had a record can be the last.
  if (had && !kept) await leaveWatch.unwatchIfIdle();
}

/** Drops alarms kept longer than KEPT_AFTER_LEAVING_MS, a left page's or an earlier page's (checked at most once a minute, on tab events). */
let lastExpiry = 0;
async function expireKept(): Promise<void> {
  const at = Date.now();
  if (at - lastExpiry < 60_000) return;
  lastExpiry = at;
  let dropped = false;
  for (const tabId of await tabs.tabIds()) {
    const record = await tabs.read(tabId);
    if (!record || expired(record, at) === record) continue;
    if ((await pages.expire(tabId, at)) === null) {
      keptTabs.delete(tabId);
      await applyBadge(tabId, []);
      dropped = true;
    }
  }
  if (dropped) await leaveWatch.unwatchIfIdle();
}

// Closed tabs and tabs leaving the shop are watched only while a tab has a record (leave-watch.ts): with
// no shop page open, other sites' tabs never wake the worker. An alarm kept after its tab left the shop is
// such a record, for at most KEPT_AFTER_LEAVING_MS.
const leaveWatch = createLeaveWatch({
  subscriptions: [
    subscription(browser.tabs.onRemoved, (tabId: number) => {
      warnings.forget(tabId);
      forgetBadge(tabId);
      network.forgetTab(tabId);
      void leaveTab(tabId, true);
    }),
    // Leaving the shop (the content scripts will not say hello on other sites): clear the tab. Without the
    // `tabs` permission `tab.url` is only visible for the shop's own pages, which is exactly what we need.
    // A kept alarm is put back on the badge once the other site's page has loaded too: when the browser
    // clears a navigating tab's badge is its own business.
    subscription(browser.tabs.onUpdated, (tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => {
      void expireKept();
      if (tab.url) return;
      if (change.status === 'loading') void leaveTab(tabId, false);
      else if (change.status === 'complete' && keptTabs.has(tabId)) void reshowKept(tabId);
    }),
  ],
  tabsWithRecords: () => tabs.tabIds(),
});
leaveWatch.watch();
void leaveWatch.unwatchIfIdle();
