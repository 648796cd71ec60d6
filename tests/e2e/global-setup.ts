/**
 * Runs once before the end-to-end suite: fails early, with instructions, if a browser or the test
 * build is missing — the suite never skips silently.
 */
import { existsSync } from 'node:fs';
import { browserPath } from '../helpers/find-browsers.ts';
import { TEST_BUILD } from '../helpers/paths.ts';

export default function setup(): void {
  browserPath('chromium');
  browserPath('firefox');
  for (const dir of Object.values(TEST_BUILD)) {
    if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run test:e2e\`, which builds the test extension first.`);
  }
}
