/**
 * A link a script follows — `a.click()`, or a click event it dispatches on the link — is a navigation that no
 * request hook sees: the cookie leaves in its URL. It is reported here, at the call, with the actor that made
 * it: a page request `via: 'navigation'` to a stranger, or a data:/blob: document (SAQ-INJ-003, `how:
 * 'navigation'`). Every link, whatever its target: the navigate event (navigations.main.ts) does not name
 * who followed it in every browser. Chromium fires it inside the call, with the script on the stack, in the
 * document navigated (none for a new window: that document starts empty). Firefox 153 fires it a task
 * later with no script on the stack, even for a link into the document itself. Firefox 140 has no Navigation
 * API. So the navigate event leaves a link's navigation with an empty stack to this check. In Chromium a link
 * is then reported both ways, with the same actor and destination; the background merges the two into one
 * verdict. A click on an element inside a link follows the link too: the nearest link around the clicked
 * element is the one judged (one native `closest` per scripted click).
 */
import { codeDocumentReporter } from './code-document.ts';
import { closest, getAttribute, nodeName } from './natives.ts';
import { strangerReporter } from './request-report.ts';
import type { MainSensorContext } from './sensor.ts';
import { getterOf, globalPrototype } from './strings.ts';

// Captured at document_start: page code may replace the getters to show Saq another destination.
const anchorHref = getterOf<string>(globalPrototype('HTMLAnchorElement'), 'href');
const areaHref = getterOf<string>(globalPrototype('HTMLAreaElement'), 'href');

/** `element` is about to be clicked by page code: report where a link goes, if anyone should know. */
export type LinkFollowCheck = (element: unknown) => void;

export function linkFollowReporter(context: MainSensorContext): LinkFollowCheck {
  const strangers = strangerReporter(context);
  const codeDocument = codeDocumentReporter(context, true);
  const check = (clicked: unknown): void => {
    const link = closest(clicked as Element, 'a[href],area[href]');
    if (link === null) return;
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
