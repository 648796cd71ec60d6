/**
 * The release build trusts the committed production root and nothing else: a real release build of
 * the Chrome target (into a temporary directory) embeds rules/bundle/root.json and no trace of the
 * throwaway test feed (its root, its feed id, the test-only mirror override). The checker that
 * tools/build/build.ts runs on every build is itself tested on hand-made artifacts.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { TEST_FEED_ID, TEST_MIRRORS_KEY } from '../../../src/background/feed-config.ts';
import { checkFeedAnchor, payloadOf } from '../../../tools/build/check-feed-anchor.ts';
import { feedBundleDir, RELEASE_BUNDLE_DIR, TEST_BUNDLE_ENV } from '../../../tools/build/feed-bundle.ts';
import { testRootPayloadBase64 } from '../../../tools/build/test-feed.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'saq-anchor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function allScripts(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allScripts(path) : path.endsWith('.js') ? readFileSync(path, 'utf8') : ''))
    .join('\n');
}

describe('the feed trust anchor in builds', () => {
  it('a release build embeds the committed production root and nothing of the test feed', { timeout: 180_000 }, async () => {
    const out = join(work, 'release-chrome');
    const saved = { ...process.env };
    try {
      // Even with a test bundle offered in the environment, a release build must not take it.
      Object.assign(process.env, { SAQ_TARGET: 'chrome', SAQ_TEST_BUILD: '0', SAQ_OUT_DIR: out, [TEST_BUNDLE_ENV]: join(work, 'nowhere') });
      await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, logLevel: 'silent' });
    } finally {
      for (const key of ['SAQ_TARGET', 'SAQ_TEST_BUILD', 'SAQ_OUT_DIR', TEST_BUNDLE_ENV]) {
        if (saved[key] === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = saved[key];
      }
    }
    expect(checkFeedAnchor(out, { testBuild: false })).toEqual([]);
    const code = allScripts(out);
    const latestRoot = readdirSync(join(ROOT, 'rules/root'))
      .filter((n) => n.endsWith('.root.json'))
      .sort((a, b) => parseInt(a) - parseInt(b))
      .at(-1)!;
    expect(code).toContain(payloadOf(readFileSync(join(ROOT, 'rules/root', latestRoot), 'utf8')));
    expect(code).not.toContain(testRootPayloadBase64());
    expect(code).not.toContain(TEST_FEED_ID);
    expect(code).not.toContain(TEST_MIRRORS_KEY);
  });

  it('the bundle directory of a release is rules/bundle whatever the environment says', () => {
    process.env[TEST_BUNDLE_ENV] = '/tmp/elsewhere';
    try {
      expect(feedBundleDir(false)).toBe(RELEASE_BUNDLE_DIR);
      expect(feedBundleDir(true)).toBe('/tmp/elsewhere');
    } finally {
      Reflect.deleteProperty(process.env, TEST_BUNDLE_ENV);
    }
    expect(feedBundleDir(true)).toBe(RELEASE_BUNDLE_DIR);
  });

  it('the build check refuses a release that embeds the test root, and a test build that lacks it', () => {
    const dir = join(work, 'fake');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    const production = payloadOf(readFileSync(join(RELEASE_BUNDLE_DIR, 'root.json'), 'utf8'));
    writeFileSync(join(dir, 'assets', 'bg.js'), `const a="${production}";`);
    expect(checkFeedAnchor(dir, { testBuild: false })).toEqual([]);
    expect(checkFeedAnchor(dir, { testBuild: true })).toEqual([expect.stringContaining('does not embed the test feed root')]);
    writeFileSync(join(dir, 'assets', 'x.js'), `const b="${testRootPayloadBase64()}",k="${TEST_MIRRORS_KEY}";`);
    expect(checkFeedAnchor(dir, { testBuild: false })).toEqual([
      expect.stringContaining('THROWAWAY TEST feed root'),
      expect.stringContaining('test-only mirror override key'),
    ]);
    writeFileSync(join(dir, 'assets', 'bg.js'), '');
    expect(checkFeedAnchor(dir, { testBuild: false })[0]).toContain('does not embed the committed production root');
  });
});
