/**
 * Shared steps of the sensors-rest end-to-end files: one browser per describe block, waiting for the
 * rules a malicious case must trigger, and the settle-then-look check of a benign case. Each returns
 * whether Saq flagged the case, so the test records it in the detection table before asserting.
 */
import type { Page } from 'puppeteer';
import { severityRank, type Verdict } from '../../src/shared/findings.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { closedAfterTest, sleep } from './each-browser.ts';

export const SHOP = 'https://kazcoins.nationalbank.kz';
export const PRODUCT = '/kz/product/snow-leopard-silver';
/** How long a benign case is left running (the shop's own polling, chunk, analytics) before looking. */
export const SETTLE_MS = 3_000;

/** A shop page with the isolated helper told what to do (`saq-helper`), its tab id, and the tab in front. */
export async function openShopTab(saq: SaqBrowser, path: string, helperMode?: string): Promise<{ page: Page; tabId: number }> {
  const url = new URL(path, SHOP);
  if (helperMode) url.searchParams.set('saq-helper', helperMode);
  const page = closedAfterTest(await saq.newShopPage(url.pathname + url.search));
  const tabId = await saq.tabIdOf(page);
  return { page, tabId };
}

export function serious(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((verdict) => severityRank(verdict.severity) >= severityRank('warning'));
}

/** Waits until every rule in `ruleIds` has a verdict on the tab; false (not a throw) on timeout. */
export async function rulesFire(saq: SaqBrowser, tabId: number, ruleIds: readonly string[], timeoutMs = 15_000): Promise<Verdict[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { verdicts } = await saq.report(tabId);
    if (ruleIds.every((id) => verdicts.some((verdict) => verdict.ruleId === id))) return verdicts;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Lets the page run for `ms`, then returns the warning-or-worse verdicts and the badge text. */
export async function afterSettling(saq: SaqBrowser, tabId: number, ms = SETTLE_MS): Promise<{ serious: Verdict[]; badge: string }> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  const { verdicts } = await saq.report(tabId);
  return { serious: serious(verdicts), badge: await saq.badgeText(tabId) };
}

export { sleep };

/** Human-looking pause: a base plus a random part (irregular timing is what people have). */
export function humanPause(baseMs: number, spreadMs: number): Promise<void> {
  return sleep(baseMs + Math.random() * spreadMs);
}

/**
 * For a failure message: the tab's record as the background keeps it (when the page started, since when its
 * hooks were known to be installed, the findings by kind, the rules that fired) next to the cart requests the
 * replica received. Read from storage.session through an extension page, the way the popup's data comes.
 */
export async function whatWasSeen(saq: SaqBrowser, tabId: number, requests: ReadonlyArray<{ path: string; at: number }>): Promise<string> {
  const record = await saq.inExtension(
    async (key) => ((await chrome.storage.session.get(key)) as Record<string, unknown>)[key] ?? null,
    `tab:${tabId}`,
  );
  if (!record) return 'no record for the tab';
  const { startedAt, hooksSince, findings, verdicts } = record as {
    startedAt: number;
    hooksSince: number | null;
    findings: Array<{ kind: string; at: number }>;
    verdicts: Verdict[];
  };
  const kinds: Record<string, number> = {};
  for (const finding of findings) kinds[finding.kind] = (kinds[finding.kind] ?? 0) + 1;
  const cart = requests.filter((request) => request.path.startsWith('/api/cart')).map((request) => request.at - startedAt);
  return JSON.stringify({
    hooksSinceMs: hooksSince === null ? null : hooksSince - startedAt,
    kinds,
    rules: [...new Set(verdicts.map((verdict) => verdict.ruleId))],
    cartRequestsMs: cart,
  });
}
