/** Writes the badge look computed by badge.ts to the browser's toolbar button for one tab. */
import type { Verdict } from '../shared/findings.ts';
import { badgeFor } from './badge.ts';
import browser from '../platform/browser.ts';

export async function applyBadge(tabId: number, verdicts: readonly Verdict[]): Promise<void> {
  const look = badgeFor(verdicts);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: look.color });
    await browser.action.setBadgeText({ tabId, text: look.text });
  } catch {
    // The tab closed meanwhile.
  }
}
