/**
 * What the popup's headline says about a tab. Never "clean" without evidence that Saq watched the page:
 * a shop tab the background knows nothing about (opened before Saq was installed, or the background did
 * not answer) is "not checked yet", and a tab outside the shop is "not watched".
 */
import { severityRank, type Severity } from '../shared/findings.ts';
import type { TabReport } from '../shared/protocol.ts';
import { VERDICT_KEYS } from './explain.ts';

export type PageState = Severity | 'clean' | 'unchecked' | 'not-shop';

export const SHOP_ORIGIN = 'https://kazcoins.nationalbank.kz';

export function isShopUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === SHOP_ORIGIN;
  } catch {
    return false;
  }
}

/** `tabUrl` is visible only for shop tabs (host permission, no `tabs` permission): null elsewhere. */
export function pageStateOf(report: TabReport | null, tabUrl: string | null): PageState {
  // An earlier page's alarm the tab still shows counts as much as this page's verdicts.
  const severity = worse(report?.severity ?? null, report?.earlier?.severity ?? null);
  if (severity) return severity;
  if (report?.pageUrl) return 'clean';
  return isShopUrl(tabUrl) || (report === null && tabUrl === null) ? 'unchecked' : 'not-shop';
}

function worse(a: Severity | null, b: Severity | null): Severity | null {
  if (a === null || b === null) return a ?? b;
  return severityRank(b) > severityRank(a) ? b : a;
}

export const PAGE_STATE_KEYS: Record<PageState, { title: string; detail: string }> = {
  ...VERDICT_KEYS,
  unchecked: { title: 'verdict_unchecked', detail: 'verdict_unchecked_detail' },
  'not-shop': { title: 'verdict_not_shop_title', detail: 'verdict_not_shop' },
};

/** Warning and worse call for action: what to do now, why it matters. */
export function callsForAction(state: PageState): boolean {
  return state === 'warning' || state === 'danger' || state === 'critical';
}
