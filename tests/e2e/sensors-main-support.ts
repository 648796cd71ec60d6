/**
 * Shared steps of the MAIN-world sensor tests (tests/e2e/sensors-main-*.e2e.ts): one browser per
 * describe block (with the helper fixture extension loaded; each test switches its behaviour on by a
 * query parameter), hostile scripts served from the helper's CDN, and reading what Saq concluded for a tab.
 */
import type { Page } from 'puppeteer';
import type { Verdict } from '../../src/shared/findings.ts';
import { severityRank } from '../../src/shared/findings.ts';
import { HELPER_CDN, MAIN_WORLD_SCRIPTS, type MainWorldScript } from '../helpers/hostile/main-world.ts';
import type { BrowserName } from '../helpers/find-browsers.ts';
import { pollPage, type LaunchOptions, type SaqBrowser } from '../helpers/harness.ts';
import { MAIN_WORLD_HELPER } from '../helpers/paths.ts';
import { recordCase } from './detection-table.ts';
import { closedAfterTest, eventually, type E2EContext } from './each-browser.ts';

/** How long a negative case lets the page run (shop timers, polling, lazy chunk) before concluding silence. */
export const SETTLE_MS = 2500;

/** The block's browser (see E2EContext.blockBrowser), with the helper fixture extension loaded. */
export const sharedBrowser = (context: E2EContext, options: LaunchOptions = {}): (() => Promise<SaqBrowser>) =>
  context.blockBrowser({ extraExtensions: [MAIN_WORLD_HELPER], ...options });

/** Serves hostile scripts from the helper's CDN (`/<name>.js`; the loader's payload as text). */
export function serve(context: E2EContext, ...names: MainWorldScript[]): void {
  for (const name of names) {
    const path = name === 'payload' ? '/payload.txt' : `/${name}.js`;
    // Helpers' CDNs answer cross-origin reads (a loader fetches its payload from the shop page).
    context.shop.setFixture(path, MAIN_WORLD_SCRIPTS[name], {
      host: HELPER_CDN,
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
    });
  }
}

export interface Visit {
  page: Page;
  tabId: number;
}

export async function visit(saq: SaqBrowser, path: string): Promise<Visit> {
  const page = closedAfterTest(await saq.newShopPage(path));
  return { page, tabId: await saq.tabIdOf(page) };
}

export async function verdicts(saq: SaqBrowser, tabId: number): Promise<Verdict[]> {
  return (await saq.report(tabId)).verdicts;
}

/** Waits until a verdict of this rule appears (fails with what was there instead). */
export async function verdictOf(
  saq: SaqBrowser,
  tabId: number,
  ruleId: string,
  accept: (verdict: Verdict) => boolean = () => true,
): Promise<Verdict> {
  const all = await eventually(
    () => verdicts(saq, tabId),
    (list) => list.some((verdict) => verdict.ruleId === ruleId && accept(verdict)),
    `a ${ruleId} verdict`,
    // Generous: a busy 2-core machine runs several browsers at once.
    20_000,
  );
  return all.find((verdict) => verdict.ruleId === ruleId && accept(verdict))!;
}

/** Like verdictOf, but a miss is `null` (so the case can be recorded before the assertion). */
export async function maybeVerdict(
  saq: SaqBrowser,
  tabId: number,
  ruleId: string,
  accept?: (verdict: Verdict) => boolean,
): Promise<Verdict | null> {
  try {
    return await verdictOf(saq, tabId, ruleId, accept);
  } catch {
    return null;
  }
}

/** Verdicts that would light the badge (warning or worse). */
export const loud = (list: readonly Verdict[]): Verdict[] =>
  list.filter((verdict) => severityRank(verdict.severity) >= severityRank('warning'));

/** A benign case: let the page run, then return the loud verdicts (expected none). */
export async function settleAndListLoud(saq: SaqBrowser, tabId: number, settleMs = SETTLE_MS): Promise<Verdict[]> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return loud(await verdicts(saq, tabId));
}

/** Short description for assertion messages. */
/**
 * A benign case: `script` served as the shop's own file (`/assets/<name>.js`) on a page of its own
 * (`/kz/<name>`), run until it sets `window[doneFlag]`, then `then` (what the person does next); the loud
 * verdicts once the tab settles.
 */
export async function loudAfterShopScript(
  context: E2EContext,
  saq: SaqBrowser,
  { name, script, doneFlag, then }: { name: string; script: string; doneFlag: string; then?: (page: Page) => Promise<void> },
): Promise<Verdict[]> {
  context.shop.setFixture(`/assets/${name}.js`, script, { contentType: 'text/javascript' });
  context.shop.setFixture(
    `/kz/${name}`,
    `<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Ілбіс</h1><script src="/assets/${name}.js"></script></body></html>`,
  );
  const { page, tabId } = await visit(saq, `/kz/${name}`);
  await pollPage(page, (flag) => (window as unknown as Record<string, unknown>)[flag] === true, doneFlag, `the ${name} script`);
  await then?.(page);
  return settleAndListLoud(saq, tabId);
}

export const describeVerdicts = (list: readonly Verdict[]): string[] =>
  list.map(
    (verdict) =>
      `${verdict.ruleId} ${verdict.severity} ${JSON.stringify(verdict.finding.actor)} ${JSON.stringify(verdict.finding.evidence)}`,
  );

export { recordCase };

/** Records each case as malicious, flagged when its verdict came (one behaviour, one browser). */
export function recordMalicious(
  task: Parameters<typeof recordCase>[0],
  behaviour: string,
  browser: BrowserName,
  cases: readonly (readonly [Verdict | null, string])[],
): void {
  for (const [verdict, label] of cases) recordCase(task, { behaviour, case: label, malicious: true, flagged: verdict !== null, browser });
}
