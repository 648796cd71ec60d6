/**
 * `npm run demo`: builds Saq for both browsers, starts the HTTPS replica of the shop under its real
 * hostname, launches Chromium with Saq and a sample "helper" extension (delivered the way real ones are:
 * a content script that pulls an auto-clicker from the seller's CDN), and prints what Saq caught.
 * Then, for contrast, a person buys by hand in a browser without the helper. With no display it runs
 * headless and saves screenshots; with a display it shows the browser and waits for Ctrl+C.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import type { TabReport } from '../../src/shared/protocol.ts';
import { groupVerdicts } from '../../src/ui/group-verdicts.ts';
import { launch } from '../../tests/helpers/harness.ts';
import { autoBuyScript, HELPER_CDN } from '../../tests/helpers/hostile-scripts.ts';
import { HELPER_EXTENSION, ROOT } from '../../tests/helpers/paths.ts';
import { startShop } from '../../tests/shop/index.ts';
import { buildAll } from '../build/build.ts';

const PRODUCT = '/kz/product/snow-leopard-silver';
const OUT = resolve(ROOT, 'test-results/demo');
const headful = Boolean(process.env.DISPLAY) && !process.env.CI && !process.argv.includes('--headless');

function step(text: string): void {
  console.log(`\n▶ ${text}`);
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printReport(report: TabReport): void {
  console.log(
    `  verdict: ${report.severity ?? 'clean'} — ${report.verdicts.length} verdict(s) from ${report.findingCount} finding(s), rules ${report.rulesVersion}`,
  );
  // Grouped and counted as the popup does: one line per rule and actor, with the times it was judged.
  for (const { verdict, count } of groupVerdicts(report.verdicts)) {
    const actor = verdict.finding.actor.url ?? verdict.finding.actor.extensionId ?? verdict.finding.actor.type;
    console.log(`  ${verdict.severity.padEnd(8)} ${verdict.ruleId.padEnd(13)} ×${String(count).padEnd(3)} by ${actor}`);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = resolve(OUT, name);
  await page.screenshot({ path: path as `${string}.png`, fullPage: false });
  console.log(`  screenshot: ${path}`);
}

async function main(): Promise<void> {
  step('Building Saq for Chromium and Firefox');
  const [chromeDir, firefoxDir] = await buildAll({ test: false });
  console.log(`  load by hand: Chrome → ${chromeDir}, Firefox → ${firefoxDir}/manifest.json`);

  step('Starting the replica of https://kazcoins.nationalbank.kz (local, HTTPS, real hostname)');
  const shop = await startShop();
  shop.setFixture('/autobuy.js', autoBuyScript(), { host: HELPER_CDN, contentType: 'text/javascript' });
  console.log(`  https on 127.0.0.1:${shop.httpsPort}; run \`npm run shop\` to browse it yourself`);
  mkdirSync(OUT, { recursive: true });

  step(`Chromium with Saq and a "Coin Helper PRO" extension (${headful ? 'window' : 'headless'})`);
  const withHelper = await launch('chromium', shop, { extensionDir: chromeDir!, extraExtensions: [HELPER_EXTENSION], headful });
  const page = await withHelper.newShopPage(PRODUCT);
  const tabId = await withHelper.tabIdOf(page);
  await waitFor(
    () => withHelper.badgeText(tabId),
    (text) => text !== '',
  );
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let the helper finish its clicks
  // Read again now: the badge counts verdicts, and the one first lit may be a verdict or two short of the report below.
  const badge = await withHelper.badgeText(tabId);
  const cartRequests = shop.requests.filter((request) => request.path.startsWith('/api/cart/')).length;
  console.log(`  the helper sent ${cartRequests} cart request(s); Saq's badge on the tab: "${badge}"`);
  printReport(await withHelper.report(tabId));
  await screenshot(page, 'helper-page.png');
  const popup = await withHelper.openPopup(tabId);
  await popup.setViewport({ width: 400, height: 600 });
  await screenshot(popup, 'helper-popup.png');

  step('For contrast: a person buying by hand (trusted mouse and keyboard), no helper');
  shop.reset();
  const person = await launch('chromium', shop, { extensionDir: chromeDir! });
  const personPage = await person.newShopPage(PRODUCT);
  const personTab = await person.tabIdOf(personPage);
  await personPage.click('[data-action="add-to-cart"]');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  console.log(`  badge: "${await person.badgeText(personTab)}" (empty means clean)`);
  printReport(await person.report(personTab));
  await person.close();

  if (headful) {
    console.log('\nThe helper browser stays open: look at the badge and click the Saq icon. Ctrl+C to finish.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  await withHelper.close();
  await shop.close();
  console.log(`\n✓ demo finished; screenshots in ${OUT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
