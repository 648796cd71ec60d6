/**
 * The opt-in extension inventory, as pure functions: which installed extensions can reach the shop
 * (their host permissions — in Chromium also their content-script matches — cover a shop host), and
 * one `extension-inventory` finding per such extension for the rules to judge (sideloaded or unpacked,
 * ids the rules name). The browser's `management.getAll()` list comes in; nothing goes out.
 *
 * Browser differences: Firefox reports `hostPermissions` only for enabled add-ons and only the origins
 * actually granted (an MV3 add-on's hosts can be revoked); its `installType` is `development` for a
 * temporary add-on and `sideload` for one another program dropped into the profile.
 */
import type { Finding } from '../shared/findings.ts';

export const INSTALL_TYPES = ['normal', 'development', 'sideload', 'admin', 'other'] as const;
export type InstallType = (typeof INSTALL_TYPES)[number];

/** The part of `management.ExtensionInfo` the inventory reads. */
export interface InstalledExtension {
  id: string;
  name: string;
  type?: string;
  enabled: boolean;
  installType?: string;
  hostPermissions?: string[];
}

/** Does a match pattern (`<all_urls>`, `*://*.kz/*`, `https://kazcoins.nationalbank.kz/ru/*`) reach a shop host? */
export function patternCoversHost(pattern: string, host: string): boolean {
  if (pattern === '<all_urls>') return true;
  const match = /^(\*|https?|wss?):\/\/([^/]+)\//.exec(pattern);
  if (!match) return false;
  const [, scheme, hostPart] = match;
  if (scheme !== '*' && scheme !== 'https' && scheme !== 'wss') return false;
  const patternHost = hostPart!.replace(/:\d+$/, '').toLowerCase();
  if (patternHost === '*') return true;
  if (patternHost.startsWith('*.')) {
    const suffix = patternHost.slice(2);
    return host === suffix || host.endsWith(`.${suffix}`);
  }
  return patternHost === host;
}

export function canReachShop(extension: InstalledExtension, shopHosts: readonly string[]): boolean {
  return (extension.hostPermissions ?? []).some((pattern) => shopHosts.some((host) => patternCoversHost(pattern, host)));
}

function installTypeOf(extension: InstalledExtension): InstallType {
  return (INSTALL_TYPES as readonly string[]).includes(extension.installType ?? '') ? (extension.installType as InstallType) : 'other';
}

/**
 * One finding per installed extension (themes and Saq itself excepted). The caller keeps those that
 * can reach the shop or that a rule names; the rules decide which deserve a word to the person.
 */
export function inventoryFindings(
  extensions: readonly InstalledExtension[],
  selfId: string,
  shopHosts: readonly string[],
  at: number,
): Finding[] {
  return extensions
    .filter((extension) => extension.id !== selfId && (extension.type ?? 'extension') === 'extension')
    .map((extension) => ({
      kind: 'extension-inventory',
      actor: { type: 'extension', extensionId: extension.id.slice(0, 128) },
      evidence: {
        id: extension.id.slice(0, 128),
        name: extension.name.slice(0, 200),
        installType: installTypeOf(extension),
        shopAccess: canReachShop(extension, shopHosts),
        enabled: extension.enabled,
      },
      at,
    }));
}
