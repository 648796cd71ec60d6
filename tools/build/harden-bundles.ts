/**
 * Removes two dormant dynamic-code paths from third-party code before bundling, so the shipped
 * extension contains no string evaluation and no raw-HTML sink (and `web-ext lint` is clean):
 *  - zod probes `new Function("")` to decide whether to JIT-compile validators. Extension pages forbid
 *    eval by CSP anyway, so the probe always fails there; we make it answer "no" without trying.
 *  - Preact's `dangerouslySetInnerHTML` branch assigns `innerHTML`. Saq never renders raw HTML
 *    (tests/unit/build/no-raw-html.test.ts checks our sources), so the branch throws instead.
 * Each replacement must match exactly once: a dependency update that changes the code fails the build
 * here, loudly, instead of silently shipping the old paths.
 */
import type { Plugin } from 'vite';

interface Replacement {
  file: RegExp;
  find: string;
  replace: string;
}

const REPLACEMENTS: Replacement[] = [
  {
    file: /node_modules[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/,
    find: 'const F = Function;\n        new F("");\n        return true;',
    replace: 'return false; // Saq: no JIT validators, no eval probe (see tools/build/harden-bundles.ts)',
  },
  {
    file: /node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/,
    find: '(t.innerHTML=h.__html)',
    replace: '(()=>{throw new Error("Saq renders no raw HTML")})()',
  },
];

export function hardenBundles(): Plugin {
  return {
    name: 'saq:harden-bundles',
    enforce: 'pre',
    transform(code, id) {
      const replacement = REPLACEMENTS.find(({ file }) => file.test(id));
      if (!replacement) return null;
      const parts = code.split(replacement.find);
      if (parts.length !== 2) {
        this.error(
          `harden-bundles: expected exactly one match of ${JSON.stringify(replacement.find)} in ${id}, found ${parts.length - 1}. Review the dependency update.`,
        );
      }
      return { code: parts.join(replacement.replace), map: null };
    },
  };
}
