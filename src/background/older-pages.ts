/**
 * The shop pages a tab showed before the one it shows now, so that an older page's last findings are judged
 * into that page and not into the one that replaced it. A helper can act and at once send the tab to
 * another shop page: what the old page reported in its last moment reaches the background after the new
 * page's hello, and was judged into the new page's record as if the new page had done it. Pure;
 * tab-pages.ts keeps one per tab, in memory, and forgets it when the tab leaves the shop or closes.
 *
 * Which page is older comes from the order of hellos: the messages of one document arrive in the order it
 * sent them (its hello before its findings), so a top page that said hello in the tab before the page the
 * tab's record is for is an older page. A frame's batch is its top page's: which top page that is, the
 * browser says where it names documents (frame-tops.ts; Chromium, and Firefox from 153 if its webRequest
 * names the parent document — not checked); elsewhere a frame's page is unknown and its late findings go
 * into the tab's record, as before.
 *
 * Limit: what this holds is memory only. A worker that restarted while the old page was open still knows it
 * as the page just replaced — the new page's hello reads the old page's record, and the document it names,
 * from storage. Not known: the old page, to a worker that restarted between the new page's hello and the old
 * page's late findings; a page further back, to a worker that did not hear it. Their late findings are
 * judged into the tab's record, as before. Not stored (docs/security.md, "late findings"): those findings
 * are in flight for milliseconds after the hello, and an idle worker is stopped after 30 s without events.
 */
import type { Finding } from '../shared/findings.ts';
import type { CartTrafficView } from './derive.ts';
import type { Engine } from './engine.ts';
import { judgeIntoRecord } from './judge.ts';
import { carriedAlarm, holdsAlarm, newTabRecord, type TabRecord } from './tab-findings.ts';

/** Top pages remembered per tab: far more navigations than a late message can span. */
export const MAX_HEARD_PAGES = 8;

export interface OlderPages {
  /**
   * The top pages that said hello in the tab and when, in the order they last did so, oldest first; with
   * their document's id where the browser gave it (their frames name it).
   */
  heard: readonly { pageId: string; at: number; documentId?: string }[];
  /** The page the tab's current one replaced, as it was then, and when it was replaced. */
  replaced?: { record: TabRecord; leftAt: number };
}

/** A top page said hello (again, if it came back from the back-forward cache: it is the latest). */
export function heardHello(pages: OlderPages | undefined, pageId: string, at: number, documentId?: string): OlderPages {
  const heard = [
    ...(pages?.heard ?? []).filter((page) => page.pageId !== pageId),
    documentId ? { pageId, at, documentId } : { pageId, at },
  ];
  return { ...pages, heard: heard.slice(-MAX_HEARD_PAGES) };
}

/**
 * The page whose top document the browser calls `documentId`, as far as the tab's record and `pages` know:
 * the record's own page first (a page whose script said hello twice is its latest hello's).
 */
export function pageOfDocument(pages: OlderPages | undefined, current: TabRecord | undefined, documentId: string): string | undefined {
  if (current?.documentId === documentId) return current.pageId;
  const heard = pages?.heard.findLast((page) => page.documentId === documentId);
  if (heard) return heard.pageId;
  const replaced = pages?.replaced?.record;
  return replaced?.documentId === documentId ? replaced.pageId : undefined;
}

/**
 * A new page's record replaced `record`, which is kept (one per tab) so that the page's late findings are
 * judged with its earlier ones: a rate (three untrusted clicks) may be crossed only by the last of them.
 */
export function replacedPage(pages: OlderPages | undefined, record: TabRecord | undefined, at: number): OlderPages {
  const rest: OlderPages = { heard: pages?.heard ?? [] };
  return record ? { ...rest, replaced: { record, leftAt: record.leftAt ?? at } } : rest;
}

/**
 * Where a page, and when the tab left it, as far as `pages` knows; undefined unless it is older than
 * `current`'s. `pageUrl`: the page's address, if the batch came from its top frame.
 */
function olderPage(
  pages: OlderPages,
  pageId: string,
  current: TabRecord,
  pageUrl: string | null,
): { record: TabRecord; leftAt: number } | undefined {
  if (pages.replaced?.record.pageId === pageId) return pages.replaced;
  const order = pages.heard.map((page) => page.pageId);
  const index = order.indexOf(pageId);
  const next = pages.heard[index + 1];
  if (index === -1 || !next || index >= order.indexOf(current.pageId)) return undefined;
  // Further back than the page just replaced: its record is not kept, so the batch is judged alone, into a
  // record that began when the page said hello and was left when the next page did.
  return { record: newTabRecord(pageId, pageUrl, pages.heard[index]!.at), leftAt: next.at };
}

/**
 * A batch of page `pageId`'s — from its top frame, or from one of its frames (`fromTop` false; frame-tops.ts
 * found the frame's page) — if that page is older than the one `current` is for: judged into that page, and
 * only an alarm it gives that page (danger or critical) shows on the tab, as the earlier page's alarm —
 * lesser verdicts go with their page, as when a record is replaced (carriedAlarm); the current page's own
 * verdicts are untouched. The page just replaced was the page just before: its alarm is fresh, and it is
 * later than any earlier alarm the current record carries (only one is kept, the latest). A page further
 * back is shown only if the current record carries no earlier alarm — which of the two is later is not
 * known — and not fresh (it was not the page just before). Null when the batch is not an older page's.
 */
export function judgeLate(
  engine: Pick<Engine, 'signals' | 'evaluate'>,
  pages: OlderPages | undefined,
  current: TabRecord | undefined,
  pageId: string,
  batch: readonly Finding[],
  context: { pageUrl: string; traffic: CartTrafficView; fromTop: boolean },
  now: number,
): { pages: OlderPages; record: TabRecord } | null {
  if (!pages || !current || current.pageId === pageId) return null;
  const older = olderPage(pages, pageId, current, context.fromTop ? context.pageUrl : null);
  if (!older) return null;
  const justBefore = older === pages.replaced;
  const judged = judgeIntoRecord(engine, older.record, batch, {
    traffic: context.traffic,
    pageUrl: older.record.pageUrl ?? context.pageUrl,
  });
  const remembered = justBefore ? { ...pages, replaced: { ...older, record: judged } } : pages;
  // The verdicts this batch made or renewed (the others are the same objects): an alarm already shown, or one
  // the person dismissed, is not brought back by a late warning.
  if (!holdsAlarm(judged.verdicts.filter((verdict) => !older.record.verdicts.includes(verdict)))) {
    return { pages: remembered, record: current };
  }
  const alarm = carriedAlarm({ ...judged, leftAt: older.leftAt }, now)!;
  if (justBefore) return { pages: remembered, record: { ...current, earlier: alarm } };
  return { pages: remembered, record: current.earlier ? current : { ...current, earlier: { ...alarm, fresh: false } } };
}
