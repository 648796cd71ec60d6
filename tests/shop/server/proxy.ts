// HTTP proxy for Firefox, which has no host-resolver rules: every CONNECT (any host, any port)
// is tunnelled to the replica's TLS port, and absolute-URI plain-HTTP requests go straight to
// the router. Nothing ever reaches the real network.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Router } from './router.ts';

export interface Proxy {
  server: Server;
  /** Destroys tunnels and keep-alive connections so close() returns at once. */
  dropConnections(): void;
}

/** `onConnect` hears the `host:port` of every CONNECT: the privacy test's list of every host Firefox dialled. */
export function createProxy(targetPort: () => number, router: Router, onConnect: (authority: string) => void = () => {}): Proxy {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('proxy needs an absolute URI');
      return;
    }
    void router(req, res, { scheme: 'http', host: url.hostname.toLowerCase(), path: `${url.pathname}${url.search}` });
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    onConnect((req.url ?? '').toLowerCase());
    const upstream = connect(targetPort(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return {
    server,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    },
  };
}
