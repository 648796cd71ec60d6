/**
 * Per-tab findings and verdicts as a pure reducer, so the rules for "what a tab shows" are tested in
 * Node. One TabRecord per tab; a new top-level document (new pageId) replaces the record.
 */
import type { Finding, Severity, Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';

/** Bounds memory when a hostile page floods findings; the worst verdicts are kept first. */
export const MAX_FINDINGS_PER_TAB = 500;
export const MAX_VERDICTS_PER_TAB = 200;

export interface TabRecord {
  pageId: string;
  pageUrl: string | null;
  findingCount: number;
  /** Recent findings (bounded ring) kept for rate-based derivations and the evidence report. */
  findings: Finding[];
  verdicts: Verdict[];
}

export function newTabRecord(pageId: string, pageUrl: string | null): TabRecord {
  return { pageId, pageUrl, findingCount: 0, findings: [], verdicts: [] };
}

export function addToRecord(record: TabRecord, findings: Finding[], verdicts: Verdict[]): TabRecord {
  const allFindings = [...record.findings, ...findings];
  const merged = [...record.verdicts, ...verdicts];
  if (merged.length > MAX_VERDICTS_PER_TAB) {
    // Keep the most severe, then the most recent.
    merged.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.finding.at - a.finding.at);
    merged.length = MAX_VERDICTS_PER_TAB;
  }
  return {
    ...record,
    findingCount: record.findingCount + findings.length,
    findings: allFindings.slice(-MAX_FINDINGS_PER_TAB),
    verdicts: merged,
  };
}

export function worstSeverity(verdicts: readonly Verdict[]): Severity | null {
  let worst: Severity | null = null;
  for (const { severity } of verdicts) {
    if (worst === null || severityRank(severity) > severityRank(worst)) worst = severity;
  }
  return worst;
}
