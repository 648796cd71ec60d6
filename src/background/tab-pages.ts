/**
 * The life of a shop page in a tab, as the background sees it: a top frame says hello (a new page: the
 * record starts over and the reload count is stamped on it), its hooks say they are installed, frames
 * report findings — an older page's late ones, its top frame's or its frames', into that page
 * (older-pages.ts, frame-tops.ts). Every change goes through the tab store's per-tab chain and ends in
 * `onRecord` (badge, in-page warning), so the content-script path and the network observer share one
 * pipeline.
 */
import type { Finding } from '../shared/findings.ts';
import type { Engine } from './engine.ts';
import { frameParents, pageOfFrame } from './frame-tops.ts';
import { judgeIntoRecord } from './judge.ts';
import { cartView } from './network-traffic.ts';
import { heardHello, judgeLate, pageOfDocument, replacedPage, type OlderPages } from './older-pages.ts';
import { reloadStormFinding } from './reload-storm.ts';
import { carriedAlarm, expired, keepsAfterLeaving, newTabRecord, withoutEarlier, type TabRecord } from './tab-findings.ts';
import type { TabStore } from './tab-store.ts';
import type { TrafficStore } from './traffic-store.ts';

/** Documents remembered per tab, and gone documents overall (a flood of frames must not grow memory). */
const MAX_REMEMBERED_FRAMES = 64;
const MAX_GONE = 1024;

export interface Sender {
  tabId: number;
  topFrame: boolean;
  url: string;
  /** The browser's ids of the frame and its document (sender.frameId, sender.documentId), where it gives them. */
  frameId?: number;
  documentId?: string;
}

export interface TabPagesDeps {
  tabs: TabStore;
  traffic: TrafficStore;
  engine(): Promise<Engine>;
  onRecord(tabId: number, record: TabRecord): Promise<void>;
  /** Facts stamped on every new page that do not come from it (the opt-in extension inventory). */
  pageFindings?: () => Promise<Finding[]>;
  now?: () => number;
}

