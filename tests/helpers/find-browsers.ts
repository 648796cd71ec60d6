/**
 * Where the test browsers are. Never skips: a missing browser fails the run with the way to get one.
 */
import { existsSync } from 'node:fs';

export type BrowserName = 'chromium' | 'firefox';

const CANDIDATES: Record<BrowserName, string[]> = {
  chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'],
  firefox: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
};

const ENV: Record<BrowserName, string> = { chromium: 'SAQ_CHROMIUM', firefox: 'SAQ_FIREFOX' };

export function browserPath(name: BrowserName): string {
  const fromEnv = process.env[ENV[name]];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${ENV[name]}=${fromEnv}, but no such file exists.`);
    return fromEnv;
  }
  const found = CANDIDATES[name].find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `No ${name} found (looked in ${CANDIDATES[name].join(', ')}). ` +
      `Install it with \`sudo apt-get install -y ${name === 'chromium' ? 'chromium' : 'firefox-esr'}\` ` +
      `or point ${ENV[name]} at the executable. (Branded Google Chrome ignores --load-extension; use Chromium or Chrome for Testing.)`,
  );
}
