/**
 * Run budget for the fuzz suite. `SAQ_FUZZ_RUNS` is the TOTAL number of generated or mutated inputs
 * across every property (default 5,000 so `npm test` stays fast); each property takes a fixed share.
 * `npm run fuzz` (tools/test/fuzz.ts) raises it to ≥ 100,000 and sets `SAQ_FUZZ_REPORT` to a file where
 * every property appends how many inputs it really ran, so the printed total is counted, not claimed.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

export const DEFAULT_FUZZ_RUNS = 5_000;
/** No single input may take this long: a parser that is slow on some input is a denial of service. */
export const SLOW_INPUT_MS = 2_000;

export function parseFuzzRuns(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_FUZZ_RUNS;
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) {
    throw new Error(`SAQ_FUZZ_RUNS must be a positive integer (total inputs across the fuzz suite), got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export const FUZZ_TOTAL = parseFuzzRuns(process.env.SAQ_FUZZ_RUNS);

/** A reproducible seed when asked for (SAQ_FUZZ_SEED), otherwise fast-check's random one (printed on failure). */
const SEED = process.env.SAQ_FUZZ_SEED === undefined ? undefined : Number(process.env.SAQ_FUZZ_SEED);

export function runsFor(share: number): number {
  return Math.max(10, Math.round(FUZZ_TOTAL * share));
}

/** Vitest timeout for a property: generous, scaled with the run count (≈ 2 ms per input, min 30 s). */
export function timeoutFor(share: number, msPerInput = 2): number {
  return Math.max(30_000, runsFor(share) * msPerInput * 4);
}

function params(share: number): fc.Parameters<unknown> {
  return SEED === undefined ? { numRuns: runsFor(share) } : { numRuns: runsFor(share), seed: SEED };
}

function record(name: string, runs: number, slowestMs: number): void {
  const file = process.env.SAQ_FUZZ_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ name, runs, slowestMs: Math.round(slowestMs) })}\n`);
}

function tooSlow(name: string, ms: number): Error {
  return new Error(`${name}: one input took ${Math.round(ms)} ms (limit ${SLOW_INPUT_MS} ms): possible hang or blow-up`);
}

/** fc.assert a synchronous property with the suite's budget, a per-input time limit and a run counter. */
export function fuzz<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => void): void {
  let runs = 0;
  let slowest = 0;
  fc.assert(
    fc.property(arb, (input) => {
      runs++;
      const started = performance.now();
      check(input);
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      if (ms > SLOW_INPUT_MS) throw tooSlow(name, ms);
    }),
    params(share),
  );
  record(name, runs, slowest);
}

export async function fuzzAsync<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => Promise<void>): Promise<void> {
  let runs = 0;
  let slowest = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      runs++;
      const started = performance.now();
      await check(input);
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      if (ms > SLOW_INPUT_MS) throw tooSlow(name, ms);
    }),
    params(share),
  );
  record(name, runs, slowest);
}
