/**
 * Builds scripts the background injects on demand with `scripting.executeScript({ files })`: not
 * declared in the manifest (most pages never need them, and every declared byte is parsed on every shop
 * page) and not web-accessible (a page could detect Saq by them). Each is a self-contained IIFE, minified
 * like the declared content scripts, written at a fixed path the background names
 * (src/content/injected-scripts.ts).
 */
import { resolve } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
import { INJECTED_SCRIPTS } from '../../src/content/injected-scripts.ts';

export function injectedScripts(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'saq:injected-scripts',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      for (const script of INJECTED_SCRIPTS) {
        const result = await build({
          configFile: false,
          logLevel: 'warn',
          root: config.root,
          define: config.define,
          resolve: { alias: config.resolve.alias },
          build: {
            write: false,
            emptyOutDir: false,
            lib: { entry: resolve(config.root, script.entry), formats: ['iife'], name: 'saqInjected', fileName: () => script.file },
            rolldownOptions: { output: { entryFileNames: script.file } },
            minify: config.build.minify,
            sourcemap: false,
            target: config.build.target,
          },
        });
        const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
        const chunk = outputs.flatMap((output) => output.output).find((item) => item.type === 'chunk' && item.isEntry);
        if (!chunk || chunk.type !== 'chunk') throw new Error(`injected script ${script.entry} produced no bundle`);
        this.emitFile({ type: 'asset', fileName: script.file, source: chunk.code });
      }
    },
  };
}
