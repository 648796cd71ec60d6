/**
 * Recording every request a browser makes, for the privacy test.
 *
 * - Host level, both browsers: Chromium resolves EVERY host name to the replica (a catch-all host rule, see
 *   `catchAllHostArgs`) and Firefox sends every connection through the replica's proxy, so the replica's
 *   request log (`shop.requests`) and the proxy's CONNECT log (`shop.connections`) see every host dialled,
 *   whether or not the replica serves it. A canary request to an unknown host proves it in each run.
 * - Chromium also, by CDP: the Network domain of every target (pages, the service worker, extension pages),
 *   with the initiator's stack, so a request a content script made inside a shop page is attributed.
 */
import type { Browser, CDPSession, Target } from 'puppeteer';
import type { ShopServer } from '../shop/index.ts';

/** Resolve every host to the replica (the harness's per-host rules would leave unknown hosts unresolved and unseen). */
export function catchAllHostArgs(shop: ShopServer): string[] {
  return [`--host-resolver-rules=MAP * 127.0.0.1:${shop.httpsPort}, EXCLUDE localhost`];
}

export interface CdpRequest {
  url: string;
  /** Kind of the target that made it: page, service_worker, … */
  targetType: string;
  /** URL of that target when the request was seen (an extension page, the worker script, a shop page). */
  targetUrl: string;
  /** Script URLs on the initiator's stack, and the initiator URL (a parser-inserted resource's document). */
  initiators: string[];
}

interface RequestWillBeSent {
  request: { url: string };
  initiator: { url?: string; stack?: StackTrace };
}
interface StackTrace {
  callFrames: { url: string }[];
  parent?: StackTrace;
}

function stackUrls(stack: StackTrace | undefined): string[] {
  const out: string[] = [];
  for (let s = stack; s; s = s.parent) for (const frame of s.callFrames) if (frame.url) out.push(frame.url);
  return out;
}

const RECORDED_TYPES = new Set(['page', 'service_worker', 'background_page', 'shared_worker', 'other', 'webview']);

export class CdpTrafficRecorder {
  readonly requests: CdpRequest[] = [];
  private readonly sessions: CDPSession[] = [];
  private readonly onTarget = (target: Target): void => void this.attach(target);

  private constructor(private readonly browser: Browser) {}

  static async start(browser: Browser): Promise<CdpTrafficRecorder> {
    const recorder = new CdpTrafficRecorder(browser);
    browser.on('targetcreated', recorder.onTarget);
    await Promise.all(browser.targets().map((t) => recorder.attach(t)));
    return recorder;
  }

  private async attach(target: Target): Promise<void> {
    if (!RECORDED_TYPES.has(target.type())) return;
    try {
      const session = await target.createCDPSession();
      this.sessions.push(session);
      session.on('Network.requestWillBeSent', (event: RequestWillBeSent) => {
        this.requests.push({
          url: event.request.url,
          targetType: target.type(),
          targetUrl: target.url(),
          initiators: [...(event.initiator.url ? [event.initiator.url] : []), ...stackUrls(event.initiator.stack)],
        });
      });
      session.on('Network.webSocketCreated', (event: { url: string; initiator?: { stack?: StackTrace } }) => {
        this.requests.push({
          url: event.url,
          targetType: target.type(),
          targetUrl: target.url(),
          initiators: stackUrls(event.initiator?.stack),
        });
      });
      await session.send('Network.enable');
    } catch {
      // The target went away while attaching (a closed tab, a worker stopped): nothing more to record.
    }
  }

  async stop(): Promise<void> {
    this.browser.off('targetcreated', this.onTarget);
    await Promise.all(this.sessions.map((s) => s.detach().catch(() => undefined)));
  }
}

/** Web requests only (http, https, ws, wss): extension-internal and blob/data loads never leave the browser. */
export function isNetwork(url: string): boolean {
  return /^(https?|wss?):/i.test(url);
}

export function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
