// Catalog: one card per coin with its sale state.
import { PAGES, PRODUCTS, ROLES, STATIC, type Lang } from '../config.ts';
import { t } from '../i18n.ts';
import type { SaleState } from '../server/sale-state.ts';
import { esc, formatKzt } from './html.ts';

export function homeBody(lang: Lang, sale: SaleState): string {
  const cards = PRODUCTS.map((product) => {
    const status = sale.status(product.id);
    const phase = status?.phase ?? 'sold-out';
    const badge =
      phase === 'sold-out'
        ? `<span class="badge badge--out">${esc(t(lang, 'soldOut'))}</span>`
        : phase === 'countdown'
          ? `<span class="badge badge--soon">${esc(t(lang, 'opensIn'))}…</span>`
          : `<span class="badge badge--on">${esc(t(lang, 'stockLeft'))}: ${status?.stock ?? 0}</span>`;
    return `<article class="card" data-role="${ROLES.productCard}" data-product-id="${product.id}">
  <a href="${PAGES.product(lang, product.slug)}"><img src="${STATIC.coinImage(product.slug)}" alt="" width="180" height="180"></a>
  <h2><a href="${PAGES.product(lang, product.slug)}">${esc(product.name[lang])}</a></h2>
  <p class="muted">${esc(product.spec)}</p>
  <p class="price">${formatKzt(product.priceKzt)}</p>
  ${badge}
</article>`;
  }).join('\n');
  return `<h1>${esc(t(lang, 'catalog'))}</h1>
<p class="muted">${esc(t(lang, 'catalogIntro'))}</p>
<section class="grid">
${cards}
</section>
<section class="reviews" data-role="${ROLES.reviews}"></section>`;
}
