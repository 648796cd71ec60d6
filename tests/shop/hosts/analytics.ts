// The analytics provider: a script the shop parser-inserts, which beacons page views back.
// A benign third-party script that sends data off the page: Saq must not flag it.
import { THIRD_PARTY } from '../config.ts';
import { sendText, type RequestContext } from '../server/context.ts';

const SCRIPT = `(function () {
  var payload = JSON.stringify({ page: location.pathname, lang: document.documentElement.lang, ref: document.referrer, ts: Date.now() });
  function send() { navigator.sendBeacon(${JSON.stringify(THIRD_PARTY.analyticsCollect)}, payload); }
  if (document.readyState === 'complete') send(); else addEventListener('load', send);
})();
`;

export function serveAnalytics(ctx: RequestContext): boolean {
  const { pathname } = ctx.url;
  if (pathname === '/a.js') {
    sendText(ctx, SCRIPT, 'text/javascript; charset=utf-8', 200, { 'Access-Control-Allow-Origin': '*' });
    return true;
  }
  if (pathname === '/collect') {
    ctx.res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
    ctx.res.end();
    return true;
  }
  return false;
}
