/**
 * Text made well-formed UTF-16: a half of a surrogate pair standing alone becomes U+FFFD, as the browser
 * writes it into a URL, a request body or a file. The page chooses its strings, and a cut at a fixed length
 * can split a pair: `encodeURIComponent` throws on either (a stored value with a cut emoji stopped the
 * secret check; a verdict's evidence stopped the evidence report from saving).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
