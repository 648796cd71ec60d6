/**
 * Requests made from the page world — fetch, XMLHttpRequest, sendBeacon, WebSocket — with the actor
 * that made them. The sensor only states the fact; the background decides from the site profile in the
 * rules whether it is a cart/order request (counted for bursts) or exfiltration to an unknown host, and
 * cross-checks it against what webRequest saw (a cart request the hooks missed bypassed the page world).
 */
import type { MainSensor, MainSensorContext } from '../main/sensor.ts';

function absolute(context: MainSensorContext, raw: unknown): string {
  try {
    const text = typeof raw === 'string' ? raw : raw instanceof Request ? raw.url : String(raw);
    return new context.natives.URL(text, context.natives.locationHref()).href;
  } catch {
    return '';
  }
}

export const pageRequestsSensor: MainSensor = {
  id: 'page-requests',
  install(context) {
    const { patcher, attribution } = context;
    const reportRequest = (channel: string, url: string, method: string, bodyLength: number): void => {
      if (context.signal.aborted || !url) return;
      const { actor } = attribution.actorFromStack(context.pageOrigin);
      context.report('page-request', actor, {
        channel,
        url: url.slice(0, 1024),
        method: method.toUpperCase().slice(0, 16),
        bodyLength,
      });
    };
    const lengthOf = (body: unknown): number =>
      typeof body === 'string' ? body.length : body instanceof Blob ? body.size : body instanceof ArrayBuffer ? body.byteLength : 0;

    patcher.wrapMethod(window, 'fetch', (_self, args) => {
      const init = (args[1] ?? {}) as RequestInit;
      const method = init.method ?? (args[0] instanceof Request ? args[0].method : 'GET');
      reportRequest('fetch', absolute(context, args[0]), method, lengthOf(init.body));
    });

    // XHR: remember method and URL at open(), report at send() when the body is known.
    const opened = new context.natives.WeakMap<object, { method: string; url: string }>();
    patcher.wrapMethod(XMLHttpRequest.prototype, 'open', (self, args) => {
      opened.set(self as object, { method: String(args[0]), url: absolute(context, args[1]) });
    });
    patcher.wrapMethod(XMLHttpRequest.prototype, 'send', (self, args) => {
      const request = opened.get(self as object);
      if (request) reportRequest('xhr', request.url, request.method, lengthOf(args[0]));
    });
    patcher.wrapMethod(Navigator.prototype, 'sendBeacon', (_self, args) => {
      reportRequest('beacon', absolute(context, args[0]), 'POST', lengthOf(args[1]));
    });
    patcher.wrapMethod(WebSocket.prototype, 'send', (self, args) => {
      reportRequest('websocket', (self as WebSocket).url, 'SEND', lengthOf(args[0]));
    });
  },
};
