/**
 * The browser's own extensions page. Normal links cannot open chrome:// or about: pages, but an
 * extension page may with tabs.create. Firefox is told apart by its moz-extension:// base URL.
 */
export function extensionsPageUrl(extensionBaseUrl: string): string {
  return extensionBaseUrl.startsWith('moz-extension:') ? 'about:addons' : 'chrome://extensions';
}
