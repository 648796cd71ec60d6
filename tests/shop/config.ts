// The one place that describes the replica shop. Page templates, the shop's client JS (via the
// inline bootstrap script) and the server all read these values, and Saq's test site profile can
// import them too: if an endpoint or selector changes here, every consumer follows.
//
// The real shop's internals are not public (docs/threat-model.md), so everything below is a
// plausible model of a central bank's coin shop, not a claim about kazcoins.

export const SHOP_HOST = 'kazcoins.nationalbank.kz';
export const SHOP_ORIGIN = 'https://kazcoins.nationalbank.kz' as const;

/** Hosts with their own behaviour in the replica. */
export const HOSTS = {
  shop: SHOP_HOST,
  /** Payment provider: the checkout form POSTs here (a separate origin, like a real acquirer). */
  epay: 'epay.kazpay.test',
  /** Analytics provider: the shop parser-inserts its script; the script sends a beacon back. */
  analytics: 'cdn.shopmetrics.test',
  /** Captcha provider: the shop inserts its widget script when a sale opens. */
  captcha: 'captcha.kazpay.test',
} as const;

/**
 * Hosts that only serve fixtures and record whatever is sent to them: exfiltration sinks, and a partner site the
 * shop shows in its own frames and widgets, trusted by no profile (`media.partner.test`, for the benign cases).
 */
export const SINK_HOSTS = [
  'helper-cdn.test',
  'api.telegram.org',
  'discord.com',
  'pastebin.com',
  'webhook.site',
  'evil.example',
  'media.partner.test',
] as const;

/** The static host Saq's e2e feed tests publish signed rules to (stands in for GitHub Pages). */
export const FEED_HOST = 'feed.saq.test';

/** Every hostname on the certificate and in the browser host mapping. */
export const ALL_HOSTS: readonly string[] = [...Object.values(HOSTS), ...SINK_HOSTS, FEED_HOST];

