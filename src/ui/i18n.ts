/**
 * Text lookup for extension pages. All visible text comes from public/_locales/<lang>/messages.json in
 * the language the person chose (options) or the browser's; a missing key shows the key itself (and a
 * test fails on it) instead of an empty string. Call `initI18n()` once before the first render.
 */
import browser from '../platform/browser.ts';
import { LOCALE_TAG, resolveLanguage, type Language } from './languages.ts';
import { chosenLanguage, loadTranslator } from './load-messages.ts';
import type { Translate } from './translate.ts';

let active: Translate | null = null;
let language: Language = 'en';

export async function initI18n(): Promise<Language> {
  try {
    language = await chosenLanguage();
  } catch {
    language = resolveLanguage(null, browser.i18n.getUILanguage());
  }
  active = await loadTranslator(language);
  document.documentElement.lang = language;
  return language;
}

export function t(key: string, substitutions?: string | string[]): string {
  if (active) return active(key, substitutions);
  return browser.i18n.getMessage(key, substitutions) || key;
}

export function currentLanguage(): Language {
  return language;
}

/** Date and time in the active language, e.g. for feed checks and the report. */
export function formatTime(at: number | string | null | undefined): string {
  if (at === null || at === undefined || at === '') return t('feed_never');
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  // Numeric: some browsers' ICU has no Kazakh month names (Chromium printed "2026 М11 30").
  return date.toLocaleString(LOCALE_TAG[language], {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
