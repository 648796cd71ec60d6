// Cart: the session's items, rendered on the server.
import { PAGES, PRODUCTS, ROLES, type Lang } from '../config.ts';
import { t } from '../i18n.ts';
import { esc, formatKzt } from './html.ts';

export interface CartLine {
  productId: string;
  name: string;
  qty: number;
  priceKzt: number;
}

export function cartLines(lang: Lang, cart: ReadonlyMap<string, number>): CartLine[] {
  return PRODUCTS.filter((product) => (cart.get(product.id) ?? 0) > 0).map((product) => ({
    productId: product.id,
    name: product.name[lang],
    qty: cart.get(product.id) ?? 0,
    priceKzt: product.priceKzt,
  }));
}

export function cartTotal(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.qty * line.priceKzt, 0);
}

export function cartBody(lang: Lang, lines: readonly CartLine[]): string {
  if (lines.length === 0) {
    return `<h1>${esc(t(lang, 'cart'))}</h1><p data-role="${ROLES.cartList}" class="muted">${esc(t(lang, 'emptyCart'))}</p>
<p><a class="btn btn--ghost" href="${PAGES.home(lang)}">${esc(t(lang, 'catalog'))}</a></p>`;
  }
  const rows = lines
    .map(
      (line) =>
        `<tr data-product-id="${line.productId}"><td>${esc(line.name)}</td><td>${line.qty} ${esc(t(lang, 'pieces'))}</td><td>${formatKzt(line.priceKzt)}</td><td>${formatKzt(line.qty * line.priceKzt)}</td></tr>`,
    )
    .join('\n');
  return `<h1>${esc(t(lang, 'cart'))}</h1>
<table class="table" data-role="${ROLES.cartList}">
<thead><tr><th></th><th>${esc(t(lang, 'quantity'))}</th><th>${esc(t(lang, 'price'))}</th><th></th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><td colspan="3">${esc(t(lang, 'total'))}</td><td><b>${formatKzt(cartTotal(lines))}</b></td></tr></tfoot>
</table>
<p><a class="btn" href="${PAGES.checkout(lang)}">${esc(t(lang, 'toCheckout'))}</a></p>`;
}
