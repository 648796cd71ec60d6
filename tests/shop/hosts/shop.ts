// The shop host: session cookie, language-prefixed pages, API and static files.
import { createHash } from 'node:crypto';
import { DEFAULT_LANG, LANGS, PAGES, SESSION_COOKIE, XSRF_COOKIE, type Lang } from '../config.ts';
import { t } from '../i18n.ts';
import { cartBody, cartLines } from '../pages/cart.ts';
import { checkoutBody } from '../pages/checkout.ts';
import { FAQ_TITLE, faqBody } from '../pages/faq.ts';
import { homeBody } from '../pages/home.ts';
import { layout } from '../pages/layout.ts';
import { loginBody } from '../pages/login.ts';
import { productBody } from '../pages/product.ts';
import { STATIC } from '../config.ts';
import { parseCookies, redirect, sendHtml, type RequestContext } from '../server/context.ts';
import type { Session } from '../server/sessions.ts';
import type { ShopState } from '../server/shop-state.ts';
import { serveShopApi } from './shop-api.ts';
import { serveShopStatic } from './shop-static.ts';

function isLang(value: string | undefined): value is Lang {
  return (LANGS as readonly string[]).includes(value ?? '');
}

function attachSession(ctx: RequestContext, state: ShopState): Session {
  const { session, created } = state.sessions.get(parseCookies(ctx.req.headers.cookie).get(SESSION_COOKIE));
  if (created) {
    const secure = ctx.scheme === 'https' ? '; Secure' : '';
    // setHeader now, so whichever writeHead answers the request carries the cookie. The session is HttpOnly;
    // the anti-forgery token is not (the shop's script would send it back in a header, as many frameworks
    // do): a secret page code can read, which a stealer takes.
    ctx.res.setHeader('Set-Cookie', [
      `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure}`,
      `${XSRF_COOKIE}=${xsrfToken(session)}; Path=/; SameSite=Lax${secure}`,
    ]);
  }
  return session;
}

/** The session's anti-forgery token: fixed per session, unguessable without it. */
function xsrfToken(session: Session): string {
  return createHash('sha256').update(`xsrf|${session.id}`).digest('hex').slice(0, 32);
}

function cartCount(session: Session): number {
  return [...session.cart.values()].reduce((a, b) => a + b, 0);
}

export function serveShop(ctx: RequestContext, state: ShopState): boolean {
  const session = attachSession(ctx, state);
  if (serveShopStatic(ctx) || serveShopApi(ctx, state, session)) return true;
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;

  const { pathname } = ctx.url;
  if (pathname === '/') {
    redirect(ctx, PAGES.home(DEFAULT_LANG));
    return true;
  }
  const [, first, ...rest] = pathname.split('/');
  if (!isLang(first)) return false;
  const lang = first;
  const page = (title: string, body: string, scripts: string[] = []): true => {
    sendHtml(ctx, layout({ lang, title, path: pathname, scripts, cartCount: cartCount(session), body }));
    return true;
  };
  const route = rest.join('/');

  if (route === '') return page(t(lang, 'catalog'), homeBody(lang, state.sale));
  if (route === 'cart') return page(t(lang, 'cart'), cartBody(lang, cartLines(lang, session.cart)));
  if (route === 'checkout') {
    return page(t(lang, 'checkout'), checkoutBody(lang, cartLines(lang, session.cart)), [STATIC.checkout]);
  }
  if (route === 'login') return page(t(lang, 'login'), loginBody(lang), [STATIC.login]);
  if (route === 'pages/questions') return page(FAQ_TITLE[lang], faqBody(lang));
  if (rest[0] === 'product' && rest.length === 2) {
    const product = state.sale.find(rest[1] ?? '');
    const status = product && product.slug === rest[1] ? state.sale.status(product.id) : undefined;
    if (!product || !status) return false;
    return page(product.name[lang], productBody(lang, product, status), [STATIC.product]);
  }
  return false;
}

/** Shop-styled 404, so a wrong link in a test still shows a recognisable page. */
export function shopNotFound(ctx: RequestContext): void {
  const first = ctx.url.pathname.split('/')[1];
  const lang = isLang(first) ? first : DEFAULT_LANG;
  sendHtml(
    ctx,
    layout({ lang, title: t(lang, 'notFound'), path: ctx.url.pathname, cartCount: 0, body: `<h1>${t(lang, 'notFound')}</h1>` }),
    404,
  );
}
