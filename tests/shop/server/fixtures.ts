// Arbitrary test content at host+path. Fixtures win over built-in routes, so a test can also
// replace a real shop page or script. A path ending in `/*` serves every path under it (a helper's script at an
// address it makes at run time, `/k/<the cookie>/next.js`); an exact path wins over it.
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

  /** Fixtures at `host/prefix/*`, by `host/prefix/`. */
  private byPrefix = new Map<string, Fixture>();

  set(defaultHost: string, path: string, body: string, opts: FixtureOptions = {}): void {
    const fixture = { body, contentType: opts.contentType ?? 'text/html; charset=utf-8', headers: opts.headers ?? {} };
    const key = `${(opts.host ?? defaultHost).toLowerCase()}${path}`;
    if (path.endsWith('/*')) this.byPrefix.set(key.slice(0, -1), fixture);
    else this.byKey.set(key, fixture);
  }

  clear(): void {
    this.byKey.clear();
    this.byPrefix.clear();
  }

  /** Exact path with query first, then the path alone, then the longest prefix fixture above the path. */
  serve(ctx: RequestContext): boolean {
    const fixture =
      this.byKey.get(`${ctx.host}${ctx.path}`) ??
      this.byKey.get(`${ctx.host}${ctx.url.pathname}`) ??
      this.underPrefix(`${ctx.host}${ctx.url.pathname}`);
    if (!fixture) return false;
    sendText(ctx, fixture.body, fixture.contentType, 200, fixture.headers);
    return true;
  }

  private underPrefix(key: string): Fixture | undefined {
    let found: Fixture | undefined;
    let length = 0;
    for (const [prefix, fixture] of this.byPrefix)
      if (key.startsWith(prefix) && prefix.length > length) [found, length] = [fixture, prefix.length];
    return found;
  }
}
