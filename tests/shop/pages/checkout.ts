// Checkout: delivery choice (post with address, or pickup at an NBK branch), an order-confirm
// step that creates the order, then the payment form that POSTs to the payment provider. The
// form's action, the address and the branch are what checkout-tampering malware rewrites. The shop's own
// script fills the saved city and receipt e-mail after load, tidies what the person types, and opens
// dialogs over the page — a promo code, signing in again (a password), confirming by SMS (the code), signing in
// with an EDS certificate (its password, in a web component's open shadow root), paying with a saved card
// (its CVC, in a closed shadow root): what a real shop does that a checkout sensor must leave alone.
import { BRANCHES, PAGES, ROLES, THIRD_PARTY, type Lang } from '../config.ts';
import { t } from '../i18n.ts';
import { cartBody, cartTotal, type CartLine } from './cart.ts';
import { esc, formatKzt } from './html.ts';

/** The signed-in collector's saved details, which the shop's script fills in after load (as a profile fetch would). */
const PROFILE = { city: 'Astana', email: 'Collector@Example.kz' };

export function checkoutBody(lang: Lang, lines: readonly CartLine[]): string {
  if (lines.length === 0) return cartBody(lang, lines);
  const total = cartTotal(lines);
  const summary = lines.map((line) => `<li>${esc(line.name)} × ${line.qty} — ${formatKzt(line.qty * line.priceKzt)}</li>`).join('');
  const branches = BRANCHES.map((b) => `<option value="${b.id}">${esc(b.name[lang])}</option>`).join('');
  return `<h1>${esc(t(lang, 'checkout'))}</h1>
<div class="checkout" data-profile-city="${esc(PROFILE.city)}" data-profile-email="${esc(PROFILE.email)}">
<section class="panel">
  <h2>${esc(t(lang, 'delivery'))}</h2>
  <fieldset class="choice" data-role="${ROLES.deliveryMethod}">
    <label><input type="radio" name="delivery" value="post" checked> ${esc(t(lang, 'byPost'))}</label>
    <label><input type="radio" name="delivery" value="pickup"> ${esc(t(lang, 'pickup'))}</label>
  </fieldset>
  <fieldset class="fields" data-role="${ROLES.deliveryAddress}">
    <label>${esc(t(lang, 'city'))}<input name="city" autocomplete="address-level2"></label>
    <label>${esc(t(lang, 'address'))}<input name="address" autocomplete="street-address"></label>
    <label>${esc(t(lang, 'postcode'))}<input name="postcode" autocomplete="postal-code" inputmode="numeric"></label>
  </fieldset>
  <label class="fields">${esc(t(lang, 'receiptEmail'))}<input name="email_address" type="email" autocomplete="email"></label>
  <label class="fields" hidden data-pickup>${esc(t(lang, 'branch'))}
    <select name="branch" data-role="${ROLES.pickupBranch}">${branches}</select>
  </label>
  <p><button type="button" class="btn" data-promo-open>${esc(t(lang, 'promoCode'))}</button>
    <button type="button" class="btn" data-signin-open>${esc(t(lang, 'signInAgain'))}</button>
    <button type="button" class="btn" data-sms-open>${esc(t(lang, 'confirmBySms'))}</button>
    <button type="button" class="btn" data-eds-open>${esc(t(lang, 'eds'))}</button>
    <button type="button" class="btn" data-card-open>${esc(t(lang, 'savedCard'))}</button></p>
  <p><button type="button" class="btn" data-role="${ROLES.orderConfirm}">${esc(t(lang, 'confirmOrder'))}</button></p>
</section>
<section class="panel">
  <h2>${esc(t(lang, 'payment'))}</h2>
  <ul class="summary">${summary}</ul>
  <p class="price">${esc(t(lang, 'total'))}: ${formatKzt(total)}</p>
  <form method="post" action="${THIRD_PARTY.payAction}" data-role="${ROLES.paymentForm}">
    <input type="hidden" name="orderId" value="">
    <input type="hidden" name="amount" value="${total}">
    <input type="hidden" name="currency" value="KZT">
    <input type="hidden" name="merchant" value="NBK-KAZCOINS">
    <input type="hidden" name="lang" value="${lang}">
    <input type="hidden" name="backLink" value="${esc(`https://kazcoins.nationalbank.kz${PAGES.home(lang)}`)}">
    <p class="muted" data-order-label>${esc(t(lang, 'order'))}: —</p>
    <button type="submit" class="btn" data-role="${ROLES.checkoutSubmit}" disabled>${esc(t(lang, 'pay'))}</button>
  </form>
</section>
</div>`;
}
