/**
 * Answers the options page about what Saq keeps, and deletes the person's data on request: the UI
 * settings in storage.local (language, hidden-warning pages), the extension check's opt-in (and its
 * optional permission goes back), and the findings of open tabs (their badges go dark with them). The
 * verified rules feed stays: it is what protects them.
 */
import browser from '../platform/browser.ts';
import type { StoredDataSummary } from '../shared/protocol.ts';
import { UI_STORAGE_KEYS } from '../ui/storage-keys.ts';
import { applyBadge } from './badge-apply.ts';
import { INVENTORY_OPT_IN_KEY } from './inventory.ts';
import type { TabStore } from './tab-store.ts';

export async function storedDataSummary(tabs: TabStore): Promise<StoredDataSummary> {
  return { tabsWithFindings: (await tabs.tabIds()).length };
}

export async function clearUserData(tabs: TabStore): Promise<StoredDataSummary> {
  for (const tabId of await tabs.tabIds()) {
    await tabs.update(tabId, () => null);
    await applyBadge(tabId, []);
  }
  await browser.storage.local.remove([...UI_STORAGE_KEYS, INVENTORY_OPT_IN_KEY]);
  await browser.permissions.remove({ permissions: ['management'] }).catch(() => false);
  return storedDataSummary(tabs);
}
