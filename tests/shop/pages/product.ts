// Product page with the buy block: quantity, stock left, the per-buyer limit message, the
// add-to-cart button in its countdown / on-sale / sold-out state, and a captcha slot.
import { ACTIONS, ROLES, STATIC, type Lang, type Product } from '../config.ts';
import { t } from '../i18n.ts';
import type { ProductStatus } from '../server/sale-state.ts';
import { esc, formatKzt } from './html.ts';

export function productBody(lang: Lang, product: Product, status: ProductStatus): string {
  const { phase } = status;
  const disabled = phase === 'on-sale' ? '' : ' disabled';
  const buttonText = phase === 'sold-out' ? t(lang, 'soldOut') : t(lang, 'addToCart');
  return `<article class="product">
  <div class="product__img"><img src="${STATIC.coinImage(product.slug)}" alt="${esc(product.name[lang])}" width="320" height="320"></div>
  <div class="product__info">
    <h1>${esc(product.name[lang])}</h1>
    <p class="muted">${esc(product.spec)}</p>
    <p>${esc(product.blurb[lang])}</p>
    <p class="price">${esc(t(lang, 'price'))}: ${formatKzt(product.priceKzt)}</p>
    <div class="buy" data-role="${ROLES.buyBlock}" data-product-id="${product.id}" data-phase="${phase}" data-opens-at="${status.opensAt ?? ''}" data-server-time="${status.serverTime}" data-limit="${product.limit}">
      <p data-role="${ROLES.stockLeft}">${esc(t(lang, 'stockLeft'))}: <b data-stock>${status.stock}</b> ${esc(t(lang, 'pieces'))}</p>
      <p class="limit" data-role="${ROLES.limitMessage}">${esc(t(lang, 'limit', { n: product.limit }))}</p>
      <p class="countdown" data-role="${ROLES.countdown}"${phase === 'countdown' ? '' : ' hidden'}>${esc(t(lang, 'opensIn'))}: <b data-timer>--:--</b></p>
      <div class="buy__row">
        <label>${esc(t(lang, 'quantity'))}
          <input type="number" name="qty" data-role="${ROLES.quantity}" min="1" max="${product.limit}" value="1" step="1">
        </label>
        <button type="button" class="btn" data-action="${ACTIONS.addToCart}"${disabled}>${esc(buttonText)}</button>
      </div>
      <div class="captcha kp-captcha" data-role="${ROLES.captcha}" data-sitekey="kazcoins"></div>
      <p class="msg" data-role="${ROLES.cartMessage}" role="status" aria-live="polite"></p>
    </div>
  </div>
</article>
<section class="reviews" data-role="${ROLES.reviews}"></section>`;
}