export function createTabPages(deps: TabPagesDeps) {
  const now = deps.now ?? Date.now;
  /** Pages whose hooks said they are ready (and when), in case that message overtakes the page's hello. */
  const readyPages = new Map<string, number>();
  /**
   * Per tab, a new page whose record is not yet in the tab store's chain (the page's traffic is read
   * first, which can wait on storage). What arrives for the tab meanwhile — the new page's first
   * findings, which the content scripts send without waiting for the hello's reply — waits for it: put
   * into the chain first, it would land in the previous page's record and be wiped with it.
   */
  const starting = new Map<number, Promise<void>>();

  /**
   * Documents whose tab has left them (closed, or gone to a page that is not the shop's). What they send
   * after that — their last findings, in flight while the tab navigated — must not make a record for a
   * tab that no longer shows them: it put the old page's verdict on the other site's tab, and kept the
   * worker listening to every tab (leave-watch.ts). A document restored from the back-forward cache says
   * hello again and is taken back. Bounded: the oldest forgotten first.
   */
  const gone = new Set<string>();
  /** Per tab, the documents (top pages and frames) that spoke in it, the most recent 64. */
  const speakers = new Map<number, Set<string>>();
  /**
   * Per tab, the top pages that said hello and the record of the page the current one replaced: an older
   * page's last findings, late after a new page's hello, are that page's (older-pages.ts). Memory only.
   */
  const olderPages = new Map<number, OlderPages>();

  function spoke(tabId: number, pageId: string): void {
    let ids = speakers.get(tabId);
    if (!ids) speakers.set(tabId, (ids = new Set()));
    ids.add(pageId);
    if (ids.size > MAX_REMEMBERED_FRAMES) ids.delete(ids.values().next().value!);
  }

  function markGone(pageId: string): void {
    gone.add(pageId);
    if (gone.size > MAX_GONE) gone.delete(gone.values().next().value!);
  }

  /**
   * The page's record with its hooks' word, if that word came before the record existed. Every path that
   * creates or keeps a page's record takes it: on the first page after the worker starts, the page's
   * findings can create the record before its hello is handled, and the word was then never applied —
   * the network cross-check stayed off for the whole page (seen in e2e: `hooksSince` null 15 s in).
   */
  function withHooksWord(record: TabRecord): TabRecord {
    const since = readyPages.get(record.pageId);
    if (since === undefined) return record;
    readyPages.delete(record.pageId);
    return record.hooksSince === null ? { ...record, hooksSince: since } : record;
  }

  /**
   * A new page's record in place of `previous`, whose alarm stays in view (tab-findings.ts, carriedAlarm);
   * `from`'s document is the page's if `from` is its top frame.
   */
  function nextPage(pageId: string, from: Sender, startedAt: number, previous: TabRecord | undefined): TabRecord {
    const page = withHooksWord(newTabRecord(pageId, from.topFrame ? from.url : null, startedAt));
    const earlier = carriedAlarm(previous, now());
    const documentId = from.topFrame ? from.documentId : undefined;
    return { ...page, ...(documentId ? { documentId } : {}), ...(earlier ? { earlier } : {}) };
  }

  /** The record of a page the tab shows (again). */
  function shown(record: TabRecord): TabRecord {
    if (record.leftAt === undefined) return record;
    const showing = { ...record };
    delete showing.leftAt;
    return showing;
  }

  async function finish(tabId: number, record: TabRecord | null): Promise<TabRecord | null> {
    if (record) await deps.onRecord(tabId, record);
    return record;
  }

  /**
   * Any frame's hello. A document the tab had left says hello again only when the back-forward cache
   * brings it back: it is the tab's page again.
   */
  function hello(from: Sender, pageId: string): void {
    gone.delete(pageId);
    spoke(from.tabId, pageId);
  }

  /**
   * The tab closed (`closed`) or left the shop: every document that spoke in it is gone (see `gone`), and
   * its record goes — unless the tab only left and the record holds an alarm (keepsAfterLeaving): then it
   * stays, marked left, until the tab closes or shows a shop page again. Synchronous up to the store's
   * update, so a message handled after this call is already late. Resolves to whether the tab had a
   * record, and the record kept.
   */
  async function leave(tabId: number, closed = false): Promise<{ had: boolean; kept: TabRecord | null }> {
    for (const id of speakers.get(tabId) ?? []) markGone(id);
    speakers.delete(tabId);
    olderPages.delete(tabId);
    let had = false;
    const kept = await deps.tabs.update(tabId, (record) => {
      had = record !== undefined;
      if (!record) return null;
      // The record's page, even if the worker restarted since it spoke (the speakers are memory only).
      markGone(record.pageId);
      if (closed || !keepsAfterLeaving(record)) return null;
      return record.leftAt === undefined ? { ...record, leftAt: now() } : record;
    });
    return { had, kept };
  }

  /** Alarms past their time (tab-findings.ts, `expired`) dropped; resolves to what is left of the record. */
  async function expire(tabId: number, at: number): Promise<TabRecord | null> {
    return deps.tabs.update(tabId, (record) => {
      if (!record) return null;
      const rest = expired(record, at);
      if (!rest) markGone(record.pageId);
      return rest;
    });
  }

  /**
   * The person read an earlier page's alarm and dismissed it (popup): the tab shows its own page's verdicts
   * only. A record kept after the tab left the shop for that alarm alone goes with it.
   */
  async function dismissEarlier(tabId: number): Promise<TabRecord | null> {
    return deps.tabs.update(tabId, (record) => (record ? withoutEarlier(record) : null));
  }

  /** A top frame's hello: a new page replaces the tab's record; a reload storm shows on the new page. */
  async function startPage(from: Sender, pageId: string): Promise<TabRecord | null> {
    hello(from, pageId);
    // In the order the hellos arrive, which is the order of the pages (older-pages.ts).
    olderPages.set(from.tabId, heardHello(olderPages.get(from.tabId), pageId, now(), from.documentId));
    let queued!: () => void;
    const gate = new Promise<void>((resolve) => (queued = resolve));
    const previous = starting.get(from.tabId);
    starting.set(from.tabId, gate);
    const open = (): void => {
      queued();
      if (starting.get(from.tabId) === gate) starting.delete(from.tabId);
    };
    let update: Promise<TabRecord | null>;
    let fresh = false;
    try {
      await previous;
      const engine = await deps.engine();
      // Queued behind the network observer's pending changes, so this page's own load is counted.
      const traffic = await deps.traffic.change(from.tabId, (current) => current);
      const started = now();
      // The page began when the browser started loading it (the observer saw that request), which can be
      // seconds before a just-woken worker handles the hello: the page's own requests fall after it.
      const load = traffic.loads.at(-1);
      const startedAt = load !== undefined && load <= started && started - load < 60_000 ? load : started;
      update = deps.tabs.update(from.tabId, (current) => {
        // The tab left the page while its hello waited: no record for a page the tab no longer shows.
        if (gone.has(pageId)) return current ?? null;
        // The same page saying hello twice (a re-injected script) must not wipe its findings; a page the
        // tab left and is back on (the back-forward cache) is shown again.
        if (current && current.pageId === pageId) return withHooksWord(shown(current));
        fresh = true;
        olderPages.set(from.tabId, replacedPage(olderPages.get(from.tabId), current, now()));
        const page = nextPage(pageId, from, startedAt, current);
        const storm = reloadStormFinding(traffic, started, engine.signals);
        return storm ? judgeIntoRecord(engine, page, [storm], { pageUrl: from.url, traffic: cartView(traffic) }) : page;
      });
    } finally {
      open();
    }
    const record = await update;
    // Facts from around the page (the extension inventory) follow without delaying the hello's reply.
    if (fresh && deps.pageFindings) void stampAround(from.tabId, pageId, deps.pageFindings);
    return finish(from.tabId, record);
  }

  async function stampAround(tabId: number, pageId: string, findings: () => Promise<Finding[]>): Promise<void> {
    const around = await findings().catch(() => []);
    if (around.length > 0) await addObserved(tabId, (record) => (record.pageId === pageId ? around : []));
  }

  /** The top frame's MAIN-world hooks opened their channel at `at`: unreported requests from then on mean a bypass. */
  async function hooksReady(from: Sender, pageId: string, at: number): Promise<void> {
    if (!from.topFrame) return;
    await starting.get(from.tabId);
    await deps.tabs.update(from.tabId, (current) => {
      // Noted, then taken by whichever path holds the page's record — this one, if it already exists.
      if (!readyPages.has(pageId)) readyPages.set(pageId, at);
      if (readyPages.size > 64) readyPages.delete(readyPages.keys().next().value!);
      return current && current.pageId === pageId ? withHooksWord(current) : (current ?? null);
    });
  }

  /**
   * Set by "Delete my data": findings a page stamped before then were seen before the person asked to
   * forget, and are not taken in when they arrive late (one in flight from the page's relay would
   * otherwise bring back a verdict the person just deleted).
   */
  let forgottenBefore = 0;
  function forgetSeenBefore(at: number): void {
    forgottenBefore = Math.max(forgottenBefore, at);
  }

  async function addFindings(from: Sender, pageId: string, findings: readonly Finding[]): Promise<TabRecord | null> {
    if (!gone.has(pageId)) spoke(from.tabId, pageId);
    await starting.get(from.tabId);
    const engine = await deps.engine();
    const stamped = findings.filter((finding) => finding.at >= forgottenBefore).map((finding) => ({ ...finding, frameUrl: from.url }));
    // Checked again inside the chain: the tab may leave while this waits for it.
    if (stamped.length === 0 || gone.has(pageId)) return (await deps.tabs.read(from.tabId)) ?? null;
    let changed = true;
    const record = await deps.tabs.update(from.tabId, (current) => {
      // A record the tab left (kept for its alarm) is no page's to add to. A new shop page in the tab (its top
      // frame) starts its own; a frame is no such page — the site the tab went to may frame the shop to send
      // something harmless from it and so wipe the alarm — and is not taken while the alarm is kept.
      if (gone.has(pageId) || (current?.leftAt !== undefined && !from.topFrame)) {
        changed = false;
        return current ?? null;
      }
      const seen = deps.traffic.peek(from.tabId);
      const traffic = cartView(seen);
      const older = olderPages.get(from.tabId);
      // The last findings of a shop page the tab has since left for another shop page, from its top frame or
      // one of its frames (whose page the browser may say: frame-tops.ts): that page's, not this one's.
      const topPage = from.topFrame
        ? pageId
        : pageOfFrame(frameParents(seen.frames), from.frameId, (documentId) => pageOfDocument(older, current, documentId));
      const late =
        topPage === undefined
          ? null
          : judgeLate(engine, older, current, topPage, stamped, { pageUrl: from.url, traffic, fromTop: from.topFrame }, now());
      if (late) {
        olderPages.set(from.tabId, late.pages);
        changed = late.record !== current;
        return late.record;
      }
      const base = current && current.leftAt === undefined ? current : nextPage(pageId, from, now(), current);
      return judgeIntoRecord(engine, base, stamped, { pageUrl: base.pageUrl ?? from.url, traffic });
    });
    return changed ? finish(from.tabId, record) : record;
  }

  /**
   * Findings the background itself observed (network cross-check), judged against the tab's record
   * inside the same per-tab chain; `observe` sees the record and returns what to add.
   */
  async function addObserved(tabId: number, observe: (record: TabRecord, engine: Engine) => Finding[]): Promise<TabRecord | null> {
    await starting.get(tabId);
    const engine = await deps.engine();
    let added = false;
    const record = await deps.tabs.update(tabId, (current) => {
      // No shop page in the tab (a record kept after it left is the old page's: nothing more is added).
      if (!current || current.leftAt !== undefined) return current ?? null;
      const findings = observe(current, engine);
      if (findings.length === 0) return current;
      added = true;
      return judgeIntoRecord(engine, current, findings, { pageUrl: current.pageUrl ?? '', traffic: cartView(deps.traffic.peek(tabId)) });
    });
    return added ? finish(tabId, record) : record;
  }

  return { hello, startPage, leave, expire, dismissEarlier, hooksReady, addFindings, addObserved, forgetSeenBefore };
}

export type TabPages = ReturnType<typeof createTabPages>;
