/**
 * Which signed baseline a build embeds (the `saq-feed-bundle` import alias in vite.config.ts):
 * rules/bundle/ for a release — always, whatever the environment says — and, for a test build,
 * a bundle written at build time from the current rule sources with the throwaway test keys.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assembleRuleSet } from '../../src/shared/rules/assemble.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { writeTestBundle } from './test-feed.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const RELEASE_BUNDLE_DIR = resolve(ROOT, 'rules/bundle');
/** Set by build.ts for test builds only. */
export const TEST_BUNDLE_ENV = 'SAQ_TEST_FEED_BUNDLE_DIR';

/**
 * A test build made by build.ts gets the throwaway-key bundle; any other build — a release, or a
 * test-flavoured build made elsewhere (the benchmarks' probe build) — the committed production one,
 * which is always safe to embed.
 */
export function feedBundleDir(testBuild: boolean): string {
  const dir = process.env[TEST_BUNDLE_ENV];
  return testBuild && dir ? dir : RELEASE_BUNDLE_DIR;
}

/** The body rules/src assembles to right now (what rules/assemble.ts writes to baseline.json). */
export function assembledSources(): JsonObject {
  const dir = resolve(ROOT, 'rules/src');
  const files: Record<string, unknown> = {};
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    files[name] = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  }
  return assembleRuleSet(files) as JsonObject;
}

export async function prepareTestBundle(testRoot: string): Promise<string> {
  const dir = resolve(testRoot, 'feed-bundle');
  await writeTestBundle(dir, assembledSources());
  return dir;
}
