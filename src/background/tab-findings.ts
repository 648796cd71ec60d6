/**
 * Per-tab findings and verdicts as a pure reducer, so the rules for "what a tab shows" are tested in
 * Node. One TabRecord per tab; a new top-level document (new pageId) replaces the record.
 */
import type { Finding, Severity, Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';
import { MAX_CODE_TEXT } from '../shared/page-protocol.ts';

/** Bounds memory when a hostile page floods findings; the worst verdicts are kept first. */
export const MAX_FINDINGS_PER_TAB = 500;
export const MAX_VERDICTS_PER_TAB = 200;

export interface TabRecord {
  pageId: string;
  pageUrl: string | null;
  /**
   * The browser's id of the page's top document, if its hello came with one (sender.documentId): the page's
   * frames name it as their parent's (frame-tops.ts). Kept with the record so it outlives a worker restart.
   */
  documentId?: string;
  /** When the background first heard of this page (ms since the epoch): older network events belong to the page before. */
  startedAt: number;
  /**
   * When the top frame's page hooks said they were installed (ms since the epoch, stamped in the page's
   * ISOLATED world as their channel opened), or null until they do. A request that started after it and
   * that they did not report bypassed them; one that started before it proves nothing.
   */
  hooksSince: number | null;
  /** Facts seen: a finding that folds a flood's code texts (`evidence.folded`) counts each of them. */
  findingCount: number;
  /** Recent findings (bounded ring) kept for rate-based derivations and the evidence report. */
  findings: Finding[];
  verdicts: Verdict[];
  /**
   * When the tab left this page for one that is not the shop's, if the record was kept then (an alarm
   * outlives its page: see keepsAfterLeaving); absent while the tab shows the page.
   */
  leftAt?: number;
  /**
   * The alarm of an earlier shop page in this tab (see carriedAlarm), shown with this page's verdicts until
   * the person dismisses it, the tab closes, or KEPT_AFTER_LEAVING_MS have passed since that page was left.
   */
  earlier?: EarlierAlarm;
}

/** What is kept of an earlier page that held an alarm: enough to show it and put it in the evidence report. */
export interface EarlierAlarm {
  pageUrl: string | null;
  startedAt: number;
  /** When the tab left that page (for another shop page, or another site and then the shop). */
  leftAt: number;
  findingCount: number;
  verdicts: Verdict[];
  /**
   * Carried from the page just before this one (not passed on by a page in between): the person may not have
   * seen its in-page warning — a helper that reloads right after it acts leaves it a second at most — so the
   * warning is shown on this page too (warnedVerdicts).
   */
  fresh: boolean;
}

/**
 * Whether a record stays with its tab when the tab leaves the shop: when it holds an alarm (danger or
 * critical). Page code can navigate the tab away right after it acts — a stolen session, then a redirect to
 * the "helper's" site — and the person must still learn what happened and what to do. Lesser verdicts go
 * with their page. A record that carries an earlier page's alarm is kept for that alarm too.
 */
export function keepsAfterLeaving(record: TabRecord): boolean {
  return holdsAlarm(record.verdicts) || record.earlier !== undefined;
}

/** Whether any of the verdicts is an alarm (danger or critical): what a page carries to the next (carriedAlarm). */
export function holdsAlarm(verdicts: readonly Verdict[]): boolean {
  const worst = worstSeverity(verdicts);
  return worst !== null && severityRank(worst) >= severityRank('danger');
}

/**
 * What a new shop page in the tab carries from the record it replaces. A helper can reload the page, or
 * send the tab to another shop page, right after it acts, and a new page used to start clean: one
 * `location.reload()` erased the alarm. The replaced page's alarm (danger or critical) is carried; a page
 * with none passes on the alarm it carried itself. Only one earlier page is kept — the latest with an alarm.
 */
export function carriedAlarm(previous: TabRecord | undefined, now: number): EarlierAlarm | undefined {
  if (!previous) return undefined;
  if (holdsAlarm(previous.verdicts)) {
    const { pageUrl, startedAt, findingCount, verdicts } = previous;
    return { pageUrl, startedAt, leftAt: previous.leftAt ?? now, findingCount, verdicts, fresh: true };
  }
  const earlier = previous.earlier;
  return earlier && !earlierTooOld(earlier, now) ? { ...earlier, fresh: false } : undefined;
}

/** The verdicts the in-page warning is raised for: the page's own, and an alarm carried fresh from the page before. */
export function warnedVerdicts(record: TabRecord): Verdict[] {
  return record.earlier?.fresh ? [...record.verdicts, ...record.earlier.verdicts] : record.verdicts;
}

/** Every verdict the tab shows: its page's and an earlier page's alarm (badge, popup headline). */
export function shownVerdicts(record: TabRecord | undefined | null): Verdict[] {
  if (!record) return [];
  return record.earlier ? [...record.verdicts, ...record.earlier.verdicts] : record.verdicts;
}

/**
 * How long an alarm is kept after its tab left the shop. While a tab has a record, every navigation in the
 * browser wakes Saq's worker (leave-watch.ts): a tab left open on another site must not make that last for days.
 */
export const KEPT_AFTER_LEAVING_MS = 60 * 60 * 1000;

export function keptTooLong(record: TabRecord, now: number): boolean {
  return record.leftAt !== undefined && now - record.leftAt > KEPT_AFTER_LEAVING_MS;
}

export function earlierTooOld(earlier: EarlierAlarm, now: number): boolean {
  return now - earlier.leftAt > KEPT_AFTER_LEAVING_MS;
}

/**
 * The record as it should be at `now`: an earlier page's alarm past its time dropped; null when nothing is
 * left worth keeping (a record kept after its tab left the shop whose only alarm was that earlier one).
 */
export function expired(record: TabRecord, now: number): TabRecord | null {
  if (keptTooLong(record, now)) return null;
  return record.earlier && earlierTooOld(record.earlier, now) ? withoutEarlier(record) : record;
}

/** The record without its earlier page's alarm; null if it was kept after leaving the shop for that alarm alone. */
export function withoutEarlier(record: TabRecord): TabRecord | null {
  if (!record.earlier) return record;
  const rest = { ...record };
  delete rest.earlier;
  return rest.leftAt !== undefined && !keepsAfterLeaving(rest) ? null : rest;
}

export function newTabRecord(pageId: string, pageUrl: string | null, startedAt = Date.now()): TabRecord {
  return { pageId, pageUrl, startedAt, hooksSince: null, findingCount: 0, findings: [], verdicts: [] };
}

/** The evidence field that names what a verdict is about (a script, a destination, a control…). */
const SUBJECT_FIELDS = ['src', 'url', 'target', 'control', 'what', 'marker', 'field', 'change', 'id'] as const;

function subjectOf(finding: Finding): string {
  for (const field of SUBJECT_FIELDS) {
    const value = finding.evidence[field];
    if (typeof value !== 'string' || value === '') continue;
    // A URL's query and fragment vary per request (ids, timestamps); its path names the endpoint.
    return `${field}=${field === 'src' || field === 'url' ? value.split(/[?#]/, 1)[0] : value}`;
  }
  return '';
}

/**
 * One verdict per rule, actor and subject: an auto-clicker firing 50 times, or a burst of 50 cart
 * requests, is one problem to the person (the badge counts problems, not events). The newest verdict
 * replaces the older one, so its evidence carries the latest counts and rates; it also counts how many it
 * stands for (`seen`) and keeps when the first came (`firstAt`), for the popup and the evidence report.
 */
export function verdictKey(verdict: Verdict): string {
  const { actor } = verdict.finding;
  return [verdict.ruleId, actor.type, actor.url ?? '', actor.extensionId ?? '', actor.sha256 ?? '', subjectOf(verdict.finding)].join('|');
}

export function addToRecord(record: TabRecord, findings: Finding[], verdicts: Verdict[]): TabRecord {
  const allFindings = [...record.findings, ...findings];
  const kept = new Map(record.verdicts.map((verdict) => [verdictKey(verdict), verdict]));
  const fresh = coalesce(verdicts).map((verdict) => {
    const earlier = kept.get(verdictKey(verdict));
    return earlier ? repeated(earlier, verdict) : verdict;
  });
  const freshKeys = new Set(fresh.map(verdictKey));
  const merged = [...record.verdicts.filter((verdict) => !freshKeys.has(verdictKey(verdict))), ...fresh];
  if (merged.length > MAX_VERDICTS_PER_TAB) {
    // Keep the most severe, then the most recent.
    merged.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.finding.at - a.finding.at);
    merged.length = MAX_VERDICTS_PER_TAB;
  }
  return {
    ...record,
    findingCount: record.findingCount + findings.reduce((sum, finding) => sum + factsIn(finding), 0),
    findings: allFindings.slice(-MAX_FINDINGS_PER_TAB),
    verdicts: merged,
  };
}

