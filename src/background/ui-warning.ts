/**
 * Sends the in-page warning command to a tab's top frame when its verdicts call for one. Sends again
 * only when the severity or language changes for that page (the content script is idempotent anyway,
 * so a worker restart that forgets what was sent costs one repeated message).
 */
import browser from '../platform/browser.ts';
import type { Verdict } from '../shared/findings.ts';
import { chosenLanguage, loadTranslator } from '../ui/load-messages.ts';
import type { TabStore } from './tab-store.ts';
import { warningCommandFor } from './ui-warning-command.ts';

export function createWarningNotifier() {
  const lastSent = new Map<number, string>();

  async function notify(tabId: number, pageId: string, verdicts: readonly Verdict[]): Promise<void> {
    const lang = await chosenLanguage();
    const command = warningCommandFor(verdicts, await loadTranslator(lang), lang);
    if (!command) return;
    const sentKey = `${pageId}|${command.severity}|${lang}`;
    if (lastSent.get(tabId) === sentKey) return;
    lastSent.set(tabId, sentKey);
    try {
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
    if (record) await warnings.notify(tabId, record.pageId, record.verdicts);
  }
}
