/**
 * The sensing floor (bench/fixtures/sensing-floor), a side of the page-cost and hook benches: Saq's content-script
 * layout with a forwarding wrapper at each place Saq's MAIN world hooks and most of the listeners and observers of its
 * two worlds, each doing nothing but count (docs/performance.md, "The sensing floor, stop 61").
 */
import { resolve } from 'node:path';
import type { SaqBrowser } from '../../tests/helpers/harness.ts';
import { measuredTab } from './browsers.ts';
import { PRODUCT_PATH } from './pages.ts';

export const SENSING_FLOOR_EXTENSION = resolve(import.meta.dirname, '..', 'fixtures', 'sensing-floor');
/** Fewer installs than this on the product page: the fixture no longer matches Saq (Chromium 150: 150, Firefox 140: 145). */
const MIN_INSTALLS = 140;

/**
 * Checks that a browser with the sensing floor has it working on the product page: at least MIN_INSTALLS hooks
 * installed, and its private event type taken by its ISOLATED world (its listeners and observers are not checked).
 * A floor that quietly did less would make every figure beside it wrong.
 */
export async function checkSensingFloor(browser: SaqBrowser): Promise<void> {
  const tab = await measuredTab(browser);
  try {
    await tab.goto(new URL(PRODUCT_PATH, 'https://kazcoins.nationalbank.kz').href);
    const state = await tab.read<{ installs: number; channelOpen: boolean } | null>(
      'typeof window.__sensingFloor === "function" ? window.__sensingFloor() : null',
    );
    if (!state) throw new Error('sensing floor: its MAIN-world script did not run on the product page');
    if (state.installs < MIN_INSTALLS)
      throw new Error(`sensing floor: ${state.installs} hooks installed, expected at least ${MIN_INSTALLS}`);
    if (!state.channelOpen) throw new Error('sensing floor: its ISOLATED world never took the private event type');
  } finally {
    await tab.close();
  }
}
