/**
 * The one place content scripts touch the extension API. Both browsers expose promise-returning
 * `chrome.runtime` in MV3 content scripts, so the content bundles skip the polyfill (size budget).
 */
export function sendToBackground<Reply>(message: unknown): Promise<Reply | undefined> {
  try {
    return (chrome.runtime.sendMessage(message) as Promise<Reply>).catch(() => undefined);
  } catch {
    // The extension was reloaded or updated under this page: the old content script is orphaned.
    return Promise.resolve(undefined);
  }
}
