/**
 * A `<meta http-equiv=refresh>` given a stranger's URL by code other than the shop's: a navigation no
 * request hook sees and that fires no `navigate` event with a script on the stack (page request `via:
 * 'navigation'`). Judged when a script gives the element the second of its two attributes (page-requests:
 * properties, `setAttribute`, Attr nodes, markup) and when a script inserts one into a document
 * (script-insertion): an element parsed apart from the page — `DOMParser`, a fetched document — got its
 * attributes from no call a hook sees, and refreshes once it is in a document. One the hooks saw both ways
 * is reported twice, which the background's verdicts merge (one per rule, actor and destination). The
 * report leaves at once: a document that refreshes may be gone before a port message's task runs.
 */
import { getAttribute, nodeName } from './natives.ts';
import { isRefresh, refreshUrl } from './refresh-url.ts';
import { strangerReporter, type RequestReport } from './request-report.ts';
import type { MainSensorContext } from './sensor.ts';

/** `element` may be a refresh that just got its URL or just went into a document. */
export type RefreshCheck = (element: unknown) => void;

export function refreshReporter(context: MainSensorContext, send?: RequestReport): RefreshCheck {
  const strangers = strangerReporter(context, send);
  return (element) => {
    if (nodeName(element) !== 'META' || !isRefresh(getAttribute(element as Element, 'http-equiv'))) return;
    const url = refreshUrl(getAttribute(element as Element, 'content'));
    if (url !== null && strangers('navigation', url)) context.flushNow();
  };
}
