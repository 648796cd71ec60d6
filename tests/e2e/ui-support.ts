/**
 * Shared steps of the UI end-to-end tests: the expected texts per language (from the built locale
 * files), switching Saq's language through storage, reading the in-page warning through the extension
 * (its shadow root is closed to the page and to Puppeteer), layout checks, and screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import type { SaqBrowser } from '../helpers/harness.ts';
import { SCREENSHOTS, TEST_BUILD } from '../helpers/paths.ts';

export const UI_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
/** The shop's own language prefix for each of Saq's languages. */
export const SHOP_PREFIX: Record<UiLanguage, string> = { kk: 'kz', ru: 'ru', en: 'en' };

export const DANGEROUS_PRODUCT = 'product/snow-leopard-silver';
/** A shop page without purchase controls: the helper fixture leaves it alone. */
export const CLEAN_PAGE = 'pages/questions';

/** Messages of the build under test, so a test fails if a text is missing from what ships. */
export function messages(lang: UiLanguage): (key: string) => string {
  const raw = JSON.parse(readFileSync(resolve(TEST_BUILD.chromium, `_locales/${lang}/messages.json`), 'utf8')) as Record<
    string,
    { message: string }
  >;
  return (key) => {
    const entry = raw[key];
    if (!entry) throw new Error(`message ${key} is missing from the ${lang} build`);
    return entry.message;
  };
}

export async function setLanguage(saq: SaqBrowser, lang: UiLanguage | 'auto'): Promise<void> {
  await saq.inExtension(
    (value) => (value === 'auto' ? chrome.storage.local.remove('ui.language') : chrome.storage.local.set({ 'ui.language': value })),
    lang,
  );
}

export interface WarningProbe {
  text: string;
  lang: string;
  severity: string | null;
  overflow: string[];
  /** A click at the warning's centre reaches the warning, not something painted over it. */
  onTop: boolean;
  /** Displayed, visible and opaque as far as CSS says. */
  visible: boolean;
  rect: { left: number; top: number; right: number; bottom: number };
  dismissRect: { left: number; top: number; right: number; bottom: number };
  /** "Hide" takes clicks (it waits a moment after each appearance). */
  armed: boolean;
  /** The warning box's markup (its closed root's content), for an accessibility check of a copy. */
  markup: string;
  /** The warning box's computed font size. */
  fontSize: string;
  /** What has keyboard focus inside the warning, and whether a focus ring shows around it. */
  focus: { tag: string; ring: boolean } | null;
}

/** What the in-page warning shows, asked of the content script through the extension (test builds only). */
export async function warningProbe(saq: SaqBrowser, tabId: number): Promise<WarningProbe | null> {
  return saq.inExtension(
    (id) => chrome.tabs.sendMessage(id, { type: 'warning-probe/test' }, { frameId: 0 }).catch(() => null) as Promise<WarningProbe | null>,
    tabId,
  );
}

/** Chrome's popups are at most 800×600; Saq's is 380 px wide. */
export const POPUP_WIDTH = 380;

/**
 * Layout problems a person would see: the page scrolls sideways, an element leaves the viewport (or
 * `maxWidth`, the popup's width) horizontally, a block's text is wider than its box (cut off or
 * spilling), or text is too small to read.
 */
export async function layoutProblems(page: Page, maxWidth = Number.POSITIVE_INFINITY): Promise<string[]> {
  return page.evaluate((limit) => {
    const problems: string[] = [];
    const width = Math.min(document.documentElement.clientWidth, limit);
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    const contentWidth = Math.max(document.body.scrollWidth, document.body.getBoundingClientRect().right);
    if (contentWidth > width + 0.5) problems.push(`the page is wider than ${width} px (${contentWidth})`);
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.width <= 1 && rect.height <= 1 && getComputedStyle(el).clipPath !== 'none') continue; // screen-reader-only text
      if (rect.left < -0.5 || rect.right > width + 0.5)
        problems.push(`${name(el)} leaves the viewport (${Math.round(rect.left)}…${Math.round(rect.right)} of ${width})`);
      const html = el as HTMLElement;
      const ownText = Array.from(el.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (ownText && size < 11) problems.push(`${name(el)} text is too small to read (${size} px)`);
      if (html.clientWidth > 0 && html.scrollWidth > html.clientWidth + 1 && el.tagName !== 'SELECT')
        problems.push(`${name(el)} text is wider than its box (${html.scrollWidth} > ${html.clientWidth})`);
    }
    return problems;
  }, maxWidth);
}

export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/** Saves a PNG of the viewport to test-results/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path });
  return path;
}

/** Saves the whole popup (380 px wide, all of its height) as the person would scroll through it. */
export async function screenshotPopup(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`) as `${string}.png`;
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  await page.screenshot({ path, clip: { x: 0, y: 0, width: POPUP_WIDTH, height }, captureBeyondViewport: true });
  return path;
}

/**
 * The popup as the browser shows it: a 380 px wide viewport. Firefox under WebDriver BiDi cannot
 * change a page's viewport (Puppeteer's call needs a command Firefox lacks); the popup's body is
 * 380 px wide anyway, and layoutProblems() is given that width to check against.
 */
export async function sizeAsPopup(page: Page): Promise<void> {
  try {
    await page.setViewport({ width: POPUP_WIDTH, height: 600 });
  } catch {
    // Firefox: see above.
  }
}
