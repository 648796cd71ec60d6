// The shop's JSON API: stock polling, the two-step add-to-cart, orders and login steps.
import { randomBytes } from 'node:crypto';
import { API, SMS_CODE, type Lang } from '../config.ts';
import { cartLines, cartTotal } from '../pages/cart.ts';
import { addItem, overRateLimit, rateLimited, reserve, type CartResult } from '../server/cart-rules.ts';
import { parseBody, sendJson, type RequestContext } from '../server/context.ts';
import type { Session } from '../server/sessions.ts';
import type { ShopState } from '../server/shop-state.ts';

function reply(ctx: RequestContext, result: CartResult): true {
  sendJson(ctx, result.body, result.status, result.headers);
  return true;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function serveShopApi(ctx: RequestContext, state: ShopState, session: Session): boolean {
  const { pathname } = ctx.url;
  const post = ctx.method === 'POST';

  if (ctx.method === 'GET' && pathname.startsWith(API.stock)) {
    const status = state.sale.status(decodeURIComponent(pathname.slice(API.stock.length)));
    return reply(ctx, status ? { status: 200, body: { ...status } } : { status: 404, body: { error: 'not-found' } });
  }
  if (post && (pathname === API.reserve || pathname === API.cartItems)) {
    // One shared window for both steps: a bot hammering either endpoint is throttled.
    if (overRateLimit(session, Date.now())) return reply(ctx, rateLimited);
    const input = parseBody(ctx);
    return reply(ctx, pathname === API.reserve ? reserve(state.sale, session, input) : addItem(state.sale, session, input));
  }
  if (ctx.method === 'GET' && pathname === API.cart) {
    const lines = cartLines('en', session.cart);
    return reply(ctx, { status: 200, body: { items: lines, total: cartTotal(lines) } });
  }
  if (post && pathname === API.order) return createOrder(ctx, state, session);
  if (post && pathname === API.login) {
    const { username, password } = parseBody(ctx);
    if (!nonEmpty(username) || !nonEmpty(password)) return reply(ctx, { status: 400, body: { error: 'credentials' } });
    session.smsPending = true;
    return reply(ctx, { status: 200, body: { step: 'sms' } });
  }
  if (post && pathname === API.loginEds) {
    if (!nonEmpty(parseBody(ctx).certPassword)) return reply(ctx, { status: 400, body: { error: 'certificate' } });
    session.smsPending = true;
    return reply(ctx, { status: 200, body: { step: 'sms' } });
  }
  if (post && pathname === API.loginSms) {
    if (!session.smsPending || parseBody(ctx).code !== SMS_CODE) return reply(ctx, { status: 401, body: { error: 'code' } });
    session.smsPending = false;
    session.loggedIn = true;
    return reply(ctx, { status: 200, body: { ok: true } });
  }
  return false;
}

function createOrder(ctx: RequestContext, state: ShopState, session: Session): true {
  const input = parseBody(ctx);
  const lang: Lang = 'en';
  const lines = cartLines(lang, session.cart);
  if (lines.length === 0) return reply(ctx, { status: 409, body: { error: 'empty-cart' } });
  const delivery = Object.fromEntries(Object.entries(input).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  if (delivery.delivery !== 'post' && delivery.delivery !== 'pickup') {
    return reply(ctx, { status: 400, body: { error: 'delivery' } });
  }
  const order = {
    id: `KC-${randomBytes(4).toString('hex').toUpperCase()}`,
    sessionId: session.id,
    amount: cartTotal(lines),
    delivery,
    items: Object.fromEntries(session.cart),
  };
  state.orders.set(order.id, order);
  return reply(ctx, { status: 200, body: { orderId: order.id, amount: order.amount } });
}
