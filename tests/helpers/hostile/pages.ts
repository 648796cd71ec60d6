/**
 * Hostile shop pages for the hostile-world suite: the replica's real page (its HTML, scripts and buy
 * block, so the shop's own code runs and a person can still buy) with hostile scripts spliced in — at the
 * very top of <head>, before the shop's first inline script (Saq's MAIN-world script still runs earlier,
 * at document_start), and/or at the end of <body>. Served from the shop host with `shop.setFixture`.
 */
import type { ShopServer } from '../../shop/index.ts';
import { SHOP_ORIGIN } from '../../shop/config.ts';
import { shopClient } from '../../unit/shop/client.ts';
import { HELPER_CDN } from './attacks.ts';

/** The replica's own HTML for a page (fetched like a browser would, with the real host name). */
export async function shopHtml(shop: ShopServer, path: string): Promise<string> {
  const reply = await shopClient(shop.httpsPort).get(new URL(path, SHOP_ORIGIN).href);
  if (reply.status !== 200) throw new Error(`the replica answered ${reply.status} for ${path}`);
  return reply.body;
}

export interface Splice {
  /** HTML placed first in <head>: runs before any script of the shop. */
  top?: string;
  /** HTML placed last in <body>: runs after the shop's markup is parsed. */
  end?: string;
}

export function splice(html: string, { top = '', end = '' }: Splice): string {
  if (!/<head>/.test(html) || !/<\/body>/.test(html)) throw new Error('not a full shop page');
  return html.replace('<head>', `<head>\n${top}`).replace('</body>', `${end}\n</body>`);
}

/**
 * Serves `base` (a shop path) with hostile parts at `path` on the shop host; scripts named in `cdn` are
 * served from the helper's CDN as `/<name>.js`. Returns `path`.
 */
export async function serveHostilePage(
  shop: ShopServer,
  path: string,
  base: string,
  parts: Splice,
  cdn: Record<string, string> = {},
  pageHeaders?: Record<string, string>,
): Promise<string> {
  shop.setFixture(path, splice(await shopHtml(shop, base), parts), pageHeaders ? { headers: pageHeaders } : undefined);
  for (const [name, code] of Object.entries(cdn)) {
    shop.setFixture(`/${name}.js`, code, {
      host: HELPER_CDN,
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
    });
  }
  return path;
}
