/**
 * Rule engine benchmark: compile time and per-finding match time for indicator-heavy synthetic sets
 * of 10 / 1,000 / 100,000 rules, against the naive linear scan (src/shared/rules/naive.ts).
 * Run: npx tsx bench/engine.bench.ts   (a bench runner may import runEngineBench instead)
 */
import type { Finding } from '../src/shared/findings.ts';
import { compileRuleSet } from '../src/shared/rules/compile.ts';
import { evaluate } from '../src/shared/rules/match.ts';
import { naiveEvaluate, prepareNaive } from '../src/shared/rules/naive.ts';
import { median } from './lib/stats.ts';
import { syntheticRuleSet } from './lib/synthetic-rules.ts';

export { syntheticRuleSet };

export interface EngineBenchRow {
  rules: number;
  indicators: number;
  /** Wall-clock milliseconds to compile (median of 3 runs; 1 run at 100,000 rules). */
  compileMs: number;
  /** The same in CPU time of this process: what an idle machine's wall clock would show. */
  compileCpuMs: number;
  /** Microseconds per finding, indexed engine (median of 5 samples, wall clock). */
  matchUs: number;
  /** Microseconds per finding, naive scan (wall clock). */
  naiveUs: number;
  /** The two above in CPU time of this process. */
  matchCpuUs: number;
  naiveCpuUs: number;
  /** naiveCpuUs / matchCpuUs. */
  speedup: number;
}

export interface EngineBenchResult {
  node: string;
  rows: EngineBenchRow[];
}

const PAGE = 'https://kazcoins.nationalbank.kz/ru/';

function findingsFor(n: number): Finding[] {
  const out: Finding[] = [];
  const pick = (k: number): number => (k * 7919) % n;
  for (let k = 0; k < 200; k++) {
    const i = pick(k);
    const url =
      k % 4 === 0
        ? `https://h${i}.exfil.example/c`
        : k % 4 === 1
          ? `https://a.b.s${i}.tunnel.example/c`
          : k % 4 === 2
            ? `https://p${i}.hook.example/api/v1/x/y`
            : `https://miss${k}.example/c`;
    out.push({
      kind: 'exfiltration',
      actor: { type: 'script', url: 'https://x.example/a.js', sha256: i.toString(16).padStart(64, '0') },
      evidence: { url },
      at: 0,
    });
  }
  return out;
}

/** CPU time (user + system) of this process, in ms: less disturbed than wall time on a shared machine. */
function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Warm up, then 5 samples of at least `minMs` each; per-call medians in µs. */
function timePerCall(findings: readonly Finding[], fn: (f: Finding) => unknown, minMs: number): Timing {
  for (const f of findings) fn(f);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    let calls = 0;
    const started = performance.now();
    const cpuStarted = cpuNowMs();
    do {
      for (const f of findings) fn(f);
      calls += findings.length;
    } while (performance.now() - started < minMs);
    wall.push(((performance.now() - started) * 1000) / calls);
    cpu.push(((cpuNowMs() - cpuStarted) * 1000) / calls);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function timeCompile(body: Record<string, unknown>, runs: number): Timing & { compiled: ReturnType<typeof compileRuleSet> } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let compiled: ReturnType<typeof compileRuleSet> | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = cpuNowMs();
    compiled = compileRuleSet(body, { now: 0, timeBudgetMs: 120_000 });
    wall.push(performance.now() - started);
    cpu.push(cpuNowMs() - cpuStarted);
  }
  return { wall: median(wall), cpu: median(cpu), compiled: compiled! };
}

export async function runEngineBench(sizes: readonly number[] = [10, 1_000, 100_000]): Promise<EngineBenchResult> {
  const rows: EngineBenchRow[] = [];
  for (const n of sizes) {
    const body = syntheticRuleSet(n);
    const compile = timeCompile(body, n > 10_000 ? 1 : 3);
    const compiled = compile.compiled;
    const naive = prepareNaive(body, { now: 0 });
    const findings = findingsFor(n);
    // The naive scan is slow at 100k rules by design: time it (and cross-check) on a subset.
    const naiveFindings = n > 10_000 ? findings.slice(0, 20) : findings;
    for (const f of naiveFindings) {
      // The benchmark is only worth reading if both engines agree on what they are timing.
      const a = JSON.stringify(evaluate(compiled, f, { pageUrl: PAGE, now: 0 }));
      const b = JSON.stringify(naiveEvaluate(naive, f, { pageUrl: PAGE, now: 0 }));
      if (a !== b) throw new Error(`engines disagree at n=${n} on ${JSON.stringify(f.evidence)}`);
    }
    const match = timePerCall(findings, (f) => evaluate(compiled, f, { pageUrl: PAGE, now: 0 }), 100);
    const scan = timePerCall(naiveFindings, (f) => naiveEvaluate(naive, f, { pageUrl: PAGE, now: 0 }), 100);
    rows.push({
      rules: compiled.rules.size,
      indicators: compiled.stats.indicators,
      compileMs: compile.wall,
      compileCpuMs: compile.cpu,
      matchUs: match.wall,
      naiveUs: scan.wall,
      matchCpuUs: match.cpu,
      naiveCpuUs: scan.cpu,
      speedup: scan.cpu / match.cpu,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { node: process.version, rows };
}

function printTable(result: EngineBenchResult): void {
  const fmt = (x: number, d = 1): string => x.toFixed(d).padStart(13);
  console.log(`rule engine benchmark (${result.node}); CPU time of this process, wall clock in brackets`);
  console.log(
    `${'rules'.padStart(8)}${'indicators'.padStart(12)}${'compile ms'.padStart(13)}${'match µs'.padStart(13)}${'naive µs'.padStart(13)}${'speed-up'.padStart(10)}`,
  );
  for (const r of result.rows) {
    console.log(
      `${String(r.rules).padStart(8)}${String(r.indicators).padStart(12)}${fmt(r.compileCpuMs)}${fmt(r.matchCpuUs, 2)}${fmt(r.naiveCpuUs, 1)}${r.speedup.toFixed(0).padStart(9)}×`,
    );
    console.log(
      `${''.padStart(20)}${`(${r.compileMs.toFixed(1)})`.padStart(13)}${`(${r.matchUs.toFixed(2)})`.padStart(13)}${`(${r.naiveUs.toFixed(1)})`.padStart(13)}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTable(await runEngineBench());
}
