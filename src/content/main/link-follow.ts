/**
 * A link a script follows — `a.click()`, or a click event it dispatches on the link — is a navigation that no
 * request hook sees: the cookie leaves in its URL. Where the browser has the Navigation API (Chromium) the
 * navigations sensor sees a link that navigates this document, with the script on the stack; it sees nothing
 * of a link that opens a new window or fills a named frame, by its own target or its document's `<base
 * target>` (that document fires the event, empty and Saq-less), and Firefox 140 has no such API at all.
 * Those are reported here, at the call, with the actor that made it: a page request `via: 'navigation'` to
 * a stranger, or a data:/blob: document (SAQ-INJ-003, `how: 'navigation'`). A click on an element inside a link follows the link too: the nearest link around the
 * clicked element is the one judged (one native `closest` per scripted click).
 */
import { codeDocumentReporter } from './code-document.ts';
import { closest, documentQuerySelector, getAttribute, nodeName, ownerDocument, regExpExec } from './natives.ts';
import { strangerReporter } from './request-report.ts';
import type { MainSensorContext } from './sensor.ts';
import { getterOf, globalPrototype } from './strings.ts';

// Captured at document_start: page code may replace the getters, or add a `navigation` global Firefox lacks.
const navigationOf = getterOf<unknown>(globalThis, 'navigation');
const anchorHref = getterOf<string>(globalPrototype('HTMLAnchorElement'), 'href');
const areaHref = getterOf<string>(globalPrototype('HTMLAreaElement'), 'href');

/** Targets that navigate this document or an ancestor, which the navigations sensor sees where it can. */
const NAVIGATES_HERE = /^(?:|_self|_parent|_top)$/i;

/**
 * The target a link without its own takes: that of the document's first `<base>` with one (HTML's "get an
 * element's target"). A `<base target=_blank>` sends every such link to a new window.
 */
function baseTarget(link: Element): string | null {
  const home = ownerDocument(link);
  const base = home === null ? null : documentQuerySelector(home, 'base[target]');
  return base === null ? null : getAttribute(base, 'target');
}

/** `element` is about to be clicked by page code: report where a link goes, if anyone should know. */
export type LinkFollowCheck = (element: unknown) => void;

export function linkFollowReporter(context: MainSensorContext, realm: typeof globalThis): LinkFollowCheck {
  const strangers = strangerReporter(context);
  const codeDocument = codeDocumentReporter(context, true);
  const seenByNavigateEvent = navigationOf !== null && navigationOf(realm) != null;
  const check = (clicked: unknown): void => {
    const link = closest(clicked as Element, 'a[href],area[href]');
    if (link === null) return;
    if (seenByNavigateEvent) {
      const target = getAttribute(link, 'target') ?? baseTarget(link);
      if (target === null || regExpExec(NAVIGATES_HERE, target) !== null) return;
    }
    // An SVG link (`a`, lowercase) has an animated href object, not a string: its attribute, resolved when sent.
    const tag = nodeName(link);
    const url = tag === 'A' && anchorHref ? anchorHref(link) : tag === 'AREA' && areaHref ? areaHref(link) : getAttribute(link, 'href');
    if (url === null) return;
    // Reported before the call follows the link: this document may be gone before a port message's task runs.
    if (codeDocument(url, 'navigation')) return context.flushNow();
    if (strangers('navigation', url)) context.flushNow();
  };
  // Never throws into the hook that called it: the click's own announcement comes after (synthetic-events).
  return (clicked) => {
    try {
      check(clicked);
    } catch {
      // Not an element (a click dispatched on the window or the document).
    }
  };
}
