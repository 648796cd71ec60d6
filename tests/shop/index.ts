// Public entry point of the replica shop used by end-to-end tests and the demo.
import type { AddressInfo, Server } from 'node:net';
import { ALL_HOSTS, SHOP_HOST, SHOP_ORIGIN, type SalePhase } from './config.ts';
import { certificateFor } from './server/cert.ts';
import { Fixtures } from './server/fixtures.ts';
import { FeedFiles } from './hosts/feed.ts';
import { createDualListener } from './server/listener.ts';
import { createProxy } from './server/proxy.ts';
import { createRouter, hostOf } from './server/router.ts';
import type { RecordedRequest } from './server/recorder.ts';
import { ShopState } from './server/shop-state.ts';
import { acceptWebSocket } from './server/websocket.ts';

export { chromiumHostArgs, firefoxProxyPrefs, FIREFOX_QUIET_ENV } from './browser-args.ts';
export type { RecordedRequest } from './server/recorder.ts';

export interface ShopServer {
  /** TLS (and plain HTTP) server on 127.0.0.1 serving all test hosts, routed by Host header. */
  httpsPort: number;
  /** HTTP proxy on 127.0.0.1 that tunnels every CONNECT to the TLS server (for Firefox). */
  proxyPort: number;
  origin: typeof SHOP_ORIGIN;
  /** Every hostname the certificate covers. */
  hosts: readonly string[];
  /** Every request any host received, oldest first. */
  requests: RecordedRequest[];
  /** `host:port` of every CONNECT the proxy tunnelled (Firefox's connections), oldest first; cleared by reset(). */
  connections: string[];
  setFixture(path: string, html: string, opts?: { host?: string; contentType?: string; headers?: Record<string, string> }): void;
  clearFixtures(): void;
  /** Clears requests, carts, sessions, rate-limit state, orders and sale phases (not fixtures). */
  reset(): void;
  setSalePhase(productSlug: string, phase: SalePhase, opts?: { opensInMs?: number }): void;
  /** Files served at https://feed.saq.test/ (Saq's rules feed, for the feed e2e tests); cleared by reset(). */
  feed: FeedFiles;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startShop(opts: { httpsPort?: number; proxyPort?: number } = {}): Promise<ShopServer> {
  const cert = await certificateFor(ALL_HOSTS);
  const state = new ShopState();
  const fixtures = new Fixtures();
  const requests: RecordedRequest[] = [];
  const feed = new FeedFiles();
  const router = createRouter({ state, fixtures, requests, feed });

  const main = createDualListener(cert, router, (req, socket) => acceptWebSocket(req, socket, hostOf(req.headers.host), requests));
  const httpsPort = await listen(main.server, opts.httpsPort ?? 0);
  const connections: string[] = [];
  const proxy = createProxy(
    () => httpsPort,
    router,
    (authority) => connections.push(authority),
  );
  const proxyPort = await listen(proxy.server, opts.proxyPort ?? 0);

  return {
    httpsPort,
    proxyPort,
    origin: SHOP_ORIGIN,
    hosts: ALL_HOSTS,
    requests,
    connections,
    setFixture: (path, html, fixtureOpts) => fixtures.set(SHOP_HOST, path, html, fixtureOpts),
    clearFixtures: () => fixtures.clear(),
    reset: () => {
      // Emptied in place: tests may hold a reference to the array.
      requests.length = 0;
      connections.length = 0;
      state.reset();
      feed.clear();
    },
    setSalePhase: (slug, phase, phaseOpts) => state.sale.setPhase(slug, phase, phaseOpts?.opensInMs),
    feed,
    close: async () => {
      const closed = Promise.all([closeServer(main.server), closeServer(proxy.server)]);
      proxy.dropConnections();
      main.dropConnections();
      await closed;
    },
  };
}
