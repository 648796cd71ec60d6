/**
 * The page's secrets as they are now — its readable cookie and the values of both storages — and as they
 * were at earlier reads on this page, for secrets-in-url.ts. Read only when a load or request to a stranger host is judged (rare), never on a hot
 * path. The ISOLATED world reads the page's own document.cookie and storage: page code cannot change what
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

/** The page's secrets now, and those it held earlier on this page: each read is kept for the next. */
export function currentSecrets(): string[] {
  let cookie = '';
  try {
    cookie = document.cookie;
  } catch {
    // A sandboxed frame without same-origin: no cookie to steal there either.
  }
  known = withEarlierSecrets(pageSecrets(cookie, storedValues()), known);
  return known;
}
