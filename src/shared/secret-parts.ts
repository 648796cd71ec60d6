/**
 * How the ISOLATED world names the parts of an address that carry one of the page's secrets, for the evidence
 * report and the popup to leave out (content/isolated/secret-segments.ts writes them, ui/evidence.ts reads them):
 * path segments by their `pathname.split('/')` index (`'2,4'`, `''` for none, `'*'` for the whole path) and host
 * labels by their `hostname.split('.')` index (`'0,1'`, `'*'` for the whole host). The report and the popup read
 * anything else as "the whole part" (the background's schema takes any short text: a batch of findings is not
 * refused for a field only they read).
 */

/** Path segment numbers, at most 32 (`''`: none). */
export const SEGMENT_LIST = /^(?:\d{1,4}(?:,\d{1,4}){0,31})?$/;
/** Host label numbers, at most 64, or `*` for the whole host. */
export const LABEL_LIST = /^(?:\*|\d{1,3}(?:,\d{1,3}){0,63})$/;
