/**
 * Reaction time: from a helper's first action on the real product page to Saq's badge being set for
 * that tab. Each run opens the page in a fresh tab (the badge starts empty), waits for Saq's start-up,
 * arms the badge watcher, then makes the helper act. The page stamps Date.now() right before the act; the
 * watcher stamps the badge on the same clock (see lib/badge-watch.ts).
 *
 * Scenarios (who acts is what the rules judge, so each is delivered the way a helper does it):
 * - script insertion: a foreign helper script inserts another script from its CDN;
 * - first synthetic click: the helper clicks add to cart (HTMLElement.click, untrusted);
 * - Nth cart request: the shop's own code (an inline script, actor "page") sends cart requests 40 ms
 *   apart; only the rate rule can fire, so the clock starts at the request that crosses the rules'
 *   `cart_requests_per_sec` threshold;
 * - exfiltration: the helper posts to the Telegram bot API.
 */
import type { Page } from 'puppeteer';
import baseline from '../rules/baseline.json' with { type: 'json' };
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import { badgeWatcher, type BadgeWatcher } from './lib/badge-watch.ts';
import { pageTab, sleep } from './lib/browsers.ts';
import { REACTION_PATH, trigger } from './lib/pages.ts';
import { summarize, type Summary } from './lib/stats.ts';

export const CART_THRESHOLD = Number((baseline as { thresholds?: Record<string, number> }).thresholds?.cart_requests_per_sec ?? 6);
const CART_GAP_MS = 40;

interface Scenario {
  id: string;
  label: string;
  /** Starts the act in the page; the stamp of the act that should light the badge is read afterwards. */
  start(page: Page): Promise<void>;
  stampOf(page: Page): Promise<number | null>;
}

const helperStamp = (page: Page): Promise<number | null> =>
  page.evaluate(() => (window as unknown as { __benchHelper?: { actions: number[] } }).__benchHelper?.actions[0] ?? null);

/** Through a key press (pages.ts): the helper's frames, not the driver's, are on the stack. */
const callHelper = (page: Page, name: string): Promise<void> => trigger(pageTab(page), `__benchHelper.${name}`);

export const SCENARIOS: readonly Scenario[] = [
  { id: 'script', label: 'script insertion', start: (page) => callHelper(page, 'insertScript'), stampOf: helperStamp },
  { id: 'click', label: 'first synthetic click', start: (page) => callHelper(page, 'clickBuy'), stampOf: helperStamp },
  {
    id: 'cart',
    label: `cart request no. ${CART_THRESHOLD} (40 ms apart)`,
    start: (page) => trigger(pageTab(page), '__benchShop.cartBurst', CART_THRESHOLD, CART_GAP_MS),
    // The burst may still be running when the badge lights (then the badge came early): wait for it.
    stampOf: async (page) => {
      for (let i = 0; i < 40; i++) {
        const stamp = await page.evaluate(
          (nth) => (window as unknown as { __benchShop: { actions: number[] } }).__benchShop.actions[nth - 1] ?? null,
          CART_THRESHOLD,
        );
        if (stamp !== null) return stamp;
        await sleep(50);
      }
      return null;
    },
  },
  { id: 'exfil', label: 'exfiltration request', start: (page) => callHelper(page, 'exfiltrate'), stampOf: helperStamp },
];

export interface ReactionRow {
  scenario: string;
  runs: number;
  /** Runs where the badge lit up within the timeout. */
  detected: number;
  /** Runs where the badge was already lit before the act (a rule fired on something earlier). */
  early: number;
  /** The rules whose verdicts stood when the badge lit early: what fired before the act. */
  earlyRules: string[];
  ms: Summary | null;
}

export interface ReactionResult {
  browser: string;
  method: string;
  rows: ReactionRow[];
}

const TIMEOUT_MS = 3000;

/**
 * One run in a fresh tab: reloading one tab dozens of times a minute is itself a behaviour Saq flags
 * (a reload storm), which would light the badge before the helper acts.
 */
type RunResult = number | { early: string[] } | null;

async function runOnce(browser: SaqBrowser, watcher: BadgeWatcher, scenario: Scenario): Promise<RunResult> {
  const page = await browser.browser.newPage();
  try {
    await page.goto(new URL(REACTION_PATH, 'https://kazcoins.nationalbank.kz').href, { waitUntil: 'load' });
    const tabId = await browser.tabIdOf(page);
    // Saq's start-up on the page (hello, profile, hooks-ready) is done well within this.
    await sleep(150);
    const early = async (): Promise<RunResult> => {
      const rules = (await browser.report(tabId)).verdicts.map((v) => v.ruleId);
      return { early: rules.length > 0 ? rules : ['(no verdict in the report)'] };
    };
    if ((await watcher.text(tabId)) !== '') return early();
    const { lit } = await watcher.arm(tabId, Date.now(), TIMEOUT_MS);
    await scenario.start(page);
    const at = await lit;
    const stamp = await scenario.stampOf(page);
    if (process.env.SAQ_BENCH_VERBOSE) console.log(`    ${scenario.id}: badge at ${at}, act at ${stamp}`);
    if (at === null || stamp === null) return null;
    return at < stamp ? early() : at - stamp;
  } finally {
    await page.close().catch(() => undefined);
  }
}

export async function runReactionBench(
  browser: SaqBrowser,
  options: { runs: number; log?: (line: string) => void },
): Promise<ReactionResult> {
  const watcher = await badgeWatcher(browser);
  try {
    const rows: ReactionRow[] = [];
    // Interleave scenarios run by run, so a noisy minute on the machine spreads over all of them.
    const samples = new Map<string, { ms: number[]; early: number; rules: Set<string> }>(
      SCENARIOS.map((s) => [s.id, { ms: [], early: 0, rules: new Set() }]),
    );
    for (let run = 0; run < options.runs; run++) {
      for (const scenario of SCENARIOS) {
        const result = await runOnce(browser, watcher, scenario);
        const bucket = samples.get(scenario.id)!;
        if (typeof result === 'number') bucket.ms.push(result);
        else if (result !== null) {
          bucket.early++;
          for (const rule of result.early) bucket.rules.add(rule);
        }
      }
    }
    for (const scenario of SCENARIOS) {
      const bucket = samples.get(scenario.id)!;
      rows.push({
        scenario: scenario.label,
        runs: options.runs,
        detected: bucket.ms.length,
        early: bucket.early,
        earlyRules: [...bucket.rules].sort(),
        ms: bucket.ms.length > 0 ? summarize(bucket.ms) : null,
      });
      const row = rows.at(-1)!;
      options.log?.(
        `  ${browser.name} ${row.scenario}: ` +
          (row.ms ? `median ${row.ms.median} ms, p95 ${row.ms.p95} ms` : 'never lit the badge') +
          ` (${row.detected}/${row.runs} detected${row.early ? `, ${row.early} lit before the act by ${row.earlyRules.join(', ')}` : ''})`,
      );
    }
    return { browser: browser.name, method: watcher.method, rows };
  } finally {
    await watcher.close();
  }
}
