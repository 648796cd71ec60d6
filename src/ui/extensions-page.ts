/**
 * The browser's own extensions page. Normal links cannot open chrome:// pages, but an extension page
 * may with tabs.create (Edge and Yandex Browser map chrome://extensions to their own). Firefox refuses
 * privileged about: pages in tabs.create, so there the popup tells the way instead (null here).
 * Firefox is told apart by its moz-extension:// base URL.
 */
export function extensionsPageUrl(extensionBaseUrl: string): string | null {
  return extensionBaseUrl.startsWith('moz-extension:') ? null : 'chrome://extensions';
}
