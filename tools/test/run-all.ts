/**
 * `npm test`: lint, typecheck and the test build side by side, then the unit tests, then the end-to-end
 * suite in Chromium and Firefox against that fresh test build. Stops after the first group with a failing
 * stage and says which one; prints the time of each stage and of the whole run.
 *
 * Why side by side: the three first stages are independent and each mostly one process on one core, so on
 * a 2-core CI machine they took their sum (~50 s) one after the other. Their output is held and printed
 * whole as each finishes, so it does not interleave. The unit tests use every core themselves, and the
 * end-to-end suite's timings must not share the machine with anything.
 */
import { spawn } from 'node:child_process';

type Stage = [name: string, command: string[]];

const GROUPS: Stage[][] = [
  [
    ['lint', ['npm', 'run', '--silent', 'lint']],
    ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
    ['test build', ['npx', 'tsx', 'tools/build/build.ts', '--test']],
  ],
  [['unit tests', ['npx', 'vitest', 'run', '--project', 'unit']]],
  [['end-to-end tests (Chromium, Firefox)', ['npx', 'vitest', 'run', '--project', 'e2e']]],
];

interface Outcome {
  name: string;
  status: number | null;
  seconds: string;
}

/** Runs one stage: its output straight through when it runs alone, else held and printed when it ends. */
function run([name, [command, ...args]]: Stage, alone: boolean): Promise<Outcome> {
  const started = Date.now();
  if (alone) console.log(`\n▶ ${name}`);
  const child = spawn(command!, args, { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  const held: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => held.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => held.push(chunk));
  return new Promise((resolve) => {
    const done = (status: number | null): void => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (!alone) {
        console.log(`\n▶ ${name} (${seconds} s, run beside the others of its group)`);
        process.stdout.write(Buffer.concat(held));
      }
      resolve({ name, status, seconds });
    };
    child.on('error', (error) => {
      held.push(Buffer.from(`${String(error)}\n`));
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : null)));
  });
}

const runStarted = Date.now();
const timings: string[] = [];
for (const group of GROUPS) {
  const outcomes = await Promise.all(group.map((stage) => run(stage, group.length === 1)));
  for (const { name, seconds } of outcomes) timings.push(`${name}: ${seconds} s`);
  const failed = outcomes.filter(({ status }) => status !== 0);
  if (failed.length > 0) {
    const which = failed.map(({ name, status }) => `${name} (exit ${status})`).join(', ');
    console.error(`\n✗ ${which} failed. Stages run: ${timings.join(', ')}`);
    process.exit(failed[0]!.status ?? 1);
  }
}
const total = ((Date.now() - runStarted) / 1000).toFixed(1);
console.log(`\n✓ all stages passed in ${total} s — ${timings.join(', ')}`);
