// The server-side purchase rules the real shop is known to enforce: a per-buyer limit checked on
// every cart step, a per-session request rate limit, and sold-out refusals. Pure functions over
// the state objects, so unit tests can call them without HTTP.
import { randomBytes } from 'node:crypto';
import { LIMITS } from '../config.ts';
import type { SaleState } from './sale-state.ts';
import type { Session } from './sessions.ts';

export interface CartResult {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Sliding one-second window; true when this request is over the limit. */
export function overRateLimit(session: Session, now: number): boolean {
  session.cartRequestTimes = session.cartRequestTimes.filter((at) => now - at < 1000);
  session.cartRequestTimes.push(now);
  return session.cartRequestTimes.length > LIMITS.cartRequestsPerSecond;
}

export const rateLimited: CartResult = {
  status: 429,
  body: { error: 'rate-limit' },
  headers: { 'Retry-After': String(LIMITS.retryAfterSeconds) },
};

function checkPurchase(
  sale: SaleState,
  session: Session,
  productId: unknown,
  qty: unknown,
): CartResult | { productId: string; qty: number } {
  if (typeof productId !== 'string') return { status: 400, body: { error: 'bad-request' } };
  const count = typeof qty === 'string' ? Number(qty) : qty;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return { status: 400, body: { error: 'bad-quantity' } };
  }
  const status = sale.status(productId);
  if (!status) return { status: 404, body: { error: 'not-found' } };
  if (status.phase === 'countdown') return { status: 409, body: { error: 'not-on-sale', opensAt: status.opensAt } };
  if (status.phase === 'sold-out') return { status: 409, body: { error: 'sold-out' } };
  const inCart = session.cart.get(status.productId) ?? 0;
  if (inCart + count > status.limit) {
    return { status: 409, body: { error: 'limit', limit: status.limit, inCart } };
  }
  if (status.stock < count) return { status: 409, body: { error: 'sold-out' } };
  return { productId: status.productId, qty: count };
}

/** Step 1: hold stock for a short time. */
export function reserve(sale: SaleState, session: Session, input: Record<string, unknown>, now = Date.now()): CartResult {
  const checked = checkPurchase(sale, session, input.productId, input.qty);
  if ('status' in checked) return checked;
  const reservationId = randomBytes(8).toString('hex');
  session.reservations.set(reservationId, { ...checked, expiresAt: now + LIMITS.reservationTtlMs });
  return { status: 200, body: { reservationId, expiresInMs: LIMITS.reservationTtlMs } };
}

/**
 * Step 2: put the coins into the cart. The reservation id is optional so that tests of bots
 * that skip step 1 still meet the limit and rate checks; when given it must be valid.
 */
export function addItem(sale: SaleState, session: Session, input: Record<string, unknown>, now = Date.now()): CartResult {
  const checked = checkPurchase(sale, session, input.productId, input.qty);
  if ('status' in checked) return checked;
  const { reservationId } = input;
  if (reservationId !== undefined) {
    const held = typeof reservationId === 'string' ? session.reservations.get(reservationId) : undefined;
    if (!held || held.expiresAt < now || held.productId !== checked.productId) {
      return { status: 409, body: { error: 'reservation' } };
    }
    session.reservations.delete(reservationId as string);
  }
  if (!sale.take(checked.productId, checked.qty)) return { status: 409, body: { error: 'sold-out' } };
  session.cart.set(checked.productId, (session.cart.get(checked.productId) ?? 0) + checked.qty);
  return { status: 200, body: { ok: true, cart: Object.fromEntries(session.cart) } };
}
