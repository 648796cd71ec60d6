// How each browser is pointed at the replica under the real host names (docs/toolchain.md):
// Chromium by host-resolver rules, Firefox by a proxy, because Firefox has no such rules.

export interface ShopEndpoints {
  httpsPort: number;
  proxyPort: number;
  hosts: readonly string[];
}

export function chromiumHostArgs(shop: ShopEndpoints): string[] {
  // Port 80 maps to the same port too: it also speaks plain HTTP (see server/listener.ts).
  const rules = shop.hosts.flatMap((host) => [`MAP ${host}:443 127.0.0.1:${shop.httpsPort}`, `MAP ${host}:80 127.0.0.1:${shop.httpsPort}`]);
  return [`--host-resolver-rules=${[...rules, 'EXCLUDE localhost'].join(', ')}`, '--ignore-certificate-errors'];
}

/** Prefs that keep Firefox's own background traffic off the proxy and out of recordings. */
const QUIET_FIREFOX: Record<string, string | number | boolean> = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.topsites': false,
  'browser.newtabpage.activity-stream.default.sites': '',
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.search.update': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.contentblocking.report.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  // An empty value means "default server"; a data: URL makes remote settings fail offline.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'identity.fxaccounts.enabled': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'network.trr.mode': 5,
};

export function firefoxProxyPrefs(shop: ShopEndpoints): Record<string, string | number | boolean> {
  return {
    ...QUIET_FIREFOX,
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': shop.proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': shop.proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    // Without this Firefox bypasses the proxy for localhost and 127.0.0.1.
    'network.proxy.allow_hijacking_localhost': true,
    // Proxy does the name resolution: the test hosts do not exist in DNS.
    'network.proxy.socks_remote_dns': true,
  };
}

/**
 * Environment for launching Firefox against the replica. Release builds ignore the
 * `services.settings.server` pref (remote settings would still call
 * firefox.settings.services.mozilla.com through the proxy) unless this variable is set.
 */
export const FIREFOX_QUIET_ENV: Readonly<Record<string, string>> = { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };
