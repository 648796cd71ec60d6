/**
 * Content scripts the background injects on demand (scripting.executeScript), never declared in the
 * manifest: the in-page warning is ~6 KB that most shop pages never show. Built by
 * tools/build/injected-scripts.ts; `file` is the path inside the built extension.
 */
export const WARNING_SCRIPT = { entry: 'src/content/warning.iife.ts', file: 'src/content/warning.iife.js' } as const;

export const INJECTED_SCRIPTS: ReadonlyArray<{ entry: string; file: string }> = [WARNING_SCRIPT];
