/**
 * The extension fixtures the sensors-rest end-to-end tests install next to Saq, delivered the way real
 * ones are: a helper extension acting from its ISOLATED world, a MV3 userscript manager (USER_SCRIPT
 * world), and harmless neighbours (translator, dark mode, ad blocker, password manager).
 */
import { cpSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer';
import type { BrowserName } from './find-browsers.ts';
import { pollPage, type LaunchOptions, type SaqBrowser } from './harness.ts';
import { ROOT } from './paths.ts';

const FIXTURES = resolve(ROOT, 'tests/helpers/fixtures');

/** Acts from its ISOLATED world; what it does is chosen by the page URL's `saq-helper` parameter. */
export const ISOLATED_HELPER = resolve(FIXTURES, 'isolated-helper');
/** Translator, dark mode, ad blocker, password manager and address autofill: must all stay silent. */
export const BENIGN_NEIGHBOURS = resolve(FIXTURES, 'benign-neighbours');
/** Runs on another site only: the extension inventory must not list it. */
export const UNRELATED_EXTENSION = resolve(FIXTURES, 'unrelated-extension');
/** The isolated helper's ids, which rule SAQ-EXT-002 names as test vectors (Chromium id fixed by its manifest key). */
export const ISOLATED_HELPER_IDS = { chromium: 'epgjpinognnelpcgcamhojnibmadldmc', firefox: 'isolated-helper@fixtures.test' } as const;

const USERSCRIPT_GECKO_ID = 'userscript-helper@fixtures.test';
/** The name in manifest.chrome.json: chrome://extensions finds the unpacked copy by it (its id follows its path). */
const USERSCRIPT_CHROMIUM_NAME = 'Userscript manager (test fixture, Chromium)';
const USERSCRIPT_UUID = '5a9d3c1e-7f2b-4e61-9c0d-3b8f6a2e4d17';

/** The userscript manager needs a different manifest per browser (Chromium: required permission; Firefox: optional). */
export function userscriptHelper(browser: BrowserName): string {
  const source = resolve(FIXTURES, 'userscript-helper');
  const dir = mkdtempSync(join(tmpdir(), 'saq-userscript-helper-'));
  cpSync(source, dir, { recursive: true, filter: (path) => !path.endsWith('.json') || path === source });
  copyFileSync(join(source, browser === 'chromium' ? 'manifest.chrome.json' : 'manifest.firefox.json'), join(dir, 'manifest.json'));
  return dir;
}

/** Launch options that let a test open the userscript manager's page and grant its optional permission (Firefox). */
export const USERSCRIPT_LAUNCH: Pick<LaunchOptions, 'firefoxFixtures'> = {
  firefoxFixtures: { uuids: { [USERSCRIPT_GECKO_ID]: USERSCRIPT_UUID }, grantOptionalPermissions: true },
};

/**
 * What a person does to let a MV3 userscript manager run its scripts. Chromium: the per-extension
 * "Allow user scripts" switch on chrome://extensions (flipped through that page's own API), then the
 * manager registers. Firefox: the manager's page asks for the optional `userScripts` permission.
 */
export async function allowUserScripts(saq: SaqBrowser): Promise<void> {
  const page = await saq.browser.newPage();
  try {
    if (saq.name === 'chromium') await allowInChromium(page);
    else await allowInFirefox(page);
  } finally {
    await page.close();
  }
}

async function allowInChromium(page: Page): Promise<void> {
  await page.goto('chrome://extensions/');
  // Found by name, not by its service worker's target: an idle worker is stopped after 30 s, and a test that
  // ran later in the same browser waited for a target that was gone (CI, stop 44).
  const id = await page.evaluate(async (name) => {
    const developer = (
      chrome as unknown as {
        developerPrivate: {
          getExtensionsInfo(): Promise<Array<{ id: string; name: string }>>;
          updateExtensionConfiguration(c: object): Promise<void>;
        };
      }
    ).developerPrivate;
    const found = (await developer.getExtensionsInfo()).find((info) => info.name === name);
    if (found) await developer.updateExtensionConfiguration({ extensionId: found.id, userScriptsAccess: true });
    return found?.id ?? null;
  }, USERSCRIPT_CHROMIUM_NAME);
  if (!id) throw new Error(`chrome://extensions lists no "${USERSCRIPT_CHROMIUM_NAME}"`);
  // The manager's own page asks its worker to register: a message starts a stopped worker.
  await page.goto(`chrome-extension://${id}/enable.html`);
  const registered = await page.evaluate(() => chrome.runtime.sendMessage('register') as Promise<string>);
  if (registered !== 'registered') throw new Error(`the userscript manager could not register its script: ${registered}`);
}

async function allowInFirefox(page: Page): Promise<void> {
  await page.goto('https://kazcoins.nationalbank.kz/__saq_probe');
  const url = `moz-extension://${USERSCRIPT_UUID}/enable.html`;
  // BiDi refuses page.goto('moz-extension://…'); the page is web-accessible to the shop, so a navigation reaches it.
  await page.evaluate((target) => {
    location.href = target;
  }, url);
  await pollPage(page, () => document.getElementById('enable') !== null, undefined, 'the userscript manager page');
  await page.click('#enable');
  await pollPage(page, () => document.getElementById('state')?.textContent === 'registered', undefined, 'the user script to be registered');
}
