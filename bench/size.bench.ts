/**
 * Size of each built bundle, raw and gzip: both content-script worlds, the script the background injects
 * on demand (the in-page warning), the background and the popup.
 * A bundle's size is its entry plus every chunk it imports statically (what the browser must load),
 * so a chunk shared by the background and the popup counts for both.
 * The release builds come from bench/lib/release-build.ts (a temporary directory, so a benchmark never
 * disturbs dist/ or the dist-test/ that other engineers' e2e runs are reading).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INJECTED_SCRIPTS } from '../src/content/injected-scripts.ts';
import { buildForBench, type BenchBuilds } from './lib/release-build.ts';

export interface BundleSize {
  bundle: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export interface SizeBenchResult {
  source: string;
  bundles: BundleSize[];
  contentScriptsRawBytes: number;
  popupRawBytes: number;
}

interface Manifest {
  /** Chrome: a service worker; Firefox: an event page's scripts. */
  background?: { service_worker?: string; scripts?: string[] };
  action?: { default_popup?: string };
  content_scripts?: { js?: string[]; world?: string }[];
}

/** Static imports of a built ES module (`import"./x.js"`, `from"./x.js"`), resolved against its path. */
function importsOf(dir: string, file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) {
    const spec = match[1]!;
    found.add(spec.startsWith('/') ? spec.slice(1) : join(dirname(file), spec));
  }
  return [...found];
}

function closure(dir: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (!existsSync(join(dir, file))) throw new Error(`${file} is referenced by the build in ${dir} but missing`);
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...importsOf(dir, file));
  }
  return [...seen];
}

function measure(dir: string, bundle: string, files: string[]): BundleSize {
  const bytes = files.map((file) => readFileSync(join(dir, file)));
  return {
    bundle,
    files,
    rawBytes: bytes.reduce((sum, b) => sum + b.length, 0),
    // Each file is fetched and compressed on its own, so gzip them one by one.
    gzipBytes: bytes.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0),
  };
}

/** Measures an already-built extension directory (one browser target). */
export function measureBuild(dir: string): SizeBenchResult {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: not a built extension directory`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const bundles: BundleSize[] = [];
  for (const script of manifest.content_scripts ?? []) {
    for (const file of script.js ?? [])
      // Named by file too: the MAIN world has two (the sensors, and the frame handover for about: frames).
      bundles.push(measure(dir, `content (${script.world === 'MAIN' ? 'MAIN' : 'ISOLATED'} world, ${file.split('/').pop()})`, [file]));
  }
  // Injected by the background only on a page with a verdict that warns: not part of the content-script budget.
  for (const injected of INJECTED_SCRIPTS)
    bundles.push(measure(dir, `injected on demand (${injected.file.split('/').pop()})`, [injected.file]));
  const background = manifest.background?.service_worker ? [manifest.background.service_worker] : (manifest.background?.scripts ?? []);
  if (background.length === 0) throw new Error(`${manifestPath} names no background script`);
  bundles.push(measure(dir, 'background', closure(dir, background)));
  const popupHtml = manifest.action?.default_popup;
  if (!popupHtml) throw new Error(`${manifestPath} names no popup`);
  const html = readFileSync(join(dir, popupHtml), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
    m[1]!.startsWith('/') ? m[1]!.slice(1) : join(dirname(popupHtml), m[1]!),
  );
  bundles.push(measure(dir, 'popup (html+js+css)', closure(dir, [popupHtml, ...assets])));
  const content = bundles.filter((b) => b.bundle.startsWith('content'));
  const popup = bundles.find((b) => b.bundle.startsWith('popup'))!;
  return { source: dir, bundles, contentScriptsRawBytes: content.reduce((s, b) => s + b.rawBytes, 0), popupRawBytes: popup.rawBytes };
}

/** Measures the release builds of one bench run (Chrome, and Firefox when it was built). */
export function runSizeBench(builds: Pick<BenchBuilds, 'chrome' | 'firefox'>): SizeBenchResult[] {
  const results = [{ ...measureBuild(builds.chrome), source: 'chrome (release, minified)' }];
  if (builds.firefox) results.push({ ...measureBuild(builds.firefox), source: 'firefox (release, minified)' });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const builds = await buildForBench({ firefox: false });
  try {
    for (const result of runSizeBench(builds)) {
      for (const b of result.bundles)
        console.log(
          `${b.bundle.padEnd(28)} ${String(b.rawBytes).padStart(8)} raw ${String(b.gzipBytes).padStart(8)} gzip  ${b.files.join(', ')}`,
        );
    }
  } finally {
    builds.remove();
  }
}
