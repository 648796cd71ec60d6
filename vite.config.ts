import { crx } from '@crxjs/vite-plugin';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { compileHints } from './tools/build/compile-hints.ts';
import { hardenBundles } from './tools/build/harden-bundles.ts';
import { injectedScripts } from './tools/build/injected-scripts.ts';
import { feedBundleDir } from './tools/build/feed-bundle.ts';
import { manifestFor, type Target } from './tools/build/targets.ts';

// One config, parameterised by environment so tools/build/build.ts can build each browser in turn.
const target = (process.env.SAQ_TARGET ?? 'chrome') as Target;
const forTests = process.env.SAQ_TEST_BUILD === '1';
const outDir = process.env.SAQ_OUT_DIR ?? resolve(import.meta.dirname, 'dist', target);

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: {
    __SAQ_TEST_BUILD__: JSON.stringify(forTests),
  },
  plugins: [
    hardenBundles(),
    // Scripts the background injects on demand (the in-page warning): not in the manifest.
    injectedScripts(),
    crx({
      manifest: manifestFor(target, { exposePopupForTests: forTests, grantOptionalPermissionsForTests: forTests }) as never,
      browser: target,
    }),
    // After @crxjs has emitted the content-script bundles.
    compileHints(),
  ],
  // The signed feed baseline the background verifies at start: rules/bundle/ in a release build.
  resolve: { alias: { 'saq-feed-bundle': feedBundleDir(forTests) } },
  build: {
    outDir,
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    modulePreload: false,
  },
  server: { cors: false },
});
