// One router for every host, reached three ways: the TLS listener, the plain-HTTP listener on the
// same port, and absolute-URI requests through the proxy. Routing is by Host header.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALL_HOSTS, FEED_HOST, HOSTS, SHOP_HOST, SINK_HOSTS } from '../config.ts';
import { serveAnalytics } from '../hosts/analytics.ts';
import { serveCaptcha } from '../hosts/captcha.ts';
import { serveEpay } from '../hosts/epay.ts';
import type { FeedFiles } from '../hosts/feed.ts';
import { serveShop, shopNotFound } from '../hosts/shop.ts';
import { serveSink } from '../hosts/sink.ts';
import type { RequestContext } from './context.ts';
import type { Fixtures } from './fixtures.ts';
import { readBody, recordOf, type RecordedRequest } from './recorder.ts';
import type { ShopState } from './shop-state.ts';

export interface RouterDeps {
  state: ShopState;
  fixtures: Fixtures;
  requests: RecordedRequest[];
  feed: FeedFiles;
}

export interface Target {
  scheme: 'http' | 'https';
  /** For proxy requests with an absolute URI: the host and path taken from it. */
  host?: string;
  path?: string;
}

const SINKS: ReadonlySet<string> = new Set(SINK_HOSTS);

export function hostOf(hostHeader: string | undefined): string {
  return (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
}

async function dispatch(ctx: RequestContext, deps: RouterDeps): Promise<void> {
  if (deps.fixtures.serve(ctx)) return;
  switch (ctx.host) {
    case SHOP_HOST:
      if (!serveShop(ctx, deps.state)) shopNotFound(ctx);
      return;
    case HOSTS.epay:
      if (serveEpay(ctx)) return;
      break;
    case HOSTS.analytics:
      if (serveAnalytics(ctx)) return;
      break;
    case HOSTS.captcha:
      if (serveCaptcha(ctx)) return;
      break;
    case FEED_HOST:
      await deps.feed.serve(ctx);
      return;
    default:
      if (SINKS.has(ctx.host)) {
        serveSink(ctx);
        return;
      }
  }
  const known = ALL_HOSTS.includes(ctx.host);
  ctx.res.writeHead(known ? 404 : 421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  ctx.res.end(known ? 'not found' : `host not served by the replica: ${ctx.host}`);
}

export function createRouter(deps: RouterDeps) {
  return async (req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> => {
    const at = Date.now();
    const host = target.host ?? hostOf(req.headers.host);
    const path = target.path ?? req.url ?? '/';
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      // The browser gave up on the request while sending its body (the page closed or navigated away;
      // the benchmarks close pages mid-flight): nobody is left to answer. Unhandled, it ended the process.
      res.destroy();
      return;
    }
    deps.requests.push(recordOf(host, req, path, body, at));
    const ctx: RequestContext = {
      req,
      res,
      host,
      scheme: target.scheme,
      method: req.method ?? 'GET',
      path,
      url: new URL(path, `${target.scheme}://${host || 'invalid'}`),
      body: body.toString('utf8'),
    };
    try {
      await dispatch(ctx, deps);
    } catch (error) {
      // A bug in the replica should fail the test loudly, not hang the browser.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`replica error: ${String(error)}`);
    }
  };
}

export type Router = ReturnType<typeof createRouter>;
