/**
 * Run budget for the fuzz suite. `SAQ_FUZZ_RUNS` is the TOTAL number of generated or mutated inputs
 * across every property (default 3,000 so `npm test` stays fast); each property takes a fixed share,
 * and the shares of all properties add up to 1. `npm run fuzz` (tools/test/fuzz.ts) raises it to
 * 100,000 and sets `SAQ_FUZZ_REPORT` to a file where every property appends how many inputs it really
 * ran and how they ended (accepted, refused with which code), so the printed total is counted, not
 * claimed, and shows that the mutators reach past the first check.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

export const DEFAULT_FUZZ_RUNS = 3_000;
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

/**
 * Each property's share of the total, in one table so the shares visibly add up to 1 (a unit test
 * checks it). Weighted by what an attacker reaches: the signed-envelope paths get the most.
 */
export const SHARES = {
  'strict-json/generated': 0.05,
  'strict-json/mutated-bytes': 0.08,
  'strict-json/noise': 0.05,
  'dsse/parse-mutated-bytes': 0.07,
  'dsse/verify-mutated-bytes': 0.1,
  'dsse/verify-edited-envelope': 0.05,
  'dsse/payload-tampered': 0.05,
  'dsse/signature-mutated': 0.02,
  'dsse/no-op-respellings': 0.01,
  'payload/pointer': 0.05,
  'payload/rules': 0.05,
  'payload/root': 0.05,
  'payload/dates': 0.02,
  'stored-state/edited': 0.02,
  'stored-state/bytes': 0.02,
  'rules/schema': 0.07,
  'rules/compile': 0.08,
  'rules/patterns': 0.04,
  'rules/random-shapes': 0.02,
  'page-protocol/mutated': 0.05,
  'page-protocol/lane': 0.01,
  'page-protocol/cloneable': 0.03,
  'page-protocol/profile': 0.01,
} as const;
export type FuzzTarget = keyof typeof SHARES;

/** Rounded up, so the shares of a total always run at least that total. */
export function runsFor(target: FuzzTarget): number {
  return Math.max(10, Math.ceil(FUZZ_TOTAL * SHARES[target]));
}

/** Vitest timeout for a property: generous, scaled with the run count (msPerInput × 4, min 30 s). */
export function timeoutFor(target: FuzzTarget, msPerInput = 2): number {
  return Math.max(30_000, runsFor(target) * msPerInput * 4);
}

function params(target: FuzzTarget): fc.Parameters<unknown> {
  return SEED === undefined ? { numRuns: runsFor(target) } : { numRuns: runsFor(target), seed: SEED };
}

/** What one input came to, e.g. `accepted` or `refused:BAD_JSON`; tallied per property in the report. */
export type FuzzOutcome = string;

class Tally {
  runs = 0;
  slowestMs = 0;
  readonly outcomes: Record<string, number> = {};

  count(outcome: FuzzOutcome, ms: number): void {
    this.runs++;
    this.slowestMs = Math.max(this.slowestMs, ms);
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
  }

  record(name: string): void {
    const file = process.env.SAQ_FUZZ_REPORT;
    if (file) {
      const line = { name, runs: this.runs, slowestMs: Math.round(this.slowestMs), outcomes: this.outcomes };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    }
  }
}

function tooSlow(name: string, ms: number): Error {
  return new Error(`${name}: one input took ${Math.round(ms)} ms (limit ${SLOW_INPUT_MS} ms): possible hang or blow-up`);
}

/** fc.assert a synchronous property with the suite's budget, a per-input time limit and a run counter. */
export function fuzz<T>(name: FuzzTarget, arb: fc.Arbitrary<T>, check: (input: T) => FuzzOutcome): void {
  const tally = new Tally();
  fc.assert(
    fc.property(arb, (input) => {
      const started = performance.now();
      const outcome = check(input);
      const ms = performance.now() - started;
      tally.count(outcome, ms);
      if (ms > SLOW_INPUT_MS) throw tooSlow(name, ms);
    }),
    params(name),
  );
  tally.record(name);
}

export async function fuzzAsync<T>(name: FuzzTarget, arb: fc.Arbitrary<T>, check: (input: T) => Promise<FuzzOutcome>): Promise<void> {
  const tally = new Tally();
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      const started = performance.now();
      const outcome = await check(input);
      const ms = performance.now() - started;
      tally.count(outcome, ms);
      if (ms > SLOW_INPUT_MS) throw tooSlow(name, ms);
    }),
    params(name),
  );
  tally.record(name);
}
