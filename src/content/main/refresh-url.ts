/**
 * The URL a `<meta http-equiv=refresh>` sends its document to: HTML's declarative refresh reads a time (digits,
 * dots), a separator (`;`, `,` or white space) and then the URL, after an optional `url=`, quoted or not —
 * "0; url=…", "5,'…'", "0 …". A content with no URL ("30") reloads the page: nothing leaves.
 * Pure JavaScript with captured natives (a page that replaced RegExp's exec later must not hide a URL):
 * tests/unit/content/refresh-url.test.ts.
 */
import { indexOf, regExpExec, sliceString, trimString } from './strings.ts';

const REFRESH = /^refresh$/i;
const WITH_URL =
  /^[\t\n\f\r ]*[0-9]*\.?[0-9.]*[\t\n\f\r ]*[;,\t\n\f\r ][\t\n\f\r ]*(?:url[\t\n\f\r ]*=[\t\n\f\r ]*)?(["']?)([^\t\n\f\r ].*)$/is;

/** Whether an `http-equiv` value is a refresh (any ASCII case). */
export function isRefresh(httpEquiv: string | null): boolean {
  return httpEquiv !== null && regExpExec(REFRESH, httpEquiv) !== null;
}

/** The URL `content` refreshes to, as written (the caller resolves it), or null for none. */
export function refreshUrl(content: string | null): string | null {
  const found = content === null ? null : regExpExec(WITH_URL, content);
  if (found === null) return null;
  let url = found[2]!;
  // A quoted URL ends at its closing quote; an unquoted one runs to the end.
  const quote = found[1]!;
  if (quote !== '') {
    const end = indexOf(url, quote);
    if (end >= 0) url = sliceString(url, 0, end);
  }
  url = trimString(url);
  return url === '' ? null : url;
}
