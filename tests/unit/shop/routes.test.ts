// Shop pages in all three languages, redirects, headers every HTML page must carry, static files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGS, PAGES, PRODUCTS, ROLES, SELECTORS, STATIC, THIRD_PARTY } from '../../shop/config.ts';
import { startShop, type ShopServer } from '../../shop/index.ts';
import { shopClient, type ShopClient } from './client.ts';

const ORIGIN = 'https://kazcoins.nationalbank.kz';
let shop: ShopServer;
let client: ShopClient;

beforeAll(async () => {
  shop = await startShop();
  client = shopClient(shop.httpsPort);
});
afterAll(() => shop.close());

describe('shop routes', () => {
  it('redirects / to /kz/ and sets an HttpOnly sid cookie', async () => {
    const fresh = shopClient(shop.httpsPort);
    const reply = await fresh.get(`${ORIGIN}/`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/kz/');
    expect(reply.headers['set-cookie']?.[0]).toMatch(/^sid=\w+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it.each([
    ['kz', 'kk', 'Себетке қосу', 'Бір сатып алушыға 1 данадан артық емес'],
    ['ru', 'ru', 'В корзину', 'Не более 1 шт. в одни руки'],
    ['en', 'en', 'Add to cart', 'No more than 1 per buyer'],
  ] as const)('serves the product page in %s', async (lang, htmlLang, button, limit) => {
    const reply = await client.get(`${ORIGIN}${PAGES.product(lang, 'altyn-tulpar-gold')}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(`<html lang="${htmlLang}">`);
    expect(reply.body).toContain(button);
    expect(reply.body).toContain(limit);
    expect(reply.body).toContain(`data-role="${ROLES.buyBlock}"`);
    expect(reply.body).toContain('data-action="add-to-cart"');
    expect(reply.body).toMatch(/<input type="number"[^>]*data-role="quantity" min="1" max="1"/);
  });

  it('puts the inline bootstrap before every other script, then first-party and analytics scripts', async () => {
    const { body } = await client.get(`${ORIGIN}/kz/`);
    const head = body.slice(0, body.indexOf('</head>'));
    const scripts = [...head.matchAll(/<script(?: src="([^"]+)")?/g)].map((m) => m[1] ?? 'inline');
    expect(scripts).toEqual(['inline', STATIC.app, THIRD_PARTY.analyticsScript]);
  });

  it.each(LANGS.flatMap((lang) => ['', 'cart', 'checkout', 'login'].map((page) => [lang, page] as const)))(
    'serves /%s/%s as no-store HTML without CSP',
    async (lang, page) => {
      const reply = await client.get(`${ORIGIN}/${lang}/${page}`);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(reply.headers['content-security-policy']).toBeUndefined();
    },
  );

  it('lists every product on the catalog and marks the sold-out one', async () => {
    const { body } = await client.get(`${ORIGIN}/ru/`);
    for (const product of PRODUCTS) expect(body).toContain(product.name.ru);
    expect(body).toContain('Распродано');
  });

  it('serves the FAQ at /kz/pages/questions', async () => {
    const reply = await client.get(`${ORIGIN}${PAGES.faq}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Жиі қойылатын сұрақтар');
  });

  it('has login fields for password, certificate password and a one-time SMS code', async () => {
    const { body } = await client.get(`${ORIGIN}/en/login`);
    expect(body).toMatch(/type="password"[^>]*data-role="password"/);
    expect(body).toMatch(/data-role="cert-password"/);
    expect(body).toMatch(/data-role="sms-code" autocomplete="one-time-code"/);
  });

  it('serves client JS, CSS and coin images', async () => {
    for (const path of [STATIC.app, STATIC.product, STATIC.chunkReviews, STATIC.checkout, STATIC.login]) {
      const reply = await client.get(`${ORIGIN}${path}`);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expect((await client.get(`${ORIGIN}${STATIC.css}`)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await client.get(`${ORIGIN}${STATIC.coinImage('snow-leopard-silver')}`)).body).toContain('<svg');
  });

  it('answers unknown shop paths with a styled 404', async () => {
    const reply = await client.get(`${ORIGIN}/ru/product/no-such-coin`);
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('Страница не найдена');
  });

  it('derives selectors from roles', () => {
    expect(SELECTORS.quantity).toBe('[data-role="quantity"]');
    expect(SELECTORS.addToCart).toBe('[data-action="add-to-cart"]');
    expect(SELECTORS.checkoutSubmit).toBe('[data-role="checkout-submit"]');
  });
});
