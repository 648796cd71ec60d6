// The captcha provider: a checkbox widget the shop loads when a sale opens. It verifies with
// its own host (a cross-origin fetch from the shop page). The shop server does not require the
// token, so tests can buy without solving it.
import { SHOP_ORIGIN, THIRD_PARTY } from '../config.ts';
import { sendJson, sendText, type RequestContext } from '../server/context.ts';

const LABELS = { kk: 'Мен робот емеспін', ru: 'Я не робот', en: "I'm not a robot" };

const WIDGET = `(function () {
  var labels = ${JSON.stringify(LABELS)};
  var label = labels[document.documentElement.lang] || labels.en;
  document.querySelectorAll('.kp-captcha').forEach(function (box) {
    if (box.dataset.kpRendered) return;
    box.dataset.kpRendered = '1';
    box.innerHTML = '<label class="kp-captcha__box"><input type="checkbox"> <span></span><small>KazPay captcha</small></label><input type="hidden" name="kp-captcha-token">';
    box.querySelector('span').textContent = label;
    var check = box.querySelector('input[type=checkbox]');
    check.addEventListener('change', function () {
      if (!check.checked) return;
      fetch(${JSON.stringify(THIRD_PARTY.captchaVerify)}, { method: 'POST', body: JSON.stringify({ sitekey: box.dataset.sitekey }) })
        .then(function (r) { return r.json(); })
        .then(function (r) { box.querySelector('input[type=hidden]').value = r.token; box.dispatchEvent(new CustomEvent('kp-captcha-solved', { bubbles: true })); });
    });
  });
})();
`;

const CORS = { 'Access-Control-Allow-Origin': SHOP_ORIGIN };

export function serveCaptcha(ctx: RequestContext): boolean {
  const { pathname } = ctx.url;
  if (pathname === '/widget.js') {
    sendText(ctx, WIDGET, 'text/javascript; charset=utf-8');
    return true;
  }
  if (pathname === '/verify') {
    if (ctx.method === 'OPTIONS') {
      ctx.res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' });
      ctx.res.end();
    } else {
      sendJson(ctx, { token: `kp-${Date.now().toString(36)}` }, 200, CORS);
    }
    return true;
  }
  return false;
}
