// What every route handler gets: the parsed request plus helpers to answer it. One shape for the
// TLS server, the plain-HTTP listener and the proxy's absolute-URI requests, so routes never care
// how a request arrived.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Lower-case hostname without port. */
  host: string;
  scheme: 'http' | 'https';
  method: string;
  /** Path with query string, as received. */
  path: string;
  url: URL;
  /** Full request body as text (the recorder keeps a capped copy). */
  body: string;
}

/** A handler returns true when it answered the request. */
export type Handler = (ctx: RequestContext) => boolean | Promise<boolean>;

/** Headers every HTML page gets. No CSP on purpose: the real shop's CSP is unknown and tests inject inline scripts. */
const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
};

/** Longest `parse-pause` honoured, so a typo cannot hang a test. */
const MAX_PARSE_PAUSE_MS = 2_000;

/**
 * `?parse-pause=<ms>` (tests): the page's footer is sent that much later than the rest, as over a slow
 * network, so the browser parses the page in two parts and scripts watching the parser act while the
 * document is still loading (a local page otherwise arrives, and is parsed, in one piece).
 */
export function sendHtml(ctx: RequestContext, html: string, status = 200, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { ...HTML_HEADERS, ...headers });
  const pause = Math.min(MAX_PARSE_PAUSE_MS, Number(ctx.url.searchParams.get('parse-pause')) || 0);
  const cut = html.lastIndexOf('<footer');
  if (pause <= 0 || cut < 0) {
    ctx.res.end(html);
    return;
  }
  ctx.res.write(html.slice(0, cut));
  setTimeout(() => ctx.res.end(html.slice(cut)), pause);
}

export function sendJson(ctx: RequestContext, data: unknown, status = 200, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  ctx.res.end(JSON.stringify(data));
}

export function sendText(ctx: RequestContext, text: string, contentType: string, status = 200, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  ctx.res.end(text);
}

export function redirect(ctx: RequestContext, location: string, status = 302): void {
  ctx.res.writeHead(status, { Location: location, 'Cache-Control': 'no-store' });
  ctx.res.end();
}

/** Parses a JSON or form-encoded body into a flat record; anything else gives {}. */
export function parseBody(ctx: RequestContext): Record<string, unknown> {
  const type = ctx.req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(ctx.body));
  }
  try {
    const value: unknown = JSON.parse(ctx.body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}
