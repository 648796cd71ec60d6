/**
 * The page's secrets as they are now — its readable cookie and the values of both storages — for
 * secrets-in-url.ts. Read only when a load or request to a stranger host is judged (rare), never on a hot
 * path. The ISOLATED world reads the page's own document.cookie and storage: page code cannot change what
 * these native getters return here.
 */
import { MAX_SECRETS, pageSecrets } from './secrets-in-url.ts';

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

export function currentSecrets(): string[] {
  let cookie = '';
  try {
    cookie = document.cookie;
  } catch {
    // A sandboxed frame without same-origin: no cookie to steal there either.
  }
  return pageSecrets(cookie, storedValues());
}
