/**
 * `npm run fuzz`: the fuzz suite (tests/unit/fuzz) with a large budget — 100,000 generated or mutated
 * inputs in total by default, or `npm run fuzz -- <total>` — then the count each property really ran
 * (written by tests/unit/fuzz/budget.ts, not claimed), how the inputs ended, and the total. Fails if a
 * property failed or fewer inputs ran than asked. Reproduce a failure with SAQ_FUZZ_SEED=<seed>.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFuzzRuns } from '../../tests/unit/fuzz/budget.ts';

interface PropertyReport {
  name: string;
  runs: number;
  slowestMs: number;
  outcomes: Record<string, number>;
}

const total = parseFuzzRuns(process.argv[2] ?? '100000');
const dir = mkdtempSync(join(tmpdir(), 'saq-fuzz-'));
const reportFile = join(dir, 'report.jsonl');
const started = Date.now();
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/fuzz'], {
  stdio: 'inherit',
  env: { ...process.env, SAQ_FUZZ_RUNS: String(total), SAQ_FUZZ_REPORT: reportFile },
});

let lines: PropertyReport[] = [];
try {
  lines = readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PropertyReport);
} catch {
  // no property finished: reported below as 0 inputs
}
rmSync(dir, { recursive: true, force: true });

const byTarget = new Map<string, number>();
console.log('\nFuzz inputs per property (slowest single input; how the inputs ended):');
for (const l of lines.sort((a, b) => a.name.localeCompare(b.name))) {
  const outcomes = Object.entries(l.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(`  ${l.name.padEnd(30)} ${String(l.runs).padStart(7)}  (${l.slowestMs} ms)  ${outcomes}`);
  const target = l.name.split('/')[0]!;
  byTarget.set(target, (byTarget.get(target) ?? 0) + l.runs);
}
const counted = lines.reduce((n, l) => n + l.runs, 0);
console.log('\nPer target:');
for (const [target, runs] of byTarget) console.log(`  ${target.padEnd(30)} ${String(runs).padStart(7)}`);
console.log(`  ${'TOTAL'.padEnd(30)} ${String(counted).padStart(7)}   (asked ${total}; ${((Date.now() - started) / 1000).toFixed(0)} s)`);

if (result.status !== 0) {
  console.error(
    `\n✗ a fuzz property failed (vitest exit ${result.status ?? result.signal}); rerun with the printed seed: SAQ_FUZZ_SEED=<seed> npm run fuzz`,
  );
  process.exit(result.status ?? 1);
}
if (counted < total) {
  console.error(`\n✗ only ${counted} of ${total} inputs ran`);
  process.exit(1);
}
console.log('\n✓ no crash, no hang, nothing unsigned accepted, every refusal a specific error');
