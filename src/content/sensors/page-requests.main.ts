/**
 * Requests made from the page world — fetch, XMLHttpRequest, sendBeacon, WebSocket (connection and
 * messages), image pixels and form posts — with the actor that made them. An image pixel is `src` or
 * `srcset` of an <img>, or of a <source> (a <picture> fetches its srcset), however it is set: the
 * property, setAttribute(NS), or an Attr node (setAttributeNode(NS), setNamedItem(NS), `attr.value`).
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
 * Script pixels are reported by the script-insertion sensor. Not seen here: other channels (CSS images,
 * SVG `<image>`, prefetch links, navigation: webRequest shows Saq only the shop's own requests), images
 * that `document.write` or a separately parsed document creates, and an Attr changed through Node's
 * `nodeValue` or `textContent` (hooking those setters would put a check on every text update of the page).
 */
import type { Attributed } from '../main/attribution.ts';
import type { Args } from '../main/patch.ts';
import {
  attrLocalName,
  attrNamespace,
  attrOwnerElement,
  attrValue,
  dateNow,
  defaultPrevented,
  eventTarget,
  formAction,
  formMethod,
  getAttribute,
  getOwnPropertyDescriptor,
  listen,
  nodeName,
  resolveUrl,
  regExpExec,
  requestMethod,
  sliceString,
  toUpperCase,
  requestUrl,
  setTimer,
  webSocketUrl,
} from '../main/natives.ts';
import { hookMarkup } from '../main/markup.ts';
import { textInPlace } from '../main/text-argument.ts';
import { SafeMap, SafeWeakMap, SafeWeakSet } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor } from '../main/sensor.ts';
import { MAX_SRCSET_CANDIDATES, srcsetUrls } from '../main/srcset-urls.ts';

/** Only an own data property of the init object is read: a getter there would run twice. */
function own(object: unknown, key: string): unknown {
  try {
    return getOwnPropertyDescriptor(object, key)?.value;
  } catch {
    return undefined; // not an object, or a Proxy that throws
  }
}

/**
 * The quantity a cart request's text body asks for (`{"qty": 5}`, `qty=5`, `quantity`), or 0: the
 * ISOLATED quantity sensor compares it with the limit the page shows. Only string bodies are read (no
 * page code runs), with a native RegExp exec.
 */
