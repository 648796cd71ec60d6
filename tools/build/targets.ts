/**
 * The one place browser differences live: derives each browser's manifest from manifest.json.
 * Chrome wants `background.service_worker`; Firefox wants `background.scripts` (an event page), a gecko
 * id, a minimum version and, for new add-ons since November 2025, `data_collection_permissions`.
 */
import manifestSource from '../../manifest.json' with { type: 'json' };

export type Target = 'chrome' | 'firefox';
export const TARGETS: readonly Target[] = ['chrome', 'firefox'];

export const GECKO_ID = 'saq@saq-extension.org';
/**
 * MAIN-world content scripts: Chrome 111, Firefox 128. Ed25519 in WebCrypto: Chrome 137 (noble fallback
 * below that), Firefox 129. `data_collection_permissions` (required of new add-ons): Firefox 140, Android 142.
 */
export const MIN_CHROME = '111';
export const MIN_FIREFOX = '140.0';
export const MIN_FIREFOX_ANDROID = '142.0';

type Manifest = typeof manifestSource & Record<string, unknown>;

export interface TargetOptions {
  /**
   * Test builds only: expose the popup as a web-accessible page, because WebDriver BiDi cannot open a
   * moz-extension:// page directly (see docs/testing.md). A manifest test proves release builds expose nothing.
   */
  exposePopupForTests?: boolean;
  /**
   * Test builds only, Chrome only: grant the optional permissions (`management`, the opt-in extension
   * inventory) at install, because a headless browser cannot answer Chrome's permission prompt. The
   * inventory still runs only after the person opts in; Firefox tests take the real optional path.
   */
  grantOptionalPermissionsForTests?: boolean;
}

export function manifestFor(target: Target, options: TargetOptions = {}): Manifest {
  const manifest = structuredClone(manifestSource) as Manifest;
  if (target === 'chrome') {
    manifest.minimum_chrome_version = MIN_CHROME;
  } else {
    manifest.background = { scripts: [manifestSource.background.service_worker], type: 'module' } as never;
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: MIN_FIREFOX,
        // Saq collects nothing: the only request it makes is the rules-feed download.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: MIN_FIREFOX_ANDROID },
    };
  }
  if (options.grantOptionalPermissionsForTests && target === 'chrome') {
    manifest.permissions = [...manifest.permissions, ...manifest.optional_permissions];
    delete (manifest as Partial<Manifest>).optional_permissions;
  }
  if (options.exposePopupForTests) {
    manifest.web_accessible_resources = [{ resources: ['src/popup/index.html', 'src/options/index.html'], matches: ['<all_urls>'] }];
  }
  return manifest;
}
