/**
 * The page's secrets as they are now — its readable cookie and the values of both storages — and as they
 * were at earlier reads on this page, for secrets-in-url.ts. Read only when a load or request to a stranger
 * host is judged (rare), never on a hot path. The ISOLATED world reads the page's own document.cookie and storage: page code cannot change what
 * these native getters return here.
 */
import { MAX_SECRETS, pageSecrets, withEarlierSecrets } from './secrets-in-url.ts';

function storedValues(): string[] {
  const values: string[] = [];
  for (const storage of [(): Storage => localStorage, (): Storage => sessionStorage])
    try {
      const stored = storage();
      for (let i = 0; i < stored.length && values.length < MAX_SECRETS; i++) values.push(stored.getItem(stored.key(i) ?? '') ?? '');
    } catch {
      // Storage denied (a sandboxed frame, the person's settings): cookies still count.
    }
  return values;
}

/** Every secret read so far on this page, newest first (secrets-in-url.ts, withEarlierSecrets). */
let known: string[] = [];

function readCookie(): string {
  try {
    return document.cookie;
  } catch {
    // A sandboxed frame without same-origin: no cookie to steal there either.
    return '';
  }
}

/** The page's secrets now, and those it held earlier on this page: each read is kept for the next. */
export function currentSecrets(): string[] {
  known = withEarlierSecrets(pageSecrets(readCookie(), storedValues()), known);
  return known;
}

interface CookieList {
  getAll(): Promise<ReadonlyArray<{ name: string; value: string }>>;
}

/**
 * The cookie the page starts with, kept as the earliest secrets, so that a token the shop renews later does not
 * hide the first one. Asked of the Cookie Store, which answers later: `document.cookie` and the storages, read
 * here at document_start, held the parser while the browser answered (1.5–2.5 ms of main-thread time on the
 * replica's pages: docs/performance.md). The request leaves before any page script runs, so it answers with
 * the cookie the page started with (a write in the page's first moments could overtake it). The storages are
 * read at the first judgement that needs them: a token the page kept there and renewed before a stranger load
 * was judged counts only if a hook saw it read (docs/security.md).
 */
export function keepStartingCookie(): void {
  const store = (globalThis as { cookieStore?: CookieList }).cookieStore;
  const keep = (cookie: string): void => void (known = withEarlierSecrets(known, pageSecrets(cookie, [])));
  if (typeof store?.getAll !== 'function') return keep(readCookie());
  store.getAll().then(
    (cookies) => keep(cookies.map(({ name, value }) => (name ? `${name}=${value}` : value)).join('; ')),
    () => keep(readCookie()),
  );
}
