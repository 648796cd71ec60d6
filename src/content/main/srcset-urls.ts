/**
 * The URLs of a `srcset` value (`<img srcset>`, `<source srcset>`): the image-pixel hooks check each
 * candidate, since the browser fetches whichever one it picks. Follows the HTML parser's splitting
 * (https://html.spec.whatwg.org/multipage/images.html#parse-a-srcset-attribute): candidates are separated
 * by commas; each is a URL (a run of non-whitespace that may itself hold commas, trailing ones excepted)
 * and optional descriptors up to the next comma outside parentheses. Descriptors are not validated: a
 * candidate the browser would drop for a bad descriptor is still returned (an extra check, never a miss).
 *
 * Runs on every srcset the shop sets, in the page's realm: one pass, bounded by a number of candidates
 * and of characters; what is past the bound can be read by a further call from `next`. Characters are
 * read by index and cut with the captured slice (a page that replaced String.prototype methods cannot
 * hide a candidate). Pure: runs in Node (tests/unit/content/srcset-urls.test.ts).
 */
import { append, safeList, type SafeList } from './safe-collections.ts';
import { sliceString } from './strings.ts';

export const MAX_SRCSET_CANDIDATES = 16;
export const MAX_SRCSET_TEXT = 4096;

export interface SrcsetRead {
  /** The URLs of the candidates read whole (a candidate the bound cuts is left for the next call). */
  urls: SafeList<string>;
  /** Where the first candidate not read starts (go on from there), or -1: the value was read to its end. */
  next: number;
}

/** ASCII whitespace as HTML defines it (tab, line feed, form feed, carriage return, space). */
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/** Reads at most `maxCandidates` candidates and `maxText` characters of `srcset`, from `from`. */
export function srcsetUrls(srcset: string, from = 0, maxCandidates = MAX_SRCSET_CANDIDATES, maxText = MAX_SRCSET_TEXT): SrcsetRead {
  const urls = safeList<string>();
  const end = srcset.length - from > maxText ? from + maxText : srcset.length;
  const cut = (start: number): SrcsetRead => ({ urls, next: start });
  let i = from;
  for (;;) {
    while (i < end && (isSpace(srcset[i]) || srcset[i] === ',')) i++;
    if (i === srcset.length) return { urls, next: -1 };
    if (i === end || urls.length === maxCandidates) return cut(i);
    const start = i;
    while (i < end && !isSpace(srcset[i])) i++;
    if (i === end && end < srcset.length) return cut(start);
    let stop = i;
    // "a.png, b.png 2x": commas that end the URL end its candidate too (it has no descriptors).
    while (srcset[stop - 1] === ',') stop--;
    if (stop === i) {
      // Descriptors ("2x", "480w", future ones with parentheses): skipped up to a comma outside parentheses.
      let inParentheses = false;
      let ended = false;
      while (i < end && !ended) {
        const c = srcset[i++];
        if (inParentheses) inParentheses = c !== ')';
        else if (c === '(') inParentheses = true;
        else ended = c === ',';
      }
      if (!ended && end < srcset.length) return cut(start);
    }
    append(urls, sliceString(srcset, start, stop));
  }
}
