/**
 * The one shape of a `page-request` finding, for every sensor that sees the page send something (the
 * request hooks, WebRTC peers): where to, how, how many bytes, whether the same actor read a secret
 * shortly before, and — for the ISOLATED world's checks only — the quantity a cart body asks for and the
 * start of a body bound for a stranger.
 */
import type { Attributed } from './attribution.ts';
import { dateNow, regExpExec, resolveUrl, sliceString, toUpperCase } from './natives.ts';
import { TEXT_LIMIT } from './request-body.ts';
import { actorKey, isPageSide, type MainSensorContext } from './sensor.ts';
import { MAX_STRING } from '../../shared/page-protocol.ts';

/**
 * The quantity a cart request's body asks for (`{"qty": 5}`, `qty=5`, `quantity`, a multipart form's
 * `name="qty"` part), or 0: the ISOLATED quantity sensor compares it with the limit the page shows. The
 * body's text as main/request-body.ts read it, matched with a native RegExp exec.
 */
const QUANTITY_FIELD = /(?:^|[{,&\s"'])(?:qty|quantity)["']?(?:\s*[:=]|\r\n\r\n)\s*["']?(\d{1,6})/i;
function quantityIn(text: string): number {
  const match = regExpExec(QUANTITY_FIELD, sliceString(text, 0, TEXT_LIMIT));
  return match ? +match[1]! : 0;
}

/**
 * Reports a request to `raw` (resolved against the page's URL; one that does not parse is no request).
 * `who`: the actor when it was named earlier (default: the caller on the stack now); `text`: the start of
 * the body; `at`: when the page made the request, for a report that waited for its body to be read.
 */
export type RequestReport = (
  via: string,
  raw: string,
  method: unknown,
  bytes: number,
  who?: Attributed,
  text?: string,
  at?: number,
) => void;

export function requestReporter(context: MainSensorContext): RequestReport {
  const { attribution, site } = context;
  return (via, raw, method, bytes, who, text = '', at = dateNow()) => {
    let url: string;
    try {
      url = resolveUrl(raw);
    } catch {
      return;
    }
    const attributed = who ?? attribution.attribute();
    const read = context.secretReads.get(actorKey(attributed.actor));
    const qty = quantityIn(text);
    // A stranger-bound body's start, for the ISOLATED world's secrets check only (it never leaves the page).
    const bodyStart = text !== '' && site.originOf(url) === 'foreign' ? sliceString(text, 0, MAX_STRING) : '';
    context.report(
      'page-request',
      attributed,
      {
        via,
        url,
        method: sliceString(toUpperCase(typeof method === 'string' ? method : 'GET'), 0, 16),
        bytes,
        sensitiveReadMsAgo: read === undefined || read > at || isPageSide(attributed.actor, site) ? -1 : at - read,
        ...(qty > 0 ? { qty } : {}),
        ...(bodyStart !== '' ? { bodyStart } : {}),
      },
      undefined,
      at,
    );
  };
}

/**
 * Reports a load or navigation to `raw` that only other actors' calls count for: the shop shows its own
 * pictures and opens its partners' pages from anywhere. Whether it reported. `method`: GET unless given (a form's).
 */
export type StrangerReport = (via: 'image' | 'window' | 'ping' | 'navigation' | 'form', raw: unknown, method?: string) => boolean;

export function strangerReporter(context: MainSensorContext, send: RequestReport = requestReporter(context)): StrangerReport {
  const { attribution, site } = context;
  return (via, raw, method = 'GET') => {
    if (typeof raw !== 'string' || raw === '' || !site.needsActor(raw)) return false;
    const who = attribution.attribute();
    if (isPageSide(who.actor, site)) return false;
    send(via, raw, method, 0, who);
    return true;
  };
}
