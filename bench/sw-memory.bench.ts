/**
 * Service-worker memory (Chromium): the heap of Saq's worker at rest (the signed baseline in force),
 * and with a compiled synthetic set of 100,000 rules held in it. The set is compiled by the engine's
 * own compiler inside the worker (bench/sw/heap-probe.ts, bundled and evaluated over CDP), because a
 * release build accepts rules only from the production feed, and a signed rules file is capped at
 * MAX_RULES_BYTES — far below 100,000 rules of this shape (see the feed benchmark's 4 MiB row).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { SaqBrowser } from '../tests/helpers/harness.ts';
import { serviceWorkerSession, workerHeapBytes } from './lib/browsers.ts';

export interface SwMemoryRow {
  label: string;
  rules: number;
  heapBytes: number;
  /** Compile time inside the worker (null at rest). */
  compileMs: number | null;
}

async function bundleProbe(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'saq-bench-probe-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        target: 'es2022',
        lib: {
          entry: resolve(import.meta.dirname, 'sw/heap-probe.ts'),
          formats: ['iife'],
          name: 'saqBenchHeapProbe',
          fileName: () => 'probe.js',
        },
      },
    });
    return readFileSync(join(outDir, 'probe.js'), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function runSwMemoryBench(browser: SaqBrowser, options: { sizes: readonly number[] }): Promise<SwMemoryRow[]> {
  const probe = await bundleProbe();
  const session = await serviceWorkerSession(browser);
  try {
    await session.send('Runtime.enable');
    const evaluate = async (expression: string): Promise<unknown> => {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(`service worker: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value;
    };
    const rows: SwMemoryRow[] = [
      { label: 'at rest (signed baseline in force)', rules: 0, heapBytes: await workerHeapBytes(session), compileMs: null },
    ];
    await evaluate(probe);
    for (const n of options.sizes) {
      const loaded = (await evaluate(`globalThis.__saqBenchHeap.load(${n})`)) as { rules: number; compileMs: number };
      rows.push({
        label: `with ${n.toLocaleString('en-US')} synthetic rules compiled`,
        rules: loaded.rules,
        heapBytes: await workerHeapBytes(session),
        compileMs: loaded.compileMs,
      });
      await evaluate('globalThis.__saqBenchHeap.drop()');
    }
    return rows;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
