/**
 * Requests made from the page world — fetch, deferred fetches (fetchLater), XMLHttpRequest, sendBeacon,
 * WebSocket (connection and messages; a WebSocketStream's connection), EventSource, WebTransport, image
 * pixels, opened windows, links' pings and form posts — with the actor that made them. An image pixel is
 * `src` or `srcset` of an <img>, or of a <source> (a <picture> fetches its srcset), however it is set: the
 * property, setAttribute(NS), or an Attr node (setAttributeNode(NS), setNamedItem(NS), its `value`,
 * `nodeValue` or `textContent`; main/attribute-writes.ts).
 * The sensor only states the fact; the background decides from the site profile whether it is a
 * cart/order request (counted for bursts) or exfiltration, and cross-checks cart requests against
 * webRequest. Requests the shop makes to itself that cannot be cart or order calls, and requests to its
 * trusted providers, are not reported (no stack capture on that hot path) unless the same URL comes back
 * a third time within 10 s: a poller's, whose author the background's polling-loop check needs (sampled:
 * at most one in 200 ms per URL).
 *
 * `sensitiveReadMsAgo`: how long ago the same actor read cookies, storage or a secret field in this
 * document (-1: never) — the rules call a foreign send soon after such a read critical.
 * Images markup creates (innerHTML and the rest, see main/markup.ts) are read once the markup is parsed.
 * A window opened on a stranger's URL by code other than the shop's counts as its request. A frame, an
 * `<object>` or `<embed>`, or a window (or named frame) opened by `window.open` given a data: or blob:
 * document by such code is reported as an inserted script (its code runs out of sight); one in the document given a
 * stranger's page, as a request to it (main/stranger-load.ts; one inserted so, by the script-insertion sensor).
 * Script pixels are reported by the script-insertion sensor. Not seen here (no hook wraps them): CSS images,
 * SVG `<image>`, media, prefetch links, images a separately parsed document creates and a script moves
 * in. The ISOLATED network-timeline sensor sees those loads when their URL carries one of the page's
 * secrets. A `<meta http-equiv=refresh>` given a stranger's URL by such
 * code is a navigation request (`via: 'navigation'`), judged when its attributes are set (however: property,
 * setAttribute, Attr, markup) and when it is inserted (main/refresh-report.ts). Other navigations
 * (`location`, a link a script clicks) are the navigations sensor's and main/link-follow.ts's: the Location
 * setters cannot be wrapped.
 */
import type { Attributed } from '../main/attribution.ts';
import type { Args } from '../main/patch.ts';
import {
  after,
  dateNow,
  documentBrand,
  defaultPrevented,
  eventSubmitter,
  eventTarget,
  formMethod,
  getAttribute,
  isConnected,
  navigatorBrand,
  nodeName,
  nodeType,
  regExpExec,
  requestMethod,
  requestUrl,
  resolveUrl,
  sliceString,
  submissionAction,
  webSocketUrl,
  windowBrand,
  xhrBrand,
} from '../main/natives.ts';
import { codeDocumentReporter } from '../main/code-document.ts';
import { addressAttribute, srcdocGiven, strangerPage } from '../main/stranger-load.ts';
import { hookAttributeWrites } from '../main/attribute-writes.ts';
import { hookMarkup } from '../main/markup.ts';
import { bodyObjectKind, readBodyObject, readRequestBody, sizeOf } from '../main/request-body.ts';
import { refreshReporter } from '../main/refresh-report.ts';
import { requestReporter, strangerReporter } from '../main/request-report.ts';
import { requestInPlace } from '../main/request-in-place.ts';
import { leadingTextInPlace, madeIntoText, reachesConversion, textInPlace } from '../main/text-argument.ts';
import { SafeMap, SafeWeakMap, SafeWeakSet } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor } from '../main/sensor.ts';
import { MAX_SRCSET_CANDIDATES, srcsetUrls } from '../main/srcset-urls.ts';
import { listenLasting } from '../main/lasting-listeners.ts';

/**
 * Markup that may create an image or a nested document — an <img>, <source>, <iframe>, <frame>, <object> or
 * <embed> tag, in any case — a link with hyperlink-auditing pings, or a `<meta http-equiv>` (a refresh).
 */
