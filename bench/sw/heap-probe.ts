/**
 * Bundled (IIFE) and evaluated inside Saq's service worker over CDP by bench/sw-memory.bench.ts: the
 * engine's own compiler builds a synthetic rule set in the worker's heap and holds it, as the engine
 * holds the rules in force. Never part of the extension.
 */
import { compileRuleSet } from '../../src/shared/rules/compile.ts';
import { syntheticRuleSet } from '../lib/synthetic-rules.ts';

let held: ReturnType<typeof compileRuleSet> | null = null;

(globalThis as unknown as { __saqBenchHeap: unknown }).__saqBenchHeap = {
  load(n: number): { rules: number; compileMs: number } {
    held = null;
    const body = syntheticRuleSet(n);
    const started = performance.now();
    held = compileRuleSet(body, { now: 0, timeBudgetMs: 600_000 });
    return { rules: held.rules.size, compileMs: performance.now() - started };
  },
  drop(): void {
    held = null;
  },
};
