/**
 * Builds the extension for every browser: `dist/chrome/` and `dist/firefox/` (release), or with
 * `--test` `dist-test/<browser>/` (the popup exposed for WebDriver BiDi, see targets.ts). Then checks
 * the artifact: every file the manifest names exists, and content scripts are self-contained.
 */
import { resolve } from 'node:path';
import { build } from 'vite';
import { checkArtifact } from './check-artifact.ts';
import { checkFeedAnchor } from './check-feed-anchor.ts';
import { prepareTestBundle, TEST_BUNDLE_ENV } from './feed-bundle.ts';
import { TARGETS } from './targets.ts';

const root = resolve(import.meta.dirname, '../..');

export async function buildAll(options: { test: boolean; quiet?: boolean }): Promise<string[]> {
  const outDirs: string[] = [];
  const testRoot = process.env.SAQ_TEST_BUILD_DIR ? resolve(process.env.SAQ_TEST_BUILD_DIR) : resolve(root, 'dist-test');
  // Test builds trust a feed signed with throwaway keys (tools/build/test-feed.ts); releases never.
  if (options.test) process.env[TEST_BUNDLE_ENV] = await prepareTestBundle(testRoot);
  else Reflect.deleteProperty(process.env, TEST_BUNDLE_ENV);
  for (const target of TARGETS) {
    const outDir = options.test ? resolve(testRoot, target) : resolve(root, 'dist', target);
    process.env.SAQ_TARGET = target;
    process.env.SAQ_TEST_BUILD = options.test ? '1' : '0';
    process.env.SAQ_OUT_DIR = outDir;
    const started = Date.now();
    await build({ configFile: resolve(root, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'warn', root });
    const problems = [
      ...checkArtifact(outDir, { allowWebAccessible: options.test }),
      ...checkFeedAnchor(outDir, { testBuild: options.test }),
    ];
    if (problems.length > 0) throw new Error(`build for ${target} is not loadable:\n- ${problems.join('\n- ')}`);
    console.log(`built ${target} → ${outDir} (${Date.now() - started} ms)`);
    outDirs.push(outDir);
  }
  return outDirs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAll({ test: process.argv.includes('--test') }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
