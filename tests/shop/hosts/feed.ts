// A static feed host standing in for GitHub Pages: serves whatever files a test publishes, with the
// headers Pages sends (Access-Control-Allow-Origin: * on every answer, 404s included; an ETag; a
// 10-minute max-age), so the extension's real fetch path (CORS, cache revalidation) is exercised.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../server/context.ts';

export class FeedFiles {
  private files = new Map<string, Uint8Array>();
  private held = new Map<string, Promise<void>>();

  /** `path` relative to the feed root, e.g. `timestamp.json` or `root/1.root.json`. */
  put(path: string, bytes: Uint8Array): void {
    this.files.set(path.replace(/^\/+/, ''), bytes);
  }

  clear(): void {
    this.files.clear();
    this.held.clear();
  }

  /**
   * Holds every answer for `path` until the returned function is called: a slow mirror, so a test can stop
   * the extension's worker in the middle of an update (tests/e2e/lifecycle.e2e.ts).
   */
  hold(path: string): () => void {
    let release = (): void => {};
    this.held.set(path.replace(/^\/+/, ''), new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }

  async serve(ctx: RequestContext): Promise<true> {
    await this.held.get(ctx.url.pathname.replace(/^\/+/, ''));
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
