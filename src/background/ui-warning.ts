/**
 * Sends the in-page warning command to a tab's top frame when its verdicts call for one. Sends again
 * only when the severity or language changes for that page (the warning is idempotent anyway, so a
 * worker restart that forgets what was sent costs one repeated message).
 *
 * The warning's code is not a declared content script (most pages never show it): the first command a
 * page gets injects it into the top frame's ISOLATED world (`scripting` permission, the shop's host
 * permission), at once rather than at document_idle, so a helper caught while the page loads is named
 * while it loads. The script keeps its first copy if injected twice.
 */
import { WARNING_SCRIPT } from '../content/injected-scripts.ts';
import browser from '../platform/browser.ts';
import type { Verdict } from '../shared/findings.ts';
import { isDismissed, readDismissals } from '../ui/dismissals.ts';
import { chosenLanguage, loadTranslator } from '../ui/load-messages.ts';
import { DISMISSALS_KEY } from '../ui/storage-keys.ts';
import { warnedVerdicts, worstSeverity, type TabRecord } from './tab-findings.ts';
import type { TabStore } from './tab-store.ts';
import { warningCommandFor, warningSeverity } from './ui-warning-command.ts';

export function createWarningNotifier() {
  const lastSent = new Map<number, string>();

  async function notify(tabId: number, page: Pick<TabRecord, 'pageId' | 'pageUrl'>, verdicts: readonly Verdict[]): Promise<void> {
    const { pageId } = page;
    // Most changes to a record call for no warning: decided before the language is read from storage.
    if (warningSeverity(verdicts) === null) return;
    const lang = await chosenLanguage();
    const command = warningCommandFor(verdicts, await loadTranslator(lang), lang, page);
    if (!command) return;
    const sentKey = `${pageId}|${command.severity}|${lang}`;
    if (lastSent.get(tabId) === sentKey) return;
    lastSent.set(tabId, sentKey);
    try {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [WARNING_SCRIPT.file], injectImmediately: true });
      await browser.tabs.sendMessage(tabId, command, { frameId: 0 });
    } catch {
      // The tab navigated or closed meanwhile; its next page starts clean.
      lastSent.delete(tabId);
    }
  }

  return { notify, forget: (tabId: number) => lastSent.delete(tabId) };
}

export type WarningNotifier = ReturnType<typeof createWarningNotifier>;

/** Per page carrying a fresh alarm: whether the person had hidden the warning on the page it came from. */
const hiddenBefore = new Map<string, boolean>();

/**
 * The verdicts a record's in-page warning is raised for (tab-findings.ts, warnedVerdicts) — but not an alarm
 * carried from a page where the person hid the warning themselves: they saw it, and chose.
 */
export async function warnedFor(record: TabRecord): Promise<Verdict[]> {
  const earlier = record.earlier;
  const severity = earlier?.fresh && earlier.pageUrl !== null ? worstSeverity(earlier.verdicts) : null;
  if (!earlier || severity === null || earlier.pageUrl === null) return warnedVerdicts(record);
  // Decided once per page: every batch of findings the page sends comes through here.
  let hidden = hiddenBefore.get(record.pageId);
  if (hidden === undefined) {
    const stored = await browser.storage.local.get(DISMISSALS_KEY).catch((): Record<string, unknown> => ({}));
    hidden = isDismissed(readDismissals(stored[DISMISSALS_KEY]), earlier.pageUrl, severity);
    hiddenBefore.set(record.pageId, hidden);
    if (hiddenBefore.size > 32) hiddenBefore.delete(hiddenBefore.keys().next().value!);
  }
  return hidden ? record.verdicts : warnedVerdicts(record);
}

/** The person chose another language in the options page: warnings already on screen follow it. */
export async function relocaliseWarnings(tabs: TabStore, warnings: WarningNotifier): Promise<void> {
  for (const tabId of await tabs.tabIds()) {
    const record = await tabs.read(tabId);
    if (record) await warnings.notify(tabId, record, await warnedFor(record));
  }
}
