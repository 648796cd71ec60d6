/**
 * `npm test`: lint, typecheck, unit tests, then the end-to-end suite in Chromium and Firefox against a
 * fresh test build. Stops at the first failing stage and says which one; prints the time of each.
 */
import { spawnSync } from 'node:child_process';

const STAGES: Array<[string, string[]]> = [
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['unit tests', ['npx', 'vitest', 'run', '--project', 'unit']],
  ['test build', ['npx', 'tsx', 'tools/build/build.ts', '--test']],
  ['end-to-end tests (Chromium, Firefox)', ['npx', 'vitest', 'run', '--project', 'e2e']],
];

const timings: string[] = [];
for (const [name, [command, ...args]] of STAGES) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command!, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${name}: ${seconds} s`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${result.status ?? result.signal}). Earlier stages: ${timings.join(', ')}`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n✓ all stages passed — ${timings.join(', ')}`);