export const LANGS = ['kz', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'kz';

/** Page paths on the shop host. */
export const PAGES = {
  home: (lang: Lang): string => `/${lang}/`,
  product: (lang: Lang, slug: string): string => `/${lang}/product/${slug}`,
  cart: (lang: Lang): string => `/${lang}/cart`,
  checkout: (lang: Lang): string => `/${lang}/checkout`,
  login: (lang: Lang): string => `/${lang}/login`,
  /** The real shop's FAQ address (only in Kazakh there, so only here too). */
  faq: '/kz/pages/questions',
} as const;

/** Page path patterns, as the site profile would carry them (regex source strings). */
export const PAGE_PATTERNS = {
  product: '^/(kz|ru|en)/product/[a-z0-9-]+$',
  cart: '^/(kz|ru|en)/cart$',
  checkout: '^/(kz|ru|en)/checkout$',
  login: '^/(kz|ru|en)/login$',
} as const;

/** JSON API on the shop host. */
export const API = {
  /** GET `${stock}<productId>` → {productId, stock, phase, opensAt, limit, serverTime} */
  stock: '/api/stock/',
  /** Step 1 of add-to-cart: POST {productId, qty} → {reservationId, expiresInMs} */
  reserve: '/api/cart/reserve',
  /** Step 2 of add-to-cart: POST {productId, qty, reservationId?} → {ok, cart} */
  cartItems: '/api/cart/items',
  /** GET → {items, total} */
  cart: '/api/cart',
  /** POST {delivery, address?, branch?} → {orderId, amount} */
  order: '/api/order',
  /** POST {username, password} → {step: 'sms'} */
  login: '/api/login',
  /** POST {certPassword} (EDS/ЭЦҚ sign-in) → {step: 'sms'} */
  loginEds: '/api/login/eds',
  /** POST {code} → {ok: true} when code === SMS_CODE */
  loginSms: '/api/login/sms',
} as const;

/** Regex source strings for the requests that put coins into a cart (site-profile style). */
export const CART_REQUEST_PATTERNS = ['^/api/cart/(reserve|items)$'] as const;

/** First-party static files, served from tests/shop/static/. */
export const STATIC = {
  css: '/static/shop.css',
  app: '/static/app.js',
  product: '/static/product.js',
  checkout: '/static/checkout.js',
  login: '/static/login.js',
  /** Inserted dynamically by app.js after load: the shop's own benign dynamic script. */
  chunkReviews: '/static/chunk-reviews.js',
  coinImage: (slug: string): string => `/static/img/${slug}.svg`,
} as const;

/** Third-party URLs the shop itself uses. */
export const THIRD_PARTY = {
  analyticsScript: `https://${HOSTS.analytics}/a.js`,
  analyticsCollect: `https://${HOSTS.analytics}/collect`,
  captchaScript: `https://${HOSTS.captcha}/widget.js`,
  captchaVerify: `https://${HOSTS.captcha}/verify`,
  payAction: `https://${HOSTS.epay}/pay`,
  payConfirm: `https://${HOSTS.epay}/pay/confirm`,
} as const;

/** `data-role` values: stable hooks for tests and for the site profile. */
export const ROLES = {
  productCard: 'product-card',
  buyBlock: 'buy-block',
  quantity: 'quantity',
  stockLeft: 'stock-left',
  limitMessage: 'limit-message',
  countdown: 'countdown',
  cartMessage: 'cart-message',
  cartCount: 'cart-count',
  cartList: 'cart-list',
  captcha: 'captcha',
  reviews: 'reviews',
  deliveryMethod: 'delivery-method',
  deliveryAddress: 'delivery-address',
  pickupBranch: 'pickup-branch',
  orderConfirm: 'order-confirm',
  paymentForm: 'payment-form',
  checkoutSubmit: 'checkout-submit',
  loginForm: 'login-form',
  username: 'username',
  password: 'password',
  edsForm: 'eds-form',
  certPassword: 'cert-password',
  smsForm: 'sms-form',
  smsCode: 'sms-code',
  loginMessage: 'login-message',
} as const;

/** `data-action` values for controls that change state on the server. */
export const ACTIONS = {
  addToCart: 'add-to-cart',
} as const;

type RoleKey = keyof typeof ROLES;
type ActionKey = keyof typeof ACTIONS;

/** CSS selectors derived from ROLES and ACTIONS (use these in tests and rules). */
export const SELECTORS = {
  ...(Object.fromEntries(Object.entries(ROLES).map(([key, role]) => [key, `[data-role="${role}"]`])) as Record<RoleKey, string>),
  ...(Object.fromEntries(Object.entries(ACTIONS).map(([key, action]) => [key, `[data-action="${action}"]`])) as Record<ActionKey, string>),
};

export type SalePhase = 'countdown' | 'on-sale' | 'sold-out';

export interface Product {
  id: string;
  slug: string;
  name: Record<Lang, string>;
  /** Short description of the coin, per language. */
  blurb: Record<Lang, string>;
  metal: 'gold' | 'silver';
  /** Face value in tenge and the coin's specification line (language neutral). */
  spec: string;
  priceKzt: number;
  stock: number;
  /** Per-buyer limit: the server refuses cart quantities above it (409 {error:'limit'}). */
  limit: number;
  phase: SalePhase;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'p-101',
    slug: 'altyn-tulpar-gold',
    name: { kz: 'Алтын Тұлпар', ru: 'Золотой Тулпар', en: 'Golden Tulpar' },
    blurb: {
      kz: 'Қазақ аңыздарындағы қанатты тұлпарға арналған алтын монета.',
      ru: 'Золотая монета, посвящённая крылатому коню из казахских легенд.',
      en: 'A gold coin dedicated to the winged horse of Kazakh legends.',
    },
    metal: 'gold',
    spec: 'Au 999 · 7,78 g · 100 ₸ · proof',
    priceKzt: 450_000,
    stock: 25,
    limit: 1,
    phase: 'on-sale',
  },
  {
    id: 'p-102',
    slug: 'snow-leopard-silver',
    name: { kz: 'Ілбіс', ru: 'Снежный барс', en: 'Snow Leopard' },
    blurb: {
      kz: 'Қызыл кітапқа енген ілбіске арналған күміс монета.',
      ru: 'Серебряная монета из серии «Красная книга Казахстана».',
      en: 'A silver coin from the “Red Book of Kazakhstan” series.',
    },
    metal: 'silver',
    spec: 'Ag 925 · 31,1 g · 500 ₸ · proof',
    priceKzt: 38_000,
    stock: 120,
    limit: 2,
    phase: 'on-sale',
  },
  {
    id: 'p-103',
    slug: 'abai-180-silver',
    name: { kz: 'Абай – 180', ru: 'Абай – 180', en: 'Abai – 180' },
    blurb: {
      kz: 'Ұлы ақын Абай Құнанбайұлының туғанына 180 жыл.',
      ru: '180 лет со дня рождения великого поэта Абая Кунанбайулы.',
      en: '180 years since the birth of the great poet Abai Kunanbaiuly.',
    },
    metal: 'silver',
    spec: 'Ag 925 · 24 g · 500 ₸ · proof',
    priceKzt: 32_000,
    stock: 0,
    limit: 2,
    phase: 'sold-out',
  },
];

