/**
 * Loads that code other than the shop's starts towards a stranger's host, reported as requests to it: a script
 * whose address has a query (a "script pixel"), and a document a frame, `<object>` or `<embed>` shows from a
 * stranger's page. Such a document can be handed anything without a request the page makes — a message, its
 * window's name, its address's fragment — and sends it on from its own origin, where Saq does not run. The
 * report carries the whole address, fragment too, so the ISOLATED world marks a secret in it
 * (isolated/secret-sends.ts). The shop's own frames, and those of providers it trusts, are not reported.
 */
import type { Attributed } from './attribution.ts';
import { getAttribute, hasAttribute, resolveUrl, startsWith } from './natives.ts';
import { isPageSide, type MainSensorContext } from './sensor.ts';

/** A load of `url` that code other than the shop's started: a request to a stranger when the host is foreign. */
export function strangerLoad(context: MainSensorContext, who: Attributed, via: string, url: string): void {
  if (!isPageSide(who.actor, context.site) && context.site.originOf(url) === 'foreign')
    context.report('page-request', who, { via, url, method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 });
}

/** The attribute that gives a nested document's address: `data` for an `<object>`, `src` for the others. */
export const addressAttribute = (tag: string): 'data' | 'src' => (tag === 'OBJECT' ? 'data' : 'src');

/**
 * A frame, `<object>` or `<embed>` element (`tag`, its node name) in the document, showing the address `raw`.
 * Checked before any stack is taken: only an http(s) page of a foreign host costs an attribution. An iframe
 * with `srcdoc` shows that instead of its `src`.
 */
export function strangerPage(context: MainSensorContext, element: Element, tag: string, raw: unknown): void {
  if (typeof raw !== 'string' || raw === '') return;
  let url: string;
  try {
    url = resolveUrl(raw);
  } catch {
    return; // no address: nothing loads
  }
  if (!startsWith(url, 'https:') && !startsWith(url, 'http:')) return;
  if (context.site.originOf(url) !== 'foreign' || (tag === 'IFRAME' && hasAttribute(element, 'srcdoc'))) return;
  strangerLoad(context, context.attribution.attribute(), 'frame', url);
}

/** The same for an element as it now stands (inserted, or made by markup): its address read off the attribute. */
export function strangerPageOf(context: MainSensorContext, element: Element, tag: string): void {
  strangerPage(context, element, tag, getAttribute(element, addressAttribute(tag)));
}
