/**
 * Size of each built bundle, raw and gzip: both content-script worlds, the background and the popup.
 * A bundle's size is its entry plus every chunk it imports statically (what the browser must load),
 * so a chunk shared by the background and the popup counts for both.
 * The release build is made into a temporary directory, so a benchmark never disturbs dist/ or
 * the dist-test/ that other engineers' e2e runs are reading.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');

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
  background?: { service_worker?: string };
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
      bundles.push(measure(dir, `content (${script.world === 'MAIN' ? 'MAIN' : 'ISOLATED'} world)`, [file]));
  }
  const worker = manifest.background?.service_worker;
  if (!worker) throw new Error(`${manifestPath} names no background service worker`);
  bundles.push(measure(dir, 'background', closure(dir, [worker])));
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

/** Builds the release Chrome target into a temporary directory and measures it. */
export async function runSizeBench(): Promise<SizeBenchResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'saq-bench-size-'));
  const saved = { target: process.env.SAQ_TARGET, test: process.env.SAQ_TEST_BUILD, out: process.env.SAQ_OUT_DIR };
  try {
    process.env.SAQ_TARGET = 'chrome';
    process.env.SAQ_TEST_BUILD = '0';
    process.env.SAQ_OUT_DIR = outDir;
    await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, logLevel: 'warn' });
    return { ...measureBuild(outDir), source: 'release build (chrome), minified' };
  } finally {
    restore('SAQ_TARGET', saved.target);
    restore('SAQ_TEST_BUILD', saved.test);
    restore('SAQ_OUT_DIR', saved.out);
    rmSync(outDir, { recursive: true, force: true });
  }
}

function restore(name: string, value: string | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- env vars are named by the caller; restoring "unset" needs delete
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runSizeBench();
  for (const b of result.bundles)
    console.log(
      `${b.bundle.padEnd(28)} ${String(b.rawBytes).padStart(8)} raw ${String(b.gzipBytes).padStart(8)} gzip  ${b.files.join(', ')}`,
    );
}
