/**
 * Writes the badge look computed by badge.ts to the browser's toolbar button for one tab. A look already
 * on a page's badge is not written again: every change to a tab's record reaches here (often twice: when
 * it is in memory and when it is stored), and each write is a round trip to the browser. The key includes
 * the page, because Chrome clears a tab's badge when the tab navigates.
 *
 * A tab's writes run one after another, in the order of the calls. A look is two calls to the browser
 * (colour, then text), and an earlier look still waiting for its colour could otherwise set its text after a
 * later one: "Delete my data" cleared the badge and a count came back on it a moment later (Firefox, CI under
 * load). A call for the look already applied resolves once that look is written.
 */
import type { Verdict } from '../shared/findings.ts';
import { badgeFor } from './badge.ts';
import browser from '../platform/browser.ts';
import { perTabQueue } from './per-tab-queue.ts';

const applied = new Map<number, string>();
const writes = perTabQueue();

export function applyBadge(tabId: number, verdicts: readonly Verdict[], pageId = ''): Promise<void> {
  const look = badgeFor(verdicts);
  const key = `${pageId}|${look.text}|${look.color}`;
  if (applied.get(tabId) === key) return writes.idle(tabId);
  applied.set(tabId, key);
  return writes.run(tabId, async () => {
    try {
      // Colour first: a badge that shows a count never shows it in the previous verdict's colour. An empty
      // badge shows no colour, so a clean page (most pages) costs one call to the browser, not two.
      if (look.text !== '') await browser.action.setBadgeBackgroundColor({ tabId, color: look.color });
      await browser.action.setBadgeText({ tabId, text: look.text });
    } catch {
      // The tab closed meanwhile.
      if (applied.get(tabId) === key) applied.delete(tabId);
    }
  });
}

/** The tab is gone: its next id reuse starts from a blank badge. */
export function forgetBadge(tabId: number): void {
  applied.delete(tabId);
}
