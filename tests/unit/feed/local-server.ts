/**
 * A real local HTTP server for transport faults that an in-memory fake cannot show honestly
 * (streaming, gzip decoding, redirects, stalls). Routes fall back to a FakeMirror's files.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeMirror } from './fixtures.ts';

export type Fault = (req: IncomingMessage, res: ServerResponse) => void;

export interface LocalServer {
  base: string;
  faults: Map<string, Fault>;
  close(): Promise<void>;
}

export async function startServer(mirror: FakeMirror): Promise<LocalServer> {
  const faults = new Map<string, Fault>();
  const server = createServer((req, res) => {
    res.sendDate = false; // the fixtures' fake clock is not today: a real Date would raise the clock hint
    const path = (req.url ?? '/').replace(/^\/feed\//, '');
    const fault = faults.get(path);
    if (fault) return fault(req, res);
    const file = mirror.files.get(path);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(file.status, { 'content-length': String(file.body.length), ...file.headers }).end(Buffer.from(file.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/feed/`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Wrap a fetch so tests can see how many decoded body bytes the client actually pulled. */
export function countingFetch(counter: { bytes: number }): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const res = await fetch(url, init);
    if (!res.body) return res;
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          counter.bytes += chunk.length;
          ctl.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: res.status, headers: res.headers });
  };
}
