/**
 * Official addresses the UI links to, in the person's language. Deliberately top-level pages, not
 * guessed deep links: the bank's 23 June 2023 warning is in its news section; the shop's user agreement
 * (clause 11.4) and rules are reached from its questions page. Both sites use kz/ru/en path prefixes.
 */
import type { Language } from './languages.ts';

const SITE_LANGUAGE: Record<Language, string> = { kk: 'kz', ru: 'ru', en: 'en' };

export function officialLinks(language: Language): { nbkNews: string; shopQuestions: string } {
  const segment = SITE_LANGUAGE[language];
  return {
    nbkNews: `https://www.nationalbank.kz/${segment}/news/`,
    shopQuestions: `https://kazcoins.nationalbank.kz/${segment}/pages/questions`,
  };
}

/** The NBK contact centre's short number (from the bank's warning). */
export const CONTACT_CENTRE_PHONE = '1477';
/** Police in Kazakhstan. */
export const POLICE_PHONE = '102';