const HAS_LOADER = /<(?:img|source|i?frame|object|embed)[\s/>]|\sping\s*=|http-equiv/i;
/**
 * `src`, `srcset`, `data`, `ping`, `content` or `http-equiv` in any ASCII case (HTML lowercases a setAttribute
 * name), one group each: a captured exec names it, never the page's toLowerCase.
 */
const LOADER_ATTRIBUTE = /^(?:(src)|(srcset)|(data)|(ping)|(content)|(http-equiv)|(action)|(formaction)|(srcdoc))$/i;
/** The attribute each of LOADER_ATTRIBUTE's groups names. */
const LOADER_NAMES = ['', 'src', 'srcset', 'data', 'ping', 'content', 'http-equiv', 'action', 'formaction', 'srcdoc'] as const;
/** setAttribute's names worth a look, by length: rules out nearly every other attribute at once. */
const LOADER_NAME_LENGTHS = 0b10011011000; // 3, 4, 6, 7, 10

/** One of the loader attributes (main/attribute-writes.ts): its lowercase name, by the length test first. */
function loaderName(given: string, folds: boolean): string | null {
  if (((LOADER_NAME_LENGTHS >> given.length) & 1) === 0) return null;
  const known = regExpExec(LOADER_ATTRIBUTE, given);
  if (known === null) return null;
  let group = 1;
  while (group < LOADER_NAMES.length - 1 && known[group] === undefined) group++;
  const name = LOADER_NAMES[group]!;
  return folds || name === given ? name : null;
}

/** A ping attribute's URLs (space-separated); at most this many are read. */
const PING_URL = /[^\t\n\f\r ]+/g;
const MAX_PINGS = 8;

/** Which kind of nested document an element's attribute gives its URL to, if any. */
function nestedDocument(tag: string, name: string): 'frame' | 'object' | null {
  if (name === 'src') return tag === 'IFRAME' || tag === 'FRAME' ? 'frame' : tag === 'EMBED' ? 'object' : null;
  return name === 'data' && tag === 'OBJECT' ? 'object' : null;
}

/** Whether a body is a Document (XHR serialises one), by the captured node type getter's brand check. */
function isDocument(value: object): boolean {
  try {
    return nodeType(value) === 9;
  } catch {
    return false;
  }
}

/** A character a byte string (XHR's method) cannot hold. */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: it names every byte.
const NOT_BYTES = /[^\u0000-\u00ff]/;

/** A Request's URL (one of any realm: the captured getter's brand check), or null for anything else. */
function requestUrlOf(value: unknown): string | null {
  try {
    return requestUrl(value);
  } catch {
    return null;
  }
}

/**
 * The URL a WebSocket connects to: a relative or http(s) URL is resolved and given the socket's scheme, as
 * the browser does (`/\\host/x` on the shop is `wss://host/x`), so the report names where it went.
 */
function socketUrl(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  let url: string;
  try {
    url = resolveUrl(raw);
  } catch {
    return raw; // the constructor will throw
  }
  return regExpExec(HTTP_SCHEME, url) ? `ws${sliceString(url, 4)}` : url;
}
const HTTP_SCHEME = /^https?:/;

