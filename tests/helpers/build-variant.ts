/**
 * Copies of a Saq build with their manifest changed, for tests that need the browser to load Saq in a way
 * the real build does not ask for (a fixture's script first in the page world, a content script injected
 * late). One copy per build directory and variant per test process, removed when the process exits.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ContentScriptEntry {
  js?: string[];
  world?: string;
  run_at?: string;
}

const copies = new Map<string, string>();

/** A copy of `saqDir` named `variant`, made once: `edit` may change its manifest's content scripts and add files. */
export function buildVariant(saqDir: string, variant: string, edit: (copy: string, entries: ContentScriptEntry[]) => void): string {
  const key = `${variant}\n${saqDir}`;
  const known = copies.get(key);
  if (known) return known;
  const copy = mkdtempSync(join(tmpdir(), `saq-${variant}-`));
  process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
  cpSync(saqDir, copy, { recursive: true });
  const manifestFile = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { content_scripts?: ContentScriptEntry[] };
  edit(copy, manifest.content_scripts ?? []);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  copies.set(key, copy);
  return copy;
}

/**
 * Saq with its ISOLATED-world script run at document_end: the page-world script's hello is long dispatched
 * when the ISOLATED world starts, as when Firefox injects a document_start script late (an extension
 * starting while the browser restores its tabs; src/shared/page-protocol.ts).
 */
export const withLateIsolatedWorld = (saqDir: string): string =>
  buildVariant(saqDir, 'late-isolated', (_copy, entries) => {
    for (const entry of entries) if (entry.world !== 'MAIN') entry.run_at = 'document_end';
  });

/**
 * Saq whose service worker (Chromium) starts `ms` late: a module its loader imports first busy-waits. On an
 * extension's first run the browser delivers no webRequest event before the worker has registered its listeners,
 * so a harness that opens a page as soon as the worker exists loses that page's requests; the harness waits for
 * the listeners (untilWorkerListens), and this variant is how the lifecycle tests hold it to that.
 */
export const withSlowWorkerStart = (saqDir: string, ms: number): string =>
  buildVariant(saqDir, `slow-worker-${ms}`, (copy) => {
    writeFileSync(join(copy, 'slow-start.js'), `const until = Date.now() + ${ms};\nwhile (Date.now() < until);\n`);
    const loader = join(copy, 'service-worker-loader.js');
    writeFileSync(loader, `import './slow-start.js';\n${readFileSync(loader, 'utf8')}`);
  });
