/**
 * Checks a built extension directory before anyone loads it: the manifest's files exist, content
 * scripts are synchronous self-contained bundles (no `import` — an async loader would run the MAIN
 * world hooks after page scripts) that start with V8's compile hint (compile-hints.ts), no web-accessible
 * resources leak into a release build, and the popup stays within its size budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILE_HINT, STRICT_DIRECTIVE } from './compile-hints.ts';
import { pageBundle, POPUP_JS_BUDGET_BYTES } from './page-bundle.ts';

interface BuiltManifest {
  background?: { service_worker?: string; scripts?: string[] };
  action?: { default_popup?: string; default_icon?: Record<string, string> };
  icons?: Record<string, string>;
  content_scripts?: Array<{ js?: string[]; world?: string }>;
  web_accessible_resources?: unknown[];
  options_ui?: { page?: string };
}

export function checkArtifact(dir: string, options: { allowWebAccessible: boolean }): string[] {
  const problems: string[] = [];
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return [`${manifestPath} is missing`];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltManifest;
  const named = [
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    manifest.action?.default_popup,
    manifest.options_ui?.page,
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.action?.default_icon ?? {}),
  ].filter((file): file is string => typeof file === 'string');
  for (const file of named) if (!existsSync(join(dir, file))) problems.push(`manifest names ${file}, which is not in the build`);
  for (const script of manifest.content_scripts ?? []) {
    for (const file of script.js ?? []) {
      const path = join(dir, file);
      if (!existsSync(path)) {
        problems.push(`content script ${file} is not in the build`);
        continue;
      }
      const code = readFileSync(path, 'utf8');
      if (/\bimport\s*\(|^\s*import\s/m.test(code)) problems.push(`content script ${file} is not self-contained (it imports)`);
      if (!code.startsWith(COMPILE_HINT))
        problems.push(`content script ${file} does not start with the compile hint ${JSON.stringify(COMPILE_HINT.trim())}`);
      else if (!code.startsWith(STRICT_DIRECTIVE, COMPILE_HINT.length))
        problems.push(`content script ${file} is not strict: ${JSON.stringify(STRICT_DIRECTIVE.trim())} must follow the compile hint`);
    }
  }
  const popup = manifest.action?.default_popup;
  if (popup && existsSync(join(dir, popup))) {
    const { jsBytes } = pageBundle(dir, popup);
    if (jsBytes > POPUP_JS_BUDGET_BYTES)
      problems.push(`the popup loads ${jsBytes} bytes of JavaScript, over its budget of ${POPUP_JS_BUDGET_BYTES}`);
  }
  if (!options.allowWebAccessible && (manifest.web_accessible_resources?.length ?? 0) > 0) {
    problems.push('release build lists web_accessible_resources: any page could detect Saq through them');
  }
  return problems;
}
