/**
 * Loads a language's messages from the extension's own _locales. Extension pages and the background
 * cannot switch chrome.i18n to another language than the browser's, so a chosen language is read
 * from the packaged file (a local extension URL: nothing goes to the network).
 */
import browser from '../platform/browser.ts';
import { LANGUAGE_KEY } from './storage-keys.ts';
import { isLanguage, resolveLanguage, type Language, type LanguageSetting } from './languages.ts';
import { createTranslator, parseMessages, type Translate } from './translate.ts';

const cache = new Map<Language, Promise<Translate>>();

export async function chosenLanguage(): Promise<Language> {
  const stored = (await browser.storage.local.get(LANGUAGE_KEY))[LANGUAGE_KEY];
  return resolveLanguage(stored, browser.i18n.getUILanguage());
}

/** The choice as stored: a language, or 'auto' (follow the browser) when nothing is stored. */
export async function storedLanguageSetting(): Promise<LanguageSetting> {
  const stored = (await browser.storage.local.get(LANGUAGE_KEY))[LANGUAGE_KEY];
  return isLanguage(stored) ? stored : 'auto';
}

export async function saveLanguageSetting(setting: LanguageSetting): Promise<void> {
  if (setting === 'auto') await browser.storage.local.remove(LANGUAGE_KEY);
  else await browser.storage.local.set({ [LANGUAGE_KEY]: setting });
}

export function loadTranslator(language: Language): Promise<Translate> {
  let pending = cache.get(language);
  if (!pending) {
    const browserText: Translate = (key, substitutions) => browser.i18n.getMessage(key, substitutions) || key;
    pending = fetch(browser.runtime.getURL(`_locales/${language}/messages.json`))
      .then((response) => response.json())
      .then((raw: unknown) => createTranslator(parseMessages(raw), browserText))
      .catch(() => browserText);
    cache.set(language, pending);
  }
  return pending;
}
