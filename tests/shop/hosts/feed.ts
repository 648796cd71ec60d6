// A static feed host standing in for GitHub Pages: serves whatever files a test publishes, with the
// headers Pages sends (Access-Control-Allow-Origin: * on every answer, 404s included; an ETag; a
// 10-minute max-age), so the extension's real fetch path (CORS, cache revalidation) is exercised.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../server/context.ts';

export class FeedFiles {
  private files = new Map<string, Uint8Array>();

  /** `path` relative to the feed root, e.g. `timestamp.json` or `root/1.root.json`. */
  put(path: string, bytes: Uint8Array): void {
    this.files.set(path.replace(/^\/+/, ''), bytes);
  }

  clear(): void {
    this.files.clear();
  }

  serve(ctx: RequestContext): true {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const body = this.files.get(ctx.url.pathname.replace(/^\/+/, ''));
    if (ctx.method !== 'GET' || !body) {
      ctx.res.writeHead(ctx.method === 'GET' ? 404 : 405, { 'Content-Type': 'text/html; charset=utf-8', ...cors });
      ctx.res.end('<h1>404</h1>');
      return true;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const headers = { ...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'max-age=600', ETag: etag };
    if (ctx.req.headers['if-none-match'] === etag) {
      ctx.res.writeHead(304, headers);
      ctx.res.end();
      return true;
    }
    ctx.res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    ctx.res.end(Buffer.from(body));
    return true;
  }
}
