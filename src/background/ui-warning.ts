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
import { chosenLanguage, loadTranslator } from '../ui/load-messages.ts';
import { warnedVerdicts } from './tab-findings.ts';
import type { TabStore } from './tab-store.ts';
import { warningCommandFor, warningSeverity } from './ui-warning-command.ts';

export function createWarningNotifier() {
  const lastSent = new Map<number, string>();

  async function notify(tabId: number, pageId: string, verdicts: readonly Verdict[]): Promise<void> {
    // Most changes to a record call for no warning: decided before the language is read from storage.
    if (warningSeverity(verdicts) === null) return;
    const lang = await chosenLanguage();
    const command = warningCommandFor(verdicts, await loadTranslator(lang), lang, pageId);
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

/** The person chose another language in the options page: warnings already on screen follow it. */
export async function relocaliseWarnings(tabs: TabStore, warnings: WarningNotifier): Promise<void> {
  for (const tabId of await tabs.tabIds()) {
    const record = await tabs.read(tabId);
    if (record) await warnings.notify(tabId, record.pageId, warnedVerdicts(record));
  }
}
