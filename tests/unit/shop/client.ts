// Node-side client for the replica: connects to 127.0.0.1 but sends the real host name (SNI and
// Host header), ignores the self-signed certificate, and keeps the `sid` cookie like a browser.
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json(): unknown;
}

export interface ShopClient {
  get(url: string, headers?: Record<string, string>): Promise<Reply>;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  send(method: string, url: string, body?: string, headers?: Record<string, string>): Promise<Reply>;
  /** Cookie header the client sends (name=value pairs). */
  cookies: Map<string, string>;
}

export function shopClient(port: number): ShopClient {
  const cookies = new Map<string, string>();
  const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> => {
    const target = new URL(url);
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          servername: target.hostname,
          rejectUnauthorized: false,
          method,
          path: `${target.pathname}${target.search}`,
          headers: { Host: target.hostname, ...(cookie ? { Cookie: cookie } : {}), ...headers },
        },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';');
            const eq = pair?.indexOf('=') ?? -1;
            if (pair && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
          }
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) as unknown });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    cookies,
    send,
    get: (url, headers) => send('GET', url, undefined, headers),
    post: (url, body, headers) => send('POST', url, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers }),
  };
}