/** Server-side limits and client timings. */
export const LIMITS = {
  /** More cart requests than this in one second per session → 429. */
  cartRequestsPerSecond: 5,
  retryAfterSeconds: 2,
  stockPollMs: 2_000,
  /** Delay before app.js inserts the reviews chunk. */
  chunkDelayMs: 500,
  /** Default countdown length when setSalePhase('countdown') gets no opensInMs. */
  defaultCountdownMs: 10_000,
  reservationTtlMs: 60_000,
  /** Recorded request bodies are cut at this many bytes. */
  recordedBodyBytes: 64 * 1024,
} as const;

export const SESSION_COOKIE = 'sid';
/** Readable by page code (not HttpOnly), like the anti-forgery tokens of many shop frameworks. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
/** The only SMS code the replica accepts. */
export const SMS_CODE = '123456';

/** Pickup branches of the National Bank (city level only: exact addresses are not modelled). */
export const BRANCHES = [
  { id: 'astana', name: { kz: 'Астана', ru: 'Астана', en: 'Astana' } },
  { id: 'almaty', name: { kz: 'Алматы', ru: 'Алматы', en: 'Almaty' } },
  { id: 'shymkent', name: { kz: 'Шымкент', ru: 'Шымкент', en: 'Shymkent' } },
  { id: 'karaganda', name: { kz: 'Қарағанды', ru: 'Караганда', en: 'Karaganda' } },
  { id: 'aktobe', name: { kz: 'Ақтөбе', ru: 'Актобе', en: 'Aktobe' } },
  { id: 'oskemen', name: { kz: 'Өскемен', ru: 'Усть-Каменогорск', en: 'Oskemen' } },
] as const;

/**
 * The replica described the way Saq's rules feed describes a site: what a "site profile" would
 * contain for this shop. Tests can hand it to the rule engine unchanged.
 */
export const SITE_PROFILE = {
  origin: SHOP_ORIGIN,
  pagePatterns: PAGE_PATTERNS,
  cartRequestPatterns: CART_REQUEST_PATTERNS,
  checkoutRequestPatterns: ['^/api/order$'],
  purchaseControls: [SELECTORS.addToCart, SELECTORS.checkoutSubmit, SELECTORS.orderConfirm],
  quantityControls: [SELECTORS.quantity],
  limitMessage: SELECTORS.limitMessage,
  sensitiveFields: [SELECTORS.password, SELECTORS.smsCode, SELECTORS.certPassword],
  firstPartyOrigins: [SHOP_ORIGIN],
  trustedThirdPartyOrigins: [`https://${HOSTS.epay}`, `https://${HOSTS.analytics}`, `https://${HOSTS.captcha}`],
} as const;
