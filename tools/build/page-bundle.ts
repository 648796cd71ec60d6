/**
 * What an extension page costs to open: the JavaScript and CSS its HTML loads, with every chunk those
 * scripts import statically, read from the build. The popup opens on every click, so it has a budget
 * (zod alone is ~60 KB: the popup and options page must not pull it in; the background validates).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Minified JavaScript of the popup, imports included. */
export const POPUP_JS_BUDGET_BYTES = 60 * 1024;

export interface PageBundle {
  scripts: string[];
  styles: string[];
  jsBytes: number;
  cssBytes: number;
}

/** Resolves an address from an HTML page or a module: `/x` from the build root, `./x` from the referrer. */
function resolveAsset(root: string, from: string, ref: string): string {
  return ref.startsWith('/') ? join(root, ref) : resolve(dirname(from), ref);
}

export function pageBundle(root: string, htmlPath: string): PageBundle {
  const htmlFile = join(root, htmlPath);
  const html = readFileSync(htmlFile, 'utf8');
  const scripts = new Set<string>();
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => resolveAsset(root, htmlFile, m[1]!));
  const pending = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => resolveAsset(root, htmlFile, m[1]!));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (scripts.has(file) || !existsSync(file)) continue;
    scripts.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); dynamic ones load later, if ever.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) pending.push(resolveAsset(root, file, m[1]!));
  }
  const size = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + (existsSync(file) ? readFileSync(file).length : 0), 0);
  const relative = (file: string) => file.slice(root.length + 1);
  return { scripts: [...scripts].map(relative), styles: styles.map(relative), jsBytes: size(scripts), cssBytes: size(styles) };
}
