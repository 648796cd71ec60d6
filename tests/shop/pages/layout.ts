// The frame every shop page shares: the bootstrap inline script (first in <head>, before any
// other script, like real shops' config/dataLayer snippets), parser-inserted first-party and
// analytics scripts, header with navigation and language switch, footer.
import { API, LANGS, LIMITS, PAGES, ROLES, SELECTORS, STATIC, THIRD_PARTY, type Lang } from '../config.ts';
import { t, textsFor } from '../i18n.ts';
import { esc } from './html.ts';

export interface LayoutOptions {
  lang: Lang;
  title: string;
  /** Current path, used to build the language switch links. */
  path: string;
  /** Extra first-party scripts for this page (parser-inserted, deferred). */
  scripts?: string[];
  cartCount: number;
  body: string;
}

/** `<html lang>` wants the ISO code; the shop's URLs use `kz`. */
const HTML_LANG: Record<Lang, string> = { kz: 'kk', ru: 'ru', en: 'en' };

function bootstrap(lang: Lang): string {
  const config = {
    lang,
    api: API,
    roles: ROLES,
    selectors: SELECTORS,
    limits: { stockPollMs: LIMITS.stockPollMs, chunkDelayMs: LIMITS.chunkDelayMs },
    chunkReviews: STATIC.chunkReviews,
    captchaScript: THIRD_PARTY.captchaScript,
    texts: textsFor(lang),
  };
  // `</` is escaped so no text value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<script>window.shopConfig=${json};window.dataLayer=window.dataLayer||[];dataLayer.push({event:'page',ts:Date.now()});</script>`;
}

function langSwitch(lang: Lang, path: string): string {
  return LANGS.map((other) => {
    const href = path.replace(/^\/(kz|ru|en)(?=\/|$)/, `/${other}`);
    const current = other === lang ? ' aria-current="true"' : '';
    return `<a href="${esc(href)}"${current}>${other.toUpperCase()}</a>`;
  }).join('');
}

export function layout(opts: LayoutOptions): string {
  const { lang } = opts;
  const scripts = [STATIC.app, ...(opts.scripts ?? [])].map((src) => `<script src="${esc(src)}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}">
<head>
${bootstrap(lang)}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} – ${esc(t(lang, 'shopName'))} | ${esc(t(lang, 'bank'))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STATIC.css}">
${scripts}
<script src="${THIRD_PARTY.analyticsScript}" async></script>
</head>
<body>
<header class="top">
  <div class="wrap top__row">
    <a class="brand" href="${PAGES.home(lang)}">
      <span class="brand__mark" aria-hidden="true">ҚҰБ</span>
      <span><b>${esc(t(lang, 'bank'))}</b><br><small>${esc(t(lang, 'shopName'))}</small></span>
    </a>
    <nav class="nav">
      <a href="${PAGES.home(lang)}">${esc(t(lang, 'catalog'))}</a>
      <a href="${PAGES.faq}">${esc(t(lang, 'faq'))}</a>
      <a href="${PAGES.login(lang)}">${esc(t(lang, 'login'))}</a>
      <a class="nav__cart" href="${PAGES.cart(lang)}">${esc(t(lang, 'cart'))} <span data-role="${ROLES.cartCount}">${opts.cartCount}</span></a>
      <span class="langs">${langSwitch(lang, opts.path)}</span>
    </nav>
  </div>
</header>
<div class="notice"><div class="wrap">${esc(t(lang, 'botWarning'))}</div></div>
<main class="wrap">
${opts.body}
</main>
<footer class="foot"><div class="wrap">© ${esc(t(lang, 'bank'))} · ${esc(t(lang, 'footer'))}</div></footer>
</body>
</html>`;
}