const QUANTITY_FIELD = /(?:^|[{,&\s"'])(?:qty|quantity)["']?\s*[:=]\s*["']?(\d{1,6})/i;
function quantityIn(body: unknown): number {
  if (typeof body !== 'string') return 0;
  const match = regExpExec(QUANTITY_FIELD, sliceString(body, 0, 4096));
  return match ? +match[1]! : 0;
}

/** Markup that may create an image: an <img> or a <source> tag, in any case. */
const HAS_IMAGE = /<(?:img|source)[\s/>]/i;
/** `src` or `srcset` in any ASCII case (HTML lowercases a setAttribute name); a captured exec, never the page's toLowerCase. */
const IMAGE_ATTRIBUTE = /^src(?:set)?$/i;

/** A Request's URL (one of any realm: the captured getter's brand check), or null for anything else. */
function requestUrlOf(value: unknown): string | null {
  try {
    return requestUrl(value);
  } catch {
    return null;
  }
}

function sizeOf(body: unknown): number {
  return typeof body === 'string'
    ? body.length
    : body instanceof Blob
      ? body.size
      : ArrayBuffer.isView(body) || body instanceof ArrayBuffer
        ? body.byteLength
        : 0;
}

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

    /** Reports a request `wanted` already let through. */
    function send(via: string, raw: string, method: unknown, bytes = 0, who?: Attributed, body?: unknown): void {
      let url: string;
      try {
        url = resolveUrl(raw);
      } catch {
        return;
      }
      const attributed = who ?? attribution.attribute();
      const read = context.secretReads.get(actorKey(attributed.actor));
      const qty = quantityIn(body);
      context.report('page-request', attributed, {
        via,
        url,
        method: sliceString(toUpperCase(typeof method === 'string' ? method : 'GET'), 0, 16),
        bytes,
        sensitiveReadMsAgo: read === undefined || isPageSide(attributed.actor, site) ? -1 : dateNow() - read,
        ...(qty > 0 ? { qty } : {}),
      });
    }

    /**
     * The URL argument `index` of a request call, as the request will use it: a Request (of any realm) gives
     * its own URL; any other object — a URL, or one whose toString names the endpoint — is turned into text in
     * place (main/text-argument.ts), so the URL judged is the one the request goes to, not a URL object's
     * `href`, a getter the page can rewrite.
     */
    function urlArgument(args: Args, index: number, requestAllowed = false): unknown {
      const input = args[index];
      if ((typeof input !== 'object' || input === null) && typeof input !== 'function') return input;
      return textInPlace(args, index, requestAllowed ? requestUrlOf : undefined) ?? '';
    }

    patcher.method(realm, 'fetch', (_self, args) => {
      const input = args[0];
      const raw = urlArgument(args, 0, true);
      if (!wanted(raw)) return;
      const init = args[1];
      let method = own(init, 'method');
      if (method === undefined)
        try {
          method = requestMethod(input);
        } catch {
          method = 'GET'; // not a Request
        }
      const body = own(init, 'body');
      send('fetch', raw, method, sizeOf(body), undefined, body);
    });

    // XHR: remember method and URL at open(), report at send() when the body is known.
    const opened = new SafeWeakMap<object, Args>();
    const xhr = realm.XMLHttpRequest.prototype;
    patcher.method(xhr, 'open', (self, args) => {
      urlArgument(args, 1);
      opened.set(self as object, args);
    });
    patcher.method(xhr, 'send', (self, args) => {
      const open = opened.get(self as object);
      const raw = open && open[1];
      if (wanted(raw)) send('xhr', raw, open![0], sizeOf(args[0]), undefined, args[0]);
    });
    const sendIfWanted = (via: string, raw: unknown, method: string, bytes = 0): void => {
      if (wanted(raw)) send(via, raw, method, bytes);
    };
    patcher.method(realm.Navigator.prototype, 'sendBeacon', (_self, args) =>
      sendIfWanted('beacon', urlArgument(args, 0), 'POST', sizeOf(args[1])),
    );
    patcher.constructor(realm, 'WebSocket', (args) => sendIfWanted('websocket', urlArgument(args, 0), 'GET'), [
      realm.WebSocket.prototype,
      'constructor',
    ]);
    patcher.method(realm.WebSocket.prototype, 'send', (self, args) =>
      sendIfWanted('websocket', webSocketUrl(self), 'SEND', sizeOf(args[0])),
    );

    // Image pixels: only other actors' images count (the shop shows its own pictures from anywhere).
    const pixel = (raw: unknown): void => {
      if (typeof raw !== 'string' || !site.needsActor(raw)) return;
      const who = attribution.attribute();
      if (!isPageSide(who.actor, site)) send('image', raw, 'GET', 0, who);
    };
    /**
     * Every candidate of a srcset (the browser fetches the one it picks); the actor is named once, at the
     * first candidate that needs it. The shop's own value is read only up to srcsetUrls' bound. Past it,
     * another actor's is read to its end (linear in its length): any bound there is where padding would
     * hide a pixel (40 decoy candidates, then the one the browser picks). At most 16 reports a value:
     * more add nothing the rules use.
     */
    const pixels = (srcset: unknown): void => {
      if (typeof srcset !== 'string') return;
      let who: Attributed | undefined;
      let reports = 0;
      for (let read = srcsetUrls(srcset); ; read = srcsetUrls(srcset, read.next, MAX_SRCSET_CANDIDATES, Infinity)) {
        for (let i = 0; i < read.urls.length; i++) {
          if (!site.needsActor(read.urls[i]!)) continue;
          who ??= attribution.attribute();
          if (isPageSide(who.actor, site)) return;
          send('image', read.urls[i]!, 'GET', 0, who);
          if (++reports === MAX_SRCSET_CANDIDATES) return;
        }
        if (read.next < 0) return;
        who ??= attribution.attribute();
        if (isPageSide(who.actor, site)) return;
      }
    };
    /**
     * An attribute just set: src or srcset of an <img> or of a <source> (a <picture> fetches its srcset). A
     * value that was not a string (an object whose toString makes the URL) is read back as the element now
     * holds it: the browser converted it, and reading the attribute runs no page code.
     */
    const imageAttribute = (element: unknown, name: string, value: unknown): void => {
      if (name !== 'src' && name !== 'srcset') return;
      const tag = nodeName(element);
      if (tag !== 'IMG' && tag !== 'SOURCE') return;
      const text = typeof value === 'string' ? value : getAttribute(element as Element, name);
      if (name === 'src') pixel(text);
      else pixels(text);
    };
    /** An Attr just attached or changed (after the call): a loose one fetches nothing, and is seen when attached. */
    const attrSet = (attr: unknown): void => {
      const owner = attrOwnerElement(attr);
      if (owner !== null && attrNamespace(attr) === null) imageAttribute(owner, attrLocalName(attr), attrValue(attr));
    };
    const img = realm.HTMLImageElement.prototype;
    const source = realm.HTMLSourceElement.prototype;
    const element = realm.Element.prototype;
    const attributes = realm.NamedNodeMap.prototype;
    // The setters and set-methods are observed after the write, so a converted value can be read back.
    const src = (self: unknown, args: Args): void => imageAttribute(self, 'src', args[0]);
    const srcset = (self: unknown, args: Args): void => imageAttribute(self, 'srcset', args[0]);
    patcher.accessor(img, 'src', undefined, src);
    patcher.accessor(img, 'srcset', undefined, srcset);
    patcher.accessor(source, 'src', undefined, src);
    patcher.accessor(source, 'srcset', undefined, srcset);
    // Arguments are read by index (destructuring would call the array iterator, which page code can replace).
    // setAttribute runs for every attribute a page sets: the name's length rules out nearly all at once.
    patcher.method(element, 'setAttribute', undefined, (self, args) => {
      const name = args[0];
      if (typeof name === 'string' && (name.length === 3 || name.length === 6) && regExpExec(IMAGE_ATTRIBUTE, name))
        imageAttribute(self, name.length === 3 ? 'src' : 'srcset', args[1]);
    });
    // An image reads its src/srcset in no namespace only (null, undefined and '' all mean none); no case folding here.
    patcher.method(element, 'setAttributeNS', undefined, (self, args) => {
      const namespace = args[0];
      if ((namespace === null || namespace === undefined || namespace === '') && typeof args[1] === 'string')
        imageAttribute(self, args[1], args[2]);
    });
    patcher.method(element, 'setAttributeNode', undefined, (_self, args) => attrSet(args[0]));
    patcher.method(element, 'setAttributeNodeNS', undefined, (_self, args) => attrSet(args[0]));
    patcher.method(attributes, 'setNamedItem', undefined, (_self, args) => attrSet(args[0]));
    patcher.method(attributes, 'setNamedItemNS', undefined, (_self, args) => attrSet(args[0]));
    patcher.accessor(realm.Attr.prototype, 'value', undefined, (self) => attrSet(self));
    // Images the parser creates from markup (`el.innerHTML = '<img src=…>'`, on a detached element too):
    // their src and srcset as the markup gave them, each element once (the root may hold older ones).
    const fromMarkup = new SafeWeakSet<object>();
    hookMarkup(patcher, realm, HAS_IMAGE, 'img,source', (images) => {
      for (let i = 0; i < images.length; i++) {
        const image = images[i]!;
        if (fromMarkup.has(image)) continue;
        fromMarkup.add(image);
        pixel(getAttribute(image, 'src'));
        pixels(getAttribute(image, 'srcset'));
      }
    });

    // Form posts: form.submit() fires no event; the user's submits and requestSubmit() fire `submit`.
    const post = (form: unknown, who?: Attributed): void => {
      try {
        const raw = formAction(form);
        if (wanted(raw)) send('form', raw, formMethod(form), 0, who);
      } catch {
        // Not a form.
      }
    };
    patcher.method(realm.HTMLFormElement.prototype, 'submit', (self) => post(self));
    listen(
      realm,
      'submit',
      (event) => {
        const form = eventTarget(event);
        let who: Attributed | undefined;
        try {
          if (site.needsActor(formAction(form))) who = attribution.attribute();
        } catch {
          return;
        }
        // The page's handlers run after this capture listener; one that cancels the submit posts nothing.
        if (who) setTimer(() => defaultPrevented(event) || post(form, who), 0);
      },
      { capture: true, signal: context.signal },
    );
  },
};
