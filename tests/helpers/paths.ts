import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The test build (popup exposed for WebDriver BiDi); `npm run test:e2e` builds it first. */
export const TEST_BUILD = { chromium: resolve(ROOT, 'dist-test/chrome'), firefox: resolve(ROOT, 'dist-test/firefox') };
export const HELPER_EXTENSION = resolve(ROOT, 'tests/helpers/helper-extension');
export const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');