/**
 * How many facts a finding stands for: the scripts whose code texts it folds (src/content/main/text-folds.ts),
 * else one. A page's number, so bounded: no fold holds more texts than MAX_CODE_TEXT has characters.
 */
export function factsIn(finding: Finding): number {
  const { folded } = finding.evidence;
  return typeof folded === 'number' && folded > 1 ? Math.min(Math.floor(folded), MAX_CODE_TEXT) : 1;
}

/** The newer verdict of a key, counting the times before it and keeping when it was first judged. */
function repeated(earlier: Verdict, newer: Verdict): Verdict {
  return { ...newer, seen: (earlier.seen ?? 1) + (newer.seen ?? 1), firstAt: earlier.firstAt ?? earlier.finding.at };
}

/** Within one batch, too: the last verdict of each key wins, counting the ones before it. */
function coalesce(verdicts: readonly Verdict[]): Verdict[] {
  const byKey = new Map<string, Verdict>();
  for (const verdict of verdicts) {
    const key = verdictKey(verdict);
    const earlier = byKey.get(key);
    byKey.delete(key);
    byKey.set(key, earlier ? repeated(earlier, verdict) : verdict);
  }
  return [...byKey.values()];
}

export function worstSeverity(verdicts: readonly Verdict[]): Severity | null {
  let worst: Severity | null = null;
  for (const { severity } of verdicts) {
    if (worst === null || severityRank(severity) > severityRank(worst)) worst = severity;
  }
  return worst;
}
