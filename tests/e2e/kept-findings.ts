/**
 * The findings of one kind the background kept for a tab, read from storage.session through an extension
 * page. Verdicts coalesce one actor's repeats into one; a test that needs each event's own finding reads them
 * here. Storage trails the background's memory (a tab's writes start 200 ms apart at least, tab-store.ts), so
 * this waits until the stored record holds as many findings as the background has counted, up to a few seconds.
 */
import type { Finding, FindingKind } from '../../src/shared/findings.ts';
import type { SaqBrowser } from '../helpers/harness.ts';

const CATCH_UP_MS = 5_000;

export async function keptFindings(saq: SaqBrowser, tabId: number, kind: FindingKind): Promise<Finding[]> {
  const counted = (await saq.report(tabId)).findingCount;
  const deadline = Date.now() + CATCH_UP_MS;
  for (;;) {
    const stored = await saq.inExtension(
      async ({ id, kind: wanted }) => {
        const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        const record = (await api.storage.session.get(`tab:${id}`))[`tab:${id}`] as
          { findings?: Finding[]; findingCount?: number } | undefined;
        return { count: record?.findingCount ?? 0, findings: (record?.findings ?? []).filter((finding) => finding.kind === wanted) };
      },
      { id: tabId, kind },
    );
    if (stored.count >= counted || Date.now() > deadline) return stored.findings;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
