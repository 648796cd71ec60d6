/**
 * Puts V8's explicit compile hint on top of the content scripts: `//# allFunctionsCalledOnLoad` tells
 * Chromium (136+) to compile every function of the file with the script itself, instead of pre-parsing
 * each one and then parsing it again, on the page's main thread, the first time it runs. Nearly all of a
 * content script runs on every shop page (hooks, observers, the channel), so the lazy way paid twice for
 * most of it: measured on the replica's product page (npm run bench, page cost; traced), lazy compilation
 * of Saq's functions was ~4–5 ms of its ~13 ms of added script time, and the hint took ~4 ms off it.
 * Other engines read it as a comment. It must stay the file's first line, so it is added after minifying,
 * when the bundles are final (the content-script IIFEs are emitted late, by @crxjs's own `generateBundle`).
 */
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** Content scripts (declared, or injected on demand) are the only bundles that end in `.iife.js`. */
export const isContentScriptFile = (fileName: string): boolean => fileName.endsWith('.iife.js');

/**
 * Right after the hint: content scripts run strict, as the modules they are bundled from were written and
 * unit-tested. The IIFE bundle carries no directive of its own (the minifier drops the modules' implicit one),
 * and in a sloppy script a hook called with no receiver — `const add = frame.contentWindow.addEventListener;
 * add('keydown', f)` — gets the window of the realm Saq runs in as `this` and hands it to the native: the
 * frame's listener would land on the top window (found by review, stop 31).
 */
export const STRICT_DIRECTIVE = '"use strict";\n';

/** The content script with the hint on its first line and the strict directive after it, each once. */
export function withCompileHint(code: string): string {
  const body = code.startsWith(COMPILE_HINT) ? code.slice(COMPILE_HINT.length) : code;
  return COMPILE_HINT + (body.startsWith(STRICT_DIRECTIVE) ? body : STRICT_DIRECTIVE + body);
}

export function compileHints(): Plugin {
  return {
    name: 'saq:compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (!isContentScriptFile(output.fileName)) continue;
          if (output.type === 'chunk') output.code = withCompileHint(output.code);
          else output.source = withCompileHint(typeof output.source === 'string' ? output.source : new TextDecoder().decode(output.source));
        }
      },
    },
  };
}
