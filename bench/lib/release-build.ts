/**
 * The builds a benchmark measures, made into one temporary directory per run from the working tree:
 * the release Chrome and Firefox targets (what people install), and a copy of the Firefox release whose
 * manifest alone also lists the popup as web-accessible, because Firefox under WebDriver BiDi can read
 * the badge only from a page it can navigate to (see tools/build/targets.ts). Every script in that copy
 * is the release one byte for byte (a test build would also trust the test feed, not the real one).
 * Nothing is written into dist/, dist-test/ or another engineer's SAQ_TEST_BUILD_DIR.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { checkArtifact } from '../../tools/build/check-artifact.ts';
import { COMPILE_HINT } from '../../tools/build/compile-hints.ts';
import type { Target } from '../../tools/build/targets.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BenchBuilds {
  root: string;
  chrome: string;
  /** null when the run skips Firefox. */
  firefox: string | null;
  /** Firefox with the popup web-accessible, for reading the badge under BiDi. */
  firefoxProbe: string | null;
  /** The Chrome release with the compile hint taken off its content scripts: the page-cost bench's "old". */
  chromeLazy: string;
  remove(): void;
}

async function buildTarget(target: Target, outDir: string, minify = true): Promise<void> {
  const saved = { target: process.env.SAQ_TARGET, test: process.env.SAQ_TEST_BUILD, out: process.env.SAQ_OUT_DIR };
  try {
    process.env.SAQ_TARGET = target;
    process.env.SAQ_TEST_BUILD = '0';
    process.env.SAQ_OUT_DIR = outDir;
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'warn',
      ...(minify ? {} : { build: { minify: false } }),
    });
  } finally {
    restoreEnv('SAQ_TARGET', saved.target);
    restoreEnv('SAQ_TEST_BUILD', saved.test);
    restoreEnv('SAQ_OUT_DIR', saved.out);
  }
  // A size over budget is a figure this benchmark reports, not a reason to stop measuring. An unminified build
  // (--profile) keeps the sources' comments, and some speak of `import()`: the import check is for what ships.
  const problems = checkArtifact(outDir, { allowWebAccessible: false }).filter(
    (problem) => !problem.includes('over its budget') && (minify || !problem.includes('not self-contained')),
  );
  if (problems.length > 0) throw new Error(`bench build for ${target} is not loadable:\n- ${problems.join('\n- ')}`);
}

/** The release build with only its manifest changed: the popup web-accessible (as targets.ts does for tests). */
function copyWithPopupExposed(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const path = join(to, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  manifest.web_accessible_resources = [{ resources: ['src/popup/index.html'], matches: ['<all_urls>'] }];
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

/** The same build with every content script's first line, the compile hint, removed (nothing else changes). */
function copyWithoutCompileHint(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { content_scripts?: Array<{ js?: string[] }> };
  for (const file of (manifest.content_scripts ?? []).flatMap((script) => script.js ?? [])) {
    const path = join(to, file);
    const code = readFileSync(path, 'utf8');
    if (!code.startsWith(COMPILE_HINT)) throw new Error(`${file} in the bench build has no compile hint to take off`);
    writeFileSync(path, code.slice(COMPILE_HINT.length));
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- env vars are named by the caller; restoring "unset" needs delete
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** `minify: false` gives readable function names for `--profile`; every figure uses the minified build. */
export async function buildForBench(options: { firefox: boolean; minify?: boolean }): Promise<BenchBuilds> {
  const root = mkdtempSync(join(tmpdir(), 'saq-bench-build-'));
  const builds: BenchBuilds = {
    root,
    chrome: join(root, 'chrome'),
    firefox: options.firefox ? join(root, 'firefox') : null,
    firefoxProbe: options.firefox ? join(root, 'firefox-probe') : null,
    chromeLazy: join(root, 'chrome-lazy'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  try {
    await buildTarget('chrome', builds.chrome, options.minify ?? true);
    copyWithoutCompileHint(builds.chrome, builds.chromeLazy);
    if (builds.firefox && builds.firefoxProbe) {
      await buildTarget('firefox', builds.firefox);
      copyWithPopupExposed(builds.firefox, builds.firefoxProbe);
    }
  } catch (error) {
    builds.remove();
    throw error;
  }
  return builds;
}
