/**
 * The one place content scripts touch the extension API. Both browsers expose promise-returning
 * `chrome.runtime` in MV3 content scripts, so the content bundles skip the polyfill (size budget).
 *
 * A message sent while the background is still starting (the browser just opened, Saq was just
 * installed or updated, Firefox's event page is loading) is refused with "Receiving end does not
 * exist". The first shop page would then get no profile and lose its findings, so a refused message is
 * sent again a few times, a little later each time — for ~8 s in all: a service worker restarted on a loaded
 * machine took longer than the ~4 s the first five retries cover (a CI run lost a finding sent as the
 * worker was stopped).
 */
import { after } from '../timer.ts';

export const RETRY_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 4_000];

/**
 * False once the extension was reloaded, updated or removed under this page: an orphaned content script
 * must never deliver its old page's messages to the new background (the tab would look watched).
 */
function alive(): boolean {
  try {
    return typeof chrome.runtime?.id === 'string';
  } catch {
    return false;
  }
}

function send<Reply>(message: unknown, attempt: number): Promise<Reply | undefined> {
  let sent: Promise<Reply>;
  try {
    sent = chrome.runtime.sendMessage(message) as Promise<Reply>;
  } catch {
    // The extension was reloaded or updated under this page: the old content script is orphaned.
    return Promise.resolve(undefined);
  }
  return sent.catch(() => {
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined || !alive()) return undefined;
    return new Promise<Reply | undefined>((resolve) =>
      after(delay, () => resolve(alive() ? send<Reply>(message, attempt + 1) : undefined)),
    );
  });
}

/**
 * A page Chrome prerenders (the shop's speculation rules, the address bar guessing where the person is going)
 * runs its scripts — a helper's, and Saq's — before it is shown, in a frame whose id is not 0. Its hello then
 * started no page, and its findings landed on the page the tab still showed, as that page's own (and, once
 * shown, it never said hello again). So its messages wait until it is shown (`prerenderingchange`), then
 * leave in the order they were sent: the hello first, from the tab's top frame.
 */
const shown: Promise<void> | null =
  typeof document !== 'undefined' && (document as Document & { prerendering?: boolean }).prerendering === true
    ? new Promise((resolve) => document.addEventListener('prerenderingchange', () => resolve(), { once: true }))
    : null;

export function sendToBackground<Reply>(message: unknown): Promise<Reply | undefined> {
  return shown ? shown.then(() => send<Reply>(message, 0)) : send<Reply>(message, 0);
}

/**
 * Does this engine time a beacon as `initiatorType: 'other'`? Gecko does (checked in Firefox 153, from the page and
 * from another extension's content script), so there an `other` entry may carry a body; Chromium names beacons
 * `beacon`. Told by the extension's own URL scheme, which the page cannot touch; when the API is gone (an orphaned
 * script), the cautious answer.
 */
export function beaconsTimedAsOther(): boolean {
  try {
    return !chrome.runtime.getURL('').startsWith('chrome-extension:');
  } catch {
    return true;
  }
}
