/**
 * Loads that code other than the shop's starts towards a stranger's host, reported as requests to it: a script
 * whose address has a query (a "script pixel"), and a document a frame, `<object>` or `<embed>` shows from a
 * stranger's page. Such a document can be handed anything without a request the page makes — a message, its
 * window's name, its address's fragment — and sends it on from its own origin, where Saq does not run. The
 * report carries the whole address, fragment too, so the ISOLATED world marks a secret in it
 * (isolated/secret-sends.ts). The shop's own frames, and those of providers it trusts, are not reported.
 */
import type { Attributed } from './attribution.ts';
import { baseUri, documentQuerySelectorAll, getAttribute, nodeName, parseInert, regExpExec, resolveUrl, startsWith } from './natives.ts';
import { isRefresh, refreshUrl } from './refresh-url.ts';
import { isPageSide, type MainSensorContext } from './sensor.ts';

/** A load of `url` that code other than the shop's started: a request to a stranger when the host is foreign. */
export function strangerLoad(context: MainSensorContext, who: Attributed, via: string, url: string): void {
  if (!isPageSide(who.actor, context.site) && context.site.originOf(url) === 'foreign')
    context.report('page-request', who, { via, url, method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 });
}

/** The attribute that gives a nested document's address: `data` for an `<object>`, `src` for the others. */
export const addressAttribute = (tag: string): 'data' | 'src' => (tag === 'OBJECT' ? 'data' : 'src');

/**
 * A frame, `<object>` or `<embed>` element in the document, showing the address `raw` (resolved against the
 * element's own base URL, as the browser does). Checked before any stack is taken: only an http(s) page of a
 * foreign host costs an attribution. An iframe's `src` counts even while it has a `srcdoc`: taking the `srcdoc`
 * away later loads the `src`, and no hook sees an attribute removed.
 */
export function strangerPage(context: MainSensorContext, element: Element, raw: unknown): void {
  if (typeof raw !== 'string' || raw === '') return;
  let url: string;
  try {
    url = resolveUrl(raw, baseUri(element));
  } catch {
    return; // no address: nothing loads
  }
  if ((startsWith(url, 'https:') || startsWith(url, 'http:')) && context.site.originOf(url) === 'foreign')
    strangerLoad(context, context.attribution.attribute(), 'frame', url);
}

/** The same for an element as it now stands (inserted, or made by markup): its address read off the attribute. */
export function strangerPageOf(context: MainSensorContext, element: Element, tag: string): void {
  strangerPage(context, element, getAttribute(element, addressAttribute(tag)));
  if (tag === 'IFRAME') srcdocGiven(context, element, getAttribute(element, 'srcdoc'));
}

/**
 * A frame in the document given a srcdoc, by any route (its setter, an attribute write, markup, the frame inserted
 * with one): its writer named for the srcdoc's own code (attribution.ts, `srcdocWritten`), and its markup read for
 * stranger pages. An empty one holds no code.
 */
export function srcdocGiven(context: MainSensorContext, frame: object, srcdoc: unknown): void {
  if (typeof srcdoc !== 'string' || srcdoc === '') return;
  context.attribution.srcdocWritten(frame);
  strangerPagesIn(context, srcdoc);
}

/** Markup that may show another page: a frame, `<object>` or `<embed>` tag, or a `<meta http-equiv>` (a refresh). */
const SHOWS_PAGE = /<(?:i?frame|object|embed)[\s/>]|http-equiv/i;
const PAGE_HOLDERS = 'iframe,frame,object,embed,meta[http-equiv]';
/** How deep srcdoc frames inside a srcdoc are read (each level is markup in an attribute of the one above). */
const MAX_SRCDOC_DEPTH = 3;

/**
 * A srcdoc frame's own markup: its parser makes the frames, objects and embeds there, and a refresh sends the frame
 * itself on, with no call a hook sees — a stranger's page put there the way `strangerPage` reports it. Read in an
 * inert document (nothing runs or loads there), only when the markup names such an element; nested srcdocs too.
 */
export function strangerPagesIn(context: MainSensorContext, srcdoc: unknown, depth = 0): void {
  if (typeof srcdoc !== 'string' || regExpExec(SHOWS_PAGE, srcdoc) === null) return;
  let holders: NodeListOf<Element>;
  try {
    holders = documentQuerySelectorAll(parseInert(srcdoc), PAGE_HOLDERS);
  } catch {
    return; // a page enforcing Trusted Types with no default policy refused the text (docs/security.md)
  }
  for (let i = 0; i < holders.length; i++) {
    const element = holders[i]!;
    const tag = nodeName(element);
    if (tag === 'META') {
      if (isRefresh(getAttribute(element, 'http-equiv'))) strangerPage(context, element, refreshUrl(getAttribute(element, 'content')));
      continue;
    }
    strangerPage(context, element, getAttribute(element, addressAttribute(tag)));
    if (tag === 'IFRAME' && depth < MAX_SRCDOC_DEPTH) strangerPagesIn(context, getAttribute(element, 'srcdoc'), depth + 1);
  }
}
