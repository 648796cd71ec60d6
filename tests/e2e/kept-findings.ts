/**
 * The findings of one kind the background kept for a tab, read from storage.session through an extension
 * page (the popup's data path). Verdicts coalesce one actor's repeats into one; a test that needs each
 * event's own finding reads them here.
 */
import type { Finding, FindingKind } from '../../src/shared/findings.ts';
import type { SaqBrowser } from '../helpers/harness.ts';

export function keptFindings(saq: SaqBrowser, tabId: number, kind: FindingKind): Promise<Finding[]> {
  return saq.inExtension(
    async ({ id, kind: wanted }) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const record = (await api.storage.session.get(`tab:${id}`))[`tab:${id}`] as { findings?: Finding[] } | undefined;
      return (record?.findings ?? []).filter((finding) => finding.kind === wanted);
    },
    { id: tabId, kind },
  );
}
