// One TCP port that speaks both TLS and plain HTTP: the first byte of a TLS connection is a
// handshake record (0x16). So the proxy can tunnel every CONNECT to one place, and Chromium's
// host mapping can send http:// test hosts to the same port as https:// ones.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { CertPair } from './cert.ts';
import type { Router } from './router.ts';

/** Handles WebSocket upgrades (any host); see server/websocket.ts. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex) => void;

const TLS_HANDSHAKE = 0x16;

export interface Listener {
  server: Server;
  /** Destroys open connections: browsers keep them alive, and close() waits for them. */
  dropConnections(): void;
}

export function createDualListener(cert: CertPair, router: Router, onUpgrade: UpgradeHandler): Listener {
  const onRequest = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    void router(req, res, { scheme });
  };
  const https = createHttpsServer({ key: cert.key, cert: cert.cert }, onRequest('https'));
  const http = createHttpServer(onRequest('http'));
  https.on('upgrade', onUpgrade);
  http.on('upgrade', onUpgrade);
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return {
    server,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
