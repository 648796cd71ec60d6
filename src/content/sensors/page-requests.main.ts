/**
 * Requests made from the page world — fetch, XMLHttpRequest, sendBeacon, WebSocket (connection and
 * messages), image pixels (`new Image().src`, `img.src`, `setAttribute('src')`) and form posts — with
 * the actor that made them. The sensor only states the fact; the background decides from the site
 * profile whether it is a cart/order request (counted for bursts) or exfiltration, and cross-checks
 * cart requests against webRequest. Requests the shop makes to itself that cannot be cart or order
 * calls, and requests to its trusted providers, are not reported (no stack capture on that hot path)
 * unless the same URL comes back a third time within 10 s: a poller's, whose author the background's
 * polling-loop check needs (sampled: at most one in 200 ms per URL).
 *
 * `sensitiveReadMsAgo`: how long ago the same actor read cookies, storage or a secret field in this
 * document (-1: never) — the rules call a foreign send soon after such a read critical.
 * Script pixels are reported by the script-insertion sensor. Other channels (CSS images, prefetch
 * links, navigation) are left to the background's webRequest observer.
 */
import type { Attributed } from '../main/attribution.ts';
import type { Args } from '../main/patch.ts';
import {
  dateNow,
  defaultPrevented,
  eventTarget,
  formAction,
  formMethod,
  getOwnPropertyDescriptor,
  listen,
  NativeURL,
  pageHref,
  regExpExec,
  requestMethod,
  requestUrl,
  setTimer,
  webSocketUrl,
} from '../main/natives.ts';
import { SafeMap, SafeWeakMap } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor } from '../main/sensor.ts';

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
  const match = regExpExec(QUANTITY_FIELD, body.slice(0, 4096));
  return match ? Number(match[1]) : 0;
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
        url = new NativeURL(raw, pageHref()).href;
      } catch {
        return;
      }
      const attributed = who ?? attribution.attribute();
      const read = context.secretReads.get(actorKey(attributed.actor));
      const qty = quantityIn(body);
      context.report('page-request', attributed, {
        via,
        url,
        method: String(method).toUpperCase().slice(0, 16),
        bytes,
        sensitiveReadMsAgo: read === undefined || isPageSide(attributed.actor, site) ? -1 : dateNow() - read,
        ...(qty > 0 ? { qty } : {}),
      });
    }

    /** The URL of a fetch or beacon argument, read without running page code (a string, Request or URL). */
    function urlOf(input: unknown): unknown {
      if (typeof input === 'string') return input;
      try {
        return input instanceof realm.Request ? requestUrl(input) : input instanceof realm.URL ? input.href : input;
      } catch {
        return ''; // an object from another realm: the request still happens; only its URL is lost
      }
    }

    patcher.method(realm, 'fetch', (_self, args) => {
      const input = args[0];
      const raw = urlOf(input);
      if (!wanted(raw)) return;
      const init = args[1];
      const method = own(init, 'method') ?? (input instanceof realm.Request ? requestMethod(input) : 'GET');
      const body = own(init, 'body');
      send('fetch', raw, method, sizeOf(body), undefined, body);
    });

    // XHR: remember method and URL at open(), report at send() when the body is known.
    const opened = new SafeWeakMap<object, Args>();
    const xhr = realm.XMLHttpRequest.prototype;
    patcher.method(xhr, 'open', (self, args) => opened.set(self as object, args));
    patcher.method(xhr, 'send', (self, args) => {
      const open = opened.get(self as object);
      const raw = open && urlOf(open[1]);
      if (wanted(raw)) send('xhr', raw, open![0], sizeOf(args[0]), undefined, args[0]);
    });
    const sendIfWanted = (via: string, raw: unknown, method: string, bytes = 0): void => {
      if (wanted(raw)) send(via, raw, method, bytes);
    };
    patcher.method(realm.Navigator.prototype, 'sendBeacon', (_self, args) =>
      sendIfWanted('beacon', urlOf(args[0]), 'POST', sizeOf(args[1])),
    );
    patcher.constructor(realm, 'WebSocket', (args) => sendIfWanted('websocket', urlOf(args[0]), 'GET'), [
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
    const image = realm.HTMLImageElement;
    patcher.accessor(image.prototype, 'src', undefined, (_self, args) => pixel(args[0]));
    patcher.method(realm.Element.prototype, 'setAttribute', (self, [name, value]) => {
      if (self instanceof image && typeof name === 'string' && name.toLowerCase() === 'src') pixel(value);
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
