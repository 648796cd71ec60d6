/**
 * Official addresses the UI links to. Deliberately top-level pages, not guessed deep links: the bank's
 * 23 June 2023 warning is in its news section, the shop's rules and user agreement behind its FAQ.
 */
export const NBK_NEWS_URL = 'https://www.nationalbank.kz/ru/news/';
export const SHOP_QUESTIONS_URL = 'https://kazcoins.nationalbank.kz/kz/pages/questions';
export const CONTACT_CENTRE_PHONE = '1477';
