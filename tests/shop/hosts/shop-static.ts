// First-party static files: client JS and CSS from tests/shop/static/, coin images from data.
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTS, STATIC } from '../config.ts';
import { coinSvg } from '../pages/coin-svg.ts';
import { sendText, type RequestContext } from '../server/context.ts';

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'static');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Static paths that map to files (the config is the allow-list: no path traversal possible). */
const FILES = new Set<string>([STATIC.css, STATIC.app, STATIC.product, STATIC.checkout, STATIC.login, STATIC.chunkReviews]);

export function serveShopStatic(ctx: RequestContext): boolean {
  const { pathname } = ctx.url;
  if (FILES.has(pathname)) {
    // Read on every request so edits to the client JS show up without a restart.
    const text = readFileSync(join(STATIC_DIR, pathname.slice('/static/'.length)), 'utf8');
    sendText(ctx, text, TYPES[extname(pathname)] ?? 'application/octet-stream');
    return true;
  }
  const product = PRODUCTS.find((p) => STATIC.coinImage(p.slug) === pathname);
  if (product) {
    sendText(ctx, coinSvg(product), 'image/svg+xml');
    return true;
  }
  return false;
}
