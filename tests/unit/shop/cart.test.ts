// Server-side purchase rules: two-step add-to-cart, per-buyer limit (409), rate limit (429),
// sold-out and countdown phases, orders and the login steps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API, SMS_CODE } from '../../shop/config.ts';
import { startShop, type ShopServer } from '../../shop/index.ts';
import { shopClient } from './client.ts';

const ORIGIN = 'https://kazcoins.nationalbank.kz';
let shop: ShopServer;

beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop.close());
beforeEach(() => shop.reset());

async function buyer() {
  const client = shopClient(shop.httpsPort);
  await client.get(`${ORIGIN}/kz/`);
  return client;
}

describe('cart rules', () => {
  it('adds a coin in two steps and lowers the stock', async () => {
    const client = await buyer();
    const step1 = await client.post(`${ORIGIN}${API.reserve}`, { productId: 'p-102', qty: 2 });
    expect(step1.status).toBe(200);
    const { reservationId } = step1.json() as { reservationId: string };
    const step2 = await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-102', qty: 2, reservationId });
    expect(step2.status).toBe(200);
    expect(step2.json()).toEqual({ ok: true, cart: { 'p-102': 2 } });
    expect((await client.get(`${ORIGIN}${API.stock}p-102`)).json()).toMatchObject({ stock: 118, phase: 'on-sale' });
    expect((await client.get(`${ORIGIN}/en/cart`)).body).toContain('Snow Leopard');
  });

  it('refuses quantities above the per-buyer limit with 409 limit, across requests', async () => {
    const client = await buyer();
    expect((await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-101', qty: 5 })).json()).toMatchObject({ error: 'limit' });
    expect((await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-101', qty: 1 })).status).toBe(200);
    const again = await client.post(`${ORIGIN}${API.reserve}`, { productId: 'p-101', qty: 1 });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: 'limit', limit: 1 });
  });

  it('keeps limits per session: another buyer can still buy', async () => {
    const first = await buyer();
    const second = await buyer();
    expect((await first.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-101', qty: 1 })).status).toBe(200);
    expect((await second.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-101', qty: 1 })).status).toBe(200);
  });

  it('answers more than 5 cart requests per second with 429 and Retry-After: 2', async () => {
    const client = await buyer();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => client.post(`${ORIGIN}${API.reserve}`, { productId: 'p-102', qty: 1 })),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited[0]?.headers['retry-after']).toBe('2');
    expect(limited[0]?.json()).toEqual({ error: 'rate-limit' });
  });

  it('refuses sold-out coins with 409 sold-out', async () => {
    const client = await buyer();
    const reply = await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-103', qty: 1 });
    expect(reply.status).toBe(409);
    expect(reply.json()).toEqual({ error: 'sold-out' });
  });

  it('counts down, then opens the sale by itself', async () => {
    shop.setSalePhase('snow-leopard-silver', 'countdown', { opensInMs: 300 });
    const client = await buyer();
    expect((await client.get(`${ORIGIN}${API.stock}p-102`)).json()).toMatchObject({ phase: 'countdown' });
    expect((await client.post(`${ORIGIN}${API.reserve}`, { productId: 'p-102', qty: 1 })).json()).toMatchObject({ error: 'not-on-sale' });
    const page = await client.get(`${ORIGIN}/kz/product/snow-leopard-silver`);
    expect(page.body).toMatch(/data-action="add-to-cart" disabled/);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await client.get(`${ORIGIN}${API.stock}p-102`)).json()).toMatchObject({ phase: 'on-sale', opensAt: null });
  });

  it('can reopen a sold-out coin and sell out an available one', async () => {
    shop.setSalePhase('abai-180-silver', 'on-sale');
    shop.setSalePhase('altyn-tulpar-gold', 'sold-out');
    const client = await buyer();
    expect((await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-103', qty: 1 })).status).toBe(200);
    expect((await client.get(`${ORIGIN}${API.stock}p-101`)).json()).toMatchObject({ stock: 0, phase: 'sold-out' });
    shop.reset();
    expect((await client.get(`${ORIGIN}${API.stock}p-101`)).json()).toMatchObject({ stock: 25, phase: 'on-sale' });
  });

  it('creates an order with delivery details', async () => {
    const client = await buyer();
    expect((await client.post(`${ORIGIN}${API.order}`, { delivery: 'pickup', branch: 'almaty' })).status).toBe(409);
    await client.post(`${ORIGIN}${API.cartItems}`, { productId: 'p-102', qty: 1 });
    const order = await client.post(`${ORIGIN}${API.order}`, { delivery: 'pickup', branch: 'almaty' });
    expect(order.json()).toMatchObject({ orderId: expect.stringMatching(/^KC-/), amount: 38000 });
    const checkout = await client.get(`${ORIGIN}/ru/checkout`);
    expect(checkout.body).toContain('action="https://epay.kazpay.test/pay" data-role="payment-form"');
  });

  it('logs in with password, then SMS code 123456', async () => {
    const client = await buyer();
    expect((await client.post(`${ORIGIN}${API.loginSms}`, { code: SMS_CODE })).status).toBe(401);
    expect((await client.post(`${ORIGIN}${API.login}`, { username: 'a', password: 'b' })).json()).toEqual({ step: 'sms' });
    expect((await client.post(`${ORIGIN}${API.loginSms}`, { code: '000000' })).status).toBe(401);
    expect((await client.post(`${ORIGIN}${API.loginSms}`, { code: SMS_CODE })).json()).toEqual({ ok: true });
    expect((await client.post(`${ORIGIN}${API.loginEds}`, { certPassword: 'x' })).json()).toEqual({ step: 'sms' });
  });
});
