// Arbitrary test content at host+path. Fixtures win over built-in routes, so a test can also
// replace a real shop page or script.
import { sendText, type RequestContext } from './context.ts';

export interface FixtureOptions {
  host?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Fixture {
  body: string;
  contentType: string;
  headers: Record<string, string>;
}

export class Fixtures {
  private byKey = new Map<string, Fixture>();

  set(defaultHost: string, path: string, body: string, opts: FixtureOptions = {}): void {
    this.byKey.set(`${(opts.host ?? defaultHost).toLowerCase()}${path}`, {
      body,
      contentType: opts.contentType ?? 'text/html; charset=utf-8',
      headers: opts.headers ?? {},
    });
  }

  clear(): void {
    this.byKey.clear();
  }

  /** Exact path with query first, then the path alone. */
  serve(ctx: RequestContext): boolean {
    const fixture = this.byKey.get(`${ctx.host}${ctx.path}`) ?? this.byKey.get(`${ctx.host}${ctx.url.pathname}`);
    if (!fixture) return false;
    sendText(ctx, fixture.body, fixture.contentType, 200, fixture.headers);
    return true;
  }
}
