/**
 * The languages Saq speaks and how the one in use is chosen: the person's choice in the options page,
 * else the browser's UI language, else English. Pure, so the background, pages and tests share it.
 */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguageSetting = Language | 'auto';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function resolveLanguage(setting: unknown, browserUiLanguage: string): Language {
  if (isLanguage(setting)) return setting;
  const base = browserUiLanguage.toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(base) ? base : 'en';
}

/** BCP 47 tags for Intl date formatting and the pages' `lang` attribute. */
export const LOCALE_TAG: Record<Language, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
