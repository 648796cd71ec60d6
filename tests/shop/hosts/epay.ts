// The payment provider: receives the checkout form POST and shows a card form, then a receipt.
import { SHOP_ORIGIN } from '../config.ts';
import { esc, formatKzt } from '../pages/html.ts';
import { parseBody, sendHtml, type RequestContext } from '../server/context.ts';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – KazPay</title>
<style>body{font-family:system-ui,sans-serif;background:#eef2f7;margin:0;color:#1b2430}
.box{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 6px 24px #0002}
h1{font-size:20px;margin:0 0 4px}.logo{color:#0a7c59;font-weight:800;font-size:24px;margin-bottom:16px}
label{display:block;margin:12px 0 4px;font-size:14px;color:#445}input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c5ccd6;border-radius:8px;font-size:16px}
.row{display:flex;gap:12px}.row label{flex:1}button{margin-top:20px;width:100%;padding:12px;border:0;border-radius:8px;background:#0a7c59;color:#fff;font-size:16px;cursor:pointer}
.muted{color:#667;font-size:14px}</style></head><body><div class="box"><div class="logo">KazPay</div>${body}</div></body></html>`;
}

export function serveEpay(ctx: RequestContext): boolean {
  const { pathname } = ctx.url;
  if (pathname === '/pay') {
    const input = ctx.method === 'POST' ? parseBody(ctx) : Object.fromEntries(ctx.url.searchParams);
    const orderId = String(input.orderId ?? '');
    const amount = Number(input.amount ?? 0);
    sendHtml(
      ctx,
      page(
        'Оплата',
        `<h1>Оплата заказа ${esc(orderId || '—')}</h1>
<p class="muted">Национальный Банк Казахстана · ${formatKzt(amount)}</p>
<form method="post" action="/pay/confirm" data-role="card-form">
<input type="hidden" name="orderId" value="${esc(orderId)}"><input type="hidden" name="backLink" value="${esc(String(input.backLink ?? `${SHOP_ORIGIN}/kz/`))}">
<label>Номер карты<input name="pan" autocomplete="cc-number" inputmode="numeric" placeholder="0000 0000 0000 0000"></label>
<div class="row"><label>Срок<input name="exp" autocomplete="cc-exp" placeholder="MM/YY"></label><label>CVC<input name="cvc" autocomplete="cc-csc" inputmode="numeric" type="password"></label></div>
<label>Имя держателя<input name="holder" autocomplete="cc-name"></label>
<button type="submit">Оплатить ${formatKzt(amount)}</button></form>`,
      ),
    );
    return true;
  }
  if (pathname === '/pay/confirm' && ctx.method === 'POST') {
    const input = parseBody(ctx);
    const back = String(input.backLink ?? '');
    // Only ever link back to the shop, whatever the form said.
    const href = back.startsWith(SHOP_ORIGIN) ? back : `${SHOP_ORIGIN}/kz/`;
    sendHtml(
      ctx,
      page(
        'Оплачено',
        `<h1>Оплата принята</h1><p class="muted">Заказ ${esc(String(input.orderId ?? ''))}</p><p><a href="${esc(href)}">Вернуться в магазин</a></p>`,
      ),
    );
    return true;
  }
  return false;
}
