/**
 * Shared steps of the hostile-world suite (tests/e2e/hostile-*.e2e.ts): one browser per describe block,
 * a page whose own uncaught errors are collected (a hostile page is written never to throw, so any error
 * is Saq's), waiting for verdicts of a kind, and proving the shop still works for a person.
 */
import { expect } from 'vitest';
import type { Page } from 'puppeteer';
import type { FindingKind, Verdict } from '../../src/shared/findings.ts';
import type { SaqBrowser } from '../helpers/harness.ts';
import { recordCase, type DetectionCase } from './detection-table.ts';
import { closedAfterTest, eventually, type E2EContext } from './each-browser.ts';

/** How long a negative case lets the page run before concluding that nothing appeared. */
export const SETTLE_MS = 2500;

/** What every group of hostile-page tests shares within one browser (see hostile-pages.e2e.ts). */
export interface HostileSuite {
  context: E2EContext;
  browser: () => Promise<SaqBrowser>;
  /** The shop's add-to-cart reservations seen so far (the replica records every request). */
  reservations: () => number;
}

/**
 * One browser for all hostile-page groups of a describe block; every page a test opened (`open`) is closed
 * after it: a hostile page left running would load the next test. Call inside the describe body.
 */
export function hostileSuite(context: E2EContext): HostileSuite {
  return {
    context,
    browser: context.blockBrowser(),
    reservations: () => context.shop.requests.filter((r) => r.path === '/api/cart/reserve').length,
  };
}

export interface HostileVisit {
  page: Page;
  tabId: number;
  /** Uncaught errors and unhandled rejections in the page, as text. */
  errors: string[];
}

/** Opens a shop page in a new tab, recording the page's uncaught errors from the start. */
export async function open(saq: SaqBrowser, path: string): Promise<HostileVisit> {
  const page = closedAfterTest(await saq.browser.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
  await page.goto(new URL(path, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
  return { page, tabId: await saq.tabIdOf(page), errors };
}

export async function verdicts(saq: SaqBrowser, tabId: number): Promise<Verdict[]> {
  return (await saq.report(tabId)).verdicts;
}

export const describeVerdicts = (list: readonly Verdict[]): string[] =>
  list.map((v) => `${v.ruleId} ${v.severity} ${v.finding.kind} ${JSON.stringify(v.finding.actor)} ${JSON.stringify(v.finding.evidence)}`);

/** Waits until every predicate is met by some verdict; returns all verdicts then. */
export async function waitForVerdicts(
  saq: SaqBrowser,
  tabId: number,
  wanted: Record<string, (v: Verdict) => boolean>,
  timeoutMs = 15_000,
): Promise<Verdict[]> {
  try {
    return await eventually(
      () => verdicts(saq, tabId),
      (list) => Object.values(wanted).every((accept) => list.some(accept)),
      `verdicts: ${Object.keys(wanted).join(', ')}`,
      timeoutMs,
    );
  } catch {
    const list = await verdicts(saq, tabId);
    const missing = Object.entries(wanted)
      .filter(([, accept]) => !list.some(accept))
      .map(([name]) => name);
    throw new Error(`missing verdicts: ${missing.join(', ')}; got:\n${describeVerdicts(list).join('\n')}`);
  }
}

/**
 * Waits for the verdicts a malicious case must produce and records the case in the detection table
 * (tests/e2e/detection-table.ts) whether or not they came — a miss must show as missed, not vanish.
 */
export async function expectDetected(
  task: { meta: { detection?: DetectionCase[] } },
  saq: SaqBrowser,
  tabId: number,
  entry: Pick<DetectionCase, 'behaviour' | 'case'>,
  wanted: Record<string, (v: Verdict) => boolean>,
  timeoutMs?: number,
): Promise<Verdict[]> {
  let flagged = false;
  try {
    const list = await waitForVerdicts(saq, tabId, wanted, timeoutMs);
    flagged = true;
    return list;
  } finally {
    recordCase(task, { ...entry, malicious: true, flagged, browser: saq.name });
  }
}

/** A verdict whose actor is not the shop's own code: what a page must never get Saq to say about a helper. */
export const notShop = (v: Verdict): boolean => v.finding.actor.type !== 'page';

/** A verdict about something the helper's CDN script did (the actor is named, not just the act seen). */
export const byHelper = (v: Verdict): boolean => (v.finding.actor.url ?? '').startsWith('https://helper-cdn.test/');

export const ofKind =
  (kind: FindingKind, evidence: (e: Verdict['finding']['evidence']) => boolean = () => true) =>
  (v: Verdict): boolean =>
    v.finding.kind === kind && evidence(v.finding.evidence);

/** Some evidence field mentions `text` (a URL with the attack's tag, a hook's name…). */
export const mentions =
  (text: string) =>
  (evidence: Verdict['finding']['evidence']): boolean =>
    Object.values(evidence).some((value) => typeof value === 'string' && value.includes(text));

/**
 * The shop still works for a person: a trusted click on "add to cart" makes the shop's own code send
 * its reservation request and show a message in the buy block.
 */
export async function personAddsToCart(page: Page, requestsTo: () => number): Promise<void> {
  await page.evaluate(() => {
    const message = document.querySelector('[data-role="cart-message"]');
    if (message) message.textContent = '';
  });
  const before = requestsTo();
  await page.bringToFront();
  await page.click('[data-action="add-to-cart"]');
  await eventually(
    async () => requestsTo() - before,
    (n) => n > 0,
    "the shop's own add-to-cart request after a person's click",
  );
  await eventually(
    () => page.evaluate(() => document.querySelector('[data-role="cart-message"]')?.textContent ?? ''),
    (text) => text.trim() !== '',
    "the shop's answer shown to the person",
  );
}

/** What the hostile page logged about its own steps (failures it caught), for assertion messages. */
export async function hostileLog(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __hostileLog?: string[] }).__hostileLog ?? []);
}

export function expectNoPageErrors(visit: HostileVisit): void {
  expect(visit.errors, 'uncaught errors in the page (the hostile code throws none of its own)').toEqual([]);
}
