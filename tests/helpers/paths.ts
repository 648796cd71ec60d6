import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/**
 * The test build (popup exposed for WebDriver BiDi); `npm run test:e2e` builds it first.
 * SAQ_TEST_BUILD_DIR moves it (one per engineer on a shared machine, so a rebuild never swaps the
 * extension under someone else's running browsers); tools/build/build.ts honours the same variable.
 */
export const TEST_BUILD_ROOT = process.env.SAQ_TEST_BUILD_DIR ? resolve(process.env.SAQ_TEST_BUILD_DIR) : resolve(ROOT, 'dist-test');
export const TEST_BUILD = { chromium: resolve(TEST_BUILD_ROOT, 'chrome'), firefox: resolve(TEST_BUILD_ROOT, 'firefox') };
export const HELPER_EXTENSION = resolve(ROOT, 'tests/helpers/helper-extension');
/** A fake helper extension delivering hostile code to the page world three ways (see its manifest). */
export const MAIN_WORLD_HELPER = resolve(ROOT, 'tests/helpers/fixtures/main-world-helper');
/** Firefox only: makes navigator.webdriver read false, as in a person's browser (see its manifest). */
export const PERSON_BROWSER = resolve(ROOT, 'tests/helpers/fixtures/person-browser');
export const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');
