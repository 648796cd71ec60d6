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