export const pageRequestsSensor: MainSensor = {
  id: 'page-requests',
  install(context, realm) {
    const { patcher, attribution, site } = context;

    /**
     * The last two times of each shop-internal request URL: the third within 10 s may be a poller's
     * (sampled). Two numbers, no array: the page's array methods never decide what is reported.
     */
    const recent = new SafeMap<string, { last: number; before: number }>();
    function polled(raw: string): boolean {
      const now = dateNow();
      let times = recent.get(raw);
      if (!times) {
        if (recent.size > 64) recent.clear();
        recent.set(raw, (times = { last: -Infinity, before: -Infinity }));
      }
      const both = now - times.before < 10_000;
      if (both && now - times.last < 200) return false; // a flood: every request need not be named
      times.before = times.last;
      times.last = now;
      return both;
    }

    /** Whether a request is worth a report at all: decided before anything else is read or allocated. */
    const wanted = (raw: unknown): raw is string => typeof raw === 'string' && raw !== '' && (site.needsActor(raw) || polled(raw));

    const send = requestReporter(context);
    // A frame's, an <object>'s or <embed>'s, a window's data: or blob: document (main/code-document.ts).
    const codeDocument = codeDocumentReporter(context);

    /**
     * The report of a request whose body is known only once read (main/request-body.ts): the actor is named
     * now, while the caller is on the stack, and the report, stamped with this moment, leaves with the body.
     */
    function later(via: string, raw: string, method: unknown): (text: string, bytes: number) => void {
      const who = attribution.attribute();
      const at = dateNow();
      return (text, bytes) => send(via, raw, method, bytes, who, text, at);
    }

    /**
     * Reports XHR's or sendBeacon's request with its body argument `index`: text at once; a Blob, bytes,
     * FormData or URLSearchParams once read from Saq's copy; any other object turned into text in place, as
     * the browser would turn it — except what the browser takes as it is: a stream (sendBeacon), a
     * Document (XHR serialises it).
     */
    function sendWithBody(via: 'xhr' | 'beacon', raw: string, method: unknown, args: Args, index: number): void {
      const body = args[index];
      if (typeof body !== 'object' || body === null) {
        const text = typeof body === 'string' ? body : '';
        return send(via, raw, method, text.length, undefined, text);
      }
      const kind = bodyObjectKind(body);
      if (kind === 'body') return readBodyObject(body, later(via, raw, method));
      if ((kind === 'stream' && via === 'beacon') || (via === 'xhr' && isDocument(body))) return send(via, raw, method, 0);
      const text = textInPlace(args, index);
      // A toString that throws fails the call: no request is made.
      if (text !== null) send(via, raw, method, text.length, undefined, text);
    }

    /**
     * The URL argument `index` of a request call, as the request will use it: a Request (of any realm) gives
     * its own URL; any other object — a URL, or one whose toString names the endpoint — is turned into text in
     * place (main/text-argument.ts), so the URL judged is the one the request goes to, not a URL object's
     * `href`, a getter the page can rewrite.
     */
    function urlArgument(args: Args, index: number, requestAllowed = false): unknown {
      const input = args[index];
      if (!madeIntoText(input)) return input;
      return textInPlace(args, index, requestAllowed ? requestUrlOf : undefined) ?? '';
    }

    // The Request the network will get, made from the page's arguments in their place (main/request-in-place.ts).
    const RealmRequest = realm.Request;
    /**
     * Whether a window's request function (fetch, fetchLater, open) gets as far as its arguments: called on
     * anything but a window it throws first, and Saq must then run nothing of the page's either — no URL
     * object's toString, no init getter — or a page counting the calls could tell it is there.
     */
    const windowReaches = (self: unknown, args: Args, required: number): boolean =>
      (!madeIntoText(args[0]) && args.length < 2) || reachesConversion(windowBrand, self, args, required);
    patcher.method(realm, 'fetch', (self, args) => {
      if (!windowReaches(self, args, 1)) return; // the browser throws: nothing is sent
      const raw = urlArgument(args, 0, true);
      if (!wanted(raw)) return;
      const request = requestInPlace(args, RealmRequest);
      if (request === null) return; // the fetch fails without a request
      const report = later('fetch', raw, requestMethod(request));
      if (!readRequestBody(request, report)) report('', 0);
    });
    /**
     * A deferred fetch (Chromium): sent when `activateAfter` has passed or the page is left — a way to send
     * the cookie after the person has moved on. Judged at the call by its URL; its init is not read (its
     * `activateAfter` is read by the browser alone, and a second read of a getter would show): the method is
     * `?` unless there is no init (a GET).
     */
    patcher.method(realm, 'fetchLater', (self, args) => {
      if (!windowReaches(self, args, 1)) return;
      const raw = urlArgument(args, 0, true);
      if (wanted(raw)) send('fetch-later', raw, args.length < 2 || args[1] === undefined ? 'GET' : '?', 0);
    });

    // XHR: remember method and URL at open(), report at send() when the body is known.
    const opened = new SafeWeakMap<object, Args>();
    const xhr = realm.XMLHttpRequest.prototype;
    patcher.method(
      xhr,
      'open',
      // The method and URL given as objects or functions: made text in the browser's order, if it gets that far.
      (self, args) => {
        // A method that is not a byte string fails before the URL is made text.
        if (typeof args[0] !== 'string' || regExpExec(NOT_BYTES, args[0]) === null) leadingTextInPlace(self, args, 2, xhrBrand, 2);
      },
      // Kept only once the call has returned: an open() that throws (a bad method or URL) leaves the request
      // opened before it as it was, and must not take its place here — its send() would go unseen.
      (self, args) => opened.set(self as object, args),
    );
    patcher.method(xhr, 'send', (self, args) => {
      const open = opened.get(self as object);
      const raw = open && open[1];
      if (wanted(raw)) sendWithBody('xhr', raw, open![0], args, 0);
    });
    const sendIfWanted = (via: string, raw: unknown, method: string, bytes = 0): void => {
      if (wanted(raw)) send(via, raw, method, bytes);
    };
    patcher.method(realm.Navigator.prototype, 'sendBeacon', (self, args) => {
      if (!reachesConversion(navigatorBrand, self, args, 1)) return; // the browser throws: nothing is sent
      const raw = urlArgument(args, 0);
      if (wanted(raw)) sendWithBody('beacon', raw, 'POST', args, 1);
    });
    // Connections whose URL is their request: a WebSocket, an EventSource stream, a WebTransport session.
    const connection = (name: string, via: string): void =>
      patcher.globalConstructor(realm, name, (args) => {
        const raw = urlArgument(args, 0);
        sendIfWanted(via, via === 'websocket' ? socketUrl(raw) : raw, 'GET');
      });
    connection('WebSocket', 'websocket');
    connection('WebSocketStream', 'websocket'); // Chromium: its messages go through streams, unhooked
    connection('EventSource', 'eventsource');
    connection('WebTransport', 'webtransport');
    patcher.method(realm.WebSocket.prototype, 'send', (self, args) =>
      sendIfWanted('websocket', webSocketUrl(self), 'SEND', sizeOf(args[0])),
    );

    const strangers = strangerReporter(context, send);
    const pixel = (raw: unknown): void => void strangers('image', raw);
    /**
     * A link's hyperlink-auditing pings: a POST to each URL when the link is followed (Chromium sends them;
     * Firefox does not by default) — a helper can put its collector on the shop's own links. The attempt counts.
     */
    const pings = (list: unknown): void => {
      if (typeof list !== 'string') return;
      PING_URL.lastIndex = 0;
      for (let i = 0, match = regExpExec(PING_URL, list); i < MAX_PINGS && match !== null; i++, match = regExpExec(PING_URL, list))
        strangers('ping', match[0]);
    };

    /**
     * A window opened on a URL — `window.open`, and `document.open(url, name, features)`, the same call by
     * another name: a cookie in the URL leaves with the navigation, no request API involved. The popup
     * blocker decides after the call; the attempt is what counts.
     */
    const windowOpened = (raw: unknown): void => {
      if (!codeDocument(raw, 'window')) strangers('window', raw);
    };
    patcher.method(realm, 'open', (self, args) => {
      if (windowReaches(self, args, 0)) windowOpened(urlArgument(args, 0));
    });
    patcher.method(realm.Document.prototype, 'open', (self, args) => {
      if (args.length >= 3 && reachesConversion(documentBrand, self, args, 3)) windowOpened(urlArgument(args, 0));
    });
    /**
     * Every candidate of a srcset (the browser fetches the one it picks); the actor is named once, at the
     * first candidate that needs it. The shop's own value is read only up to srcsetUrls' bound. Past it,
     * another actor's is read to its end (linear in its length): any bound there is where padding would
     * hide a pixel (40 decoy candidates, then the one the browser picks). At most 16 reports a value of
     * stranger hosts' URLs, and 16 of the shop's own: more add nothing the rules use. Counted apart, since
     * until the site profile arrives every URL needs an actor: 40 of the shop's own pictures took the whole
     * budget, and the stranger's pixel after them went unreported by the hooks (Firefox, 1 run in 6).
     */
    const pixels = (srcset: unknown): void => {
      if (typeof srcset !== 'string') return;
      let who: Attributed | undefined;
      let strangers = 0;
      let own = 0;
      for (let read = srcsetUrls(srcset); ; read = srcsetUrls(srcset, read.next, MAX_SRCSET_CANDIDATES, Infinity)) {
        for (let i = 0; i < read.urls.length; i++) {
          const url = read.urls[i]!;
          if (!site.needsActor(url)) continue;
          let stranger: boolean;
          try {
            stranger = site.originOf(resolveUrl(url)) === 'foreign';
          } catch {
            continue; // no URL: the browser fetches nothing for it
          }
          if ((stranger ? strangers : own) === MAX_SRCSET_CANDIDATES) continue;
          who ??= attribution.attribute();
          if (isPageSide(who.actor, site)) return;
          send('image', url, 'GET', 0, who);
          if (stranger) strangers++;
          else own++;
          if (strangers === MAX_SRCSET_CANDIDATES && own === MAX_SRCSET_CANDIDATES) return;
        }
        if (read.next < 0) return;
        who ??= attribution.attribute();
        if (isPageSide(who.actor, site)) return;
      }
    };
    /**
     * An attribute just set: src or srcset of an <img> or of a <source> (a <picture> fetches its srcset), src
     * of a frame or an <embed>, data of an <object>, ping of a link. A value that was not a string (an object
     * whose toString makes the URL) is read back as the element now holds it: the browser converted it, and
     * reading the attribute runs no page code.
     */
    const loaderAttribute = (element: unknown, name: string, value: unknown): void => {
      if (name === 'content' || name === 'http-equiv') return refreshed(element);
      if (name === 'action' || name === 'formaction') return destination(element, name, value);
      // A srcdoc's writer names its code, and its markup may show a stranger's page (main/stranger-load.ts); one off
      // the page, when inserted.
      if (name === 'srcdoc') {
        if (nodeName(element) === 'IFRAME' && isConnected(element))
          srcdocGiven(context, element as Element, typeof value === 'string' ? value : getAttribute(element as Element, name));
        return;
      }
      if (name !== 'src' && name !== 'srcset' && name !== 'data' && name !== 'ping') return;
      const tag = nodeName(element);
      if (name === 'ping') {
        if (tag === 'A' || tag === 'AREA') pings(typeof value === 'string' ? value : getAttribute(element as Element, name));
        return;
      }
      const nested = nestedDocument(tag, name);
      if (nested === null && ((tag !== 'IMG' && tag !== 'SOURCE') || name === 'data')) return;
      const text = typeof value === 'string' ? value : getAttribute(element as Element, name);
      if (nested !== null) {
        // A stranger's page in a frame already in the document (one off it is judged when it is inserted).
        if (!codeDocument(text, nested) && isConnected(element)) strangerPage(context, element as Element, text);
      } else if (name === 'src') pixel(text);
      else pixels(text);
    };
    const refreshed = refreshReporter(context, send);
    /**
     * A form's `action`, or a submit button's `formaction`, given a stranger's URL: judged when it is set, by
     * whoever sets it. At the submission it may be too late to name anyone: a helper's `submit` listener that
     * points the shop's form at its collector runs after Saq's (which read the shop's own action), and the
     * person's click is on the stack, not the helper.
     */
    const destination = (element: unknown, name: string, value: unknown): void => {
      const tag = nodeName(element);
      if (name === 'action' ? tag !== 'FORM' : tag !== 'BUTTON' && tag !== 'INPUT') return;
      let method = '?';
      try {
        if (tag === 'FORM') method = formMethod(element);
      } catch {
        // Not a form after all.
      }
      strangers('form', typeof value === 'string' ? value : getAttribute(element as Element, name), method);
    };
    const img = realm.HTMLImageElement.prototype;
    const source = realm.HTMLSourceElement.prototype;
    // The setters and set-methods are observed after the write, so a converted value can be read back.
    const src = (self: unknown, args: Args): void => loaderAttribute(self, 'src', args[0]);
    const srcset = (self: unknown, args: Args): void => loaderAttribute(self, 'srcset', args[0]);
    patcher.accessor(img, 'src', undefined, src);
    patcher.accessor(img, 'srcset', undefined, srcset);
    patcher.accessor(source, 'src', undefined, src);
    patcher.accessor(source, 'srcset', undefined, srcset);
    patcher.accessor(realm.HTMLIFrameElement.prototype, 'src', undefined, src);
    patcher.accessor(realm.HTMLIFrameElement.prototype, 'srcdoc', undefined, (self, args) => loaderAttribute(self, 'srcdoc', args[0]));
    patcher.accessor(realm.HTMLFrameElement.prototype, 'src', undefined, src);
    patcher.accessor(realm.HTMLEmbedElement.prototype, 'src', undefined, src);
    patcher.accessor(realm.HTMLObjectElement.prototype, 'data', undefined, (self, args) => loaderAttribute(self, 'data', args[0]));
    const ping = (self: unknown, args: Args): void => loaderAttribute(self, 'ping', args[0]);
    patcher.accessor(realm.HTMLAnchorElement.prototype, 'ping', undefined, ping);
    patcher.accessor(realm.HTMLFormElement.prototype, 'action', undefined, (self, args) => loaderAttribute(self, 'action', args[0]));
    const formaction = (self: unknown, args: Args): void => loaderAttribute(self, 'formaction', args[0]);
    patcher.accessor(realm.HTMLButtonElement.prototype, 'formAction', undefined, formaction);
    patcher.accessor(realm.HTMLInputElement.prototype, 'formAction', undefined, formaction);
    patcher.accessor(realm.HTMLAreaElement.prototype, 'ping', undefined, ping);
    const meta = realm.HTMLMetaElement.prototype;
    patcher.accessor(meta, 'content', undefined, refreshed);
    patcher.accessor(meta, 'httpEquiv', undefined, refreshed);
    hookAttributeWrites(patcher, realm, { name: loaderName, written: loaderAttribute });
    // Images, frames, objects and embeds the parser creates from markup (`el.innerHTML = '<img src=…>'`, on a
    // detached element too): their URLs as the markup gave them, each element once (the root may hold older ones).
    const fromMarkup = new SafeWeakSet<object>();
    hookMarkup(patcher, realm, HAS_LOADER, 'img,source,iframe,frame,object,embed,a[ping],area[ping],meta[http-equiv]', (elements) => {
      for (let i = 0; i < elements.length; i++) {
        const element = elements[i]!;
        if (fromMarkup.has(element)) continue;
        fromMarkup.add(element);
        const tag = nodeName(element);
        if (tag === 'META') {
          refreshed(element);
          continue;
        }
        if (tag === 'A' || tag === 'AREA') {
          pings(getAttribute(element, 'ping'));
          continue;
        }
        const attribute = addressAttribute(tag);
        const nested = nestedDocument(tag, attribute);
        if (nested !== null) {
          const address = getAttribute(element, attribute);
          // A code document (data:, blob:) is reported whether or not the element is on the page yet.
          const code = codeDocument(address, nested);
          if (isConnected(element)) {
            if (!code) strangerPage(context, element, address);
            if (tag === 'IFRAME') srcdocGiven(context, element, getAttribute(element, 'srcdoc'));
          }
          continue;
        }
        pixel(getAttribute(element, 'src'));
        pixels(getAttribute(element, 'srcset'));
      }
    });

    // Form posts: form.submit() fires no event; the user's submits and requestSubmit() fire `submit`.
    // Where it goes: a submit button's `formaction` overrides the form's action (form.submit() has no submitter).
    const post = (form: unknown, who?: Attributed, submitter: unknown = null): void => {
      try {
        const raw = submissionAction(form, submitter);
        if (wanted(raw)) send('form', raw, formMethod(form), 0, who);
      } catch {
        // Not a form.
      }
    };
    patcher.method(realm.HTMLFormElement.prototype, 'submit', (self) => post(self));
    listenLasting(
      realm,
      'submit',
      (event) => {
        const form = eventTarget(event);
        const submitter = eventSubmitter(event);
        let who: Attributed | undefined;
        try {
          if (site.needsActor(submissionAction(form, submitter))) who = attribution.attribute(true);
        } catch {
          return;
        }
        // The page's handlers run after this capture listener; one that cancels the submit posts nothing.
        if (who) after(0, () => defaultPrevented(event) || post(form, who, submitter));
      },
      { capture: true, signal: context.signal },
    );
  },
};
