/** Answers the popup's questions about a tab: its report (`tab-report/popup-to-bg`) and its evidence report. */
import browser from '../platform/browser.ts';
import type { TabReport } from '../shared/protocol.ts';
import { buildEvidenceReport, type EvidenceReport } from '../ui/evidence.ts';
import { earlierTooOld, worstSeverity, type EarlierAlarm, type TabRecord } from './tab-findings.ts';
import type { TabStore } from './tab-store.ts';

/** An earlier page's alarm past its time is not shown, even before the tab events that drop it come. */
function earlierOf(record: TabRecord | null | undefined, now: number): EarlierAlarm | undefined {
  const earlier = record?.earlier;
  return earlier && !earlierTooOld(earlier, now) ? earlier : undefined;
}

export function tabReportOf(tabId: number, record: TabRecord | null | undefined, rulesVersion: string, now = Date.now()): TabReport {
  const verdicts = record?.verdicts ?? [];
  const earlier = earlierOf(record, now);
  return {
    tabId,
    pageUrl: record?.pageUrl ?? null,
    verdicts,
    severity: worstSeverity(verdicts),
    findingCount: record?.findingCount ?? 0,
    rulesVersion,
    leftAt: record?.leftAt ?? null,
    earlier: earlier
      ? { pageUrl: earlier.pageUrl, leftAt: earlier.leftAt, verdicts: earlier.verdicts, severity: worstSeverity(earlier.verdicts) }
      : null,
  };
}

export async function evidenceReportFor(tabs: TabStore, tabId: number, rulesVersion: string): Promise<EvidenceReport> {
  const record = await tabs.read(tabId);
  const now = Date.now();
  return buildEvidenceReport(
    {
      pageUrl: record?.pageUrl ?? null,
      findingCount: record?.findingCount ?? 0,
      verdicts: record?.verdicts ?? [],
      leftAt: record?.leftAt ?? null,
      earlier: earlierOf(record, now) ?? null,
    },
    { now, saqVersion: browser.runtime.getManifest().version, rulesVersion, browser: navigator.userAgent },
  );
}
