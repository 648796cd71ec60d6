// Hostile and exfiltration-sink hosts (Telegram bot API, Discord webhooks, paste sites...):
// answer everything with 200 {"ok":true} and permissive CORS so an exfiltration attempt
// completes and is recorded instead of erroring before the request leaves the browser.
import { sendJson, type RequestContext } from '../server/context.ts';

export function serveSink(ctx: RequestContext): true {
  if (ctx.method === 'OPTIONS') {
    ctx.res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': ctx.req.headers['access-control-request-method'] ?? '*',
      'Access-Control-Allow-Headers': ctx.req.headers['access-control-request-headers'] ?? '*',
      // Chromium's Private Network Access preflight: the sinks resolve to 127.0.0.1.
      'Access-Control-Allow-Private-Network': 'true',
      'Access-Control-Max-Age': '600',
    });
    ctx.res.end();
    return true;
  }
  sendJson(ctx, { ok: true }, 200, { 'Access-Control-Allow-Origin': '*' });
  return true;
}
