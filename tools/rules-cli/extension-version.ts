/**
 * The version of the extension this checkout builds: manifest.json's `version`, which the build copies
 * unchanged into each browser's manifest (tools/build/targets.ts) and the extension reads back as the
 * client version it holds a feed's `min_client` against (src/background/feed-browser.ts). The CLI checks
 * rules as that client would: rules needing a newer extension than this one would be refused by every
 * installed client (CLIENT_TOO_OLD), so they are refused before they are signed or published.
 */
import manifest from '../../manifest.json' with { type: 'json' };

export const EXTENSION_VERSION: string = manifest.version;
