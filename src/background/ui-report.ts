/** Answers the popup's `evidence-report/popup-to-bg`: the tab's record turned into an evidence report. */
import browser from '../platform/browser.ts';
import { buildEvidenceReport, type EvidenceReport } from '../ui/evidence.ts';
import type { TabStore } from './tab-store.ts';

export async function evidenceReportFor(tabs: TabStore, tabId: number, rulesVersion: string): Promise<EvidenceReport> {
  const record = await tabs.read(tabId);
  return buildEvidenceReport(
    {
      pageUrl: record?.pageUrl ?? null,
      findingCount: record?.findingCount ?? 0,
      verdicts: record?.verdicts ?? [],
      leftAt: record?.leftAt ?? null,
    },
    { now: Date.now(), saqVersion: browser.runtime.getManifest().version, rulesVersion, browser: navigator.userAgent },
  );
}
