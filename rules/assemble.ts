/**
 * Builds rules/baseline.json from rules/src/*.json: read (strict JSON), assemble (deterministic), lint,
 * compile. The lint is the maintainers' CLI's (tools/rules-cli/rules-source.ts, as `rules lint`, `build`
 * and `bundle` run it): besides the engine's checks, evidence fields against the evidence contract in
 * rules/README.md and message texts in kk/ru/en. Refuses to write a set with lint errors. `--check` only
 * verifies that baseline.json is up to date (for CI). Run: npx tsx rules/assemble.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRuleSet } from '../src/shared/rules/compile.ts';
import { toCliError } from '../tools/rules-cli/cli-error.ts';
import { nodeIo } from '../tools/rules-cli/io.ts';
import { readSources, requireLintClean } from '../tools/rules-cli/rules-source.ts';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'src');
const outFile = join(here, 'baseline.json');
const check = process.argv.includes('--check');
const io = nodeIo();

try {
  const sources = await readSources(io, srcDir);
  requireLintClean(io, sources);
  const compiled = compileRuleSet(sources.body);
  const text = `${JSON.stringify(sources.body, null, 2)}\n`;
  if (check) {
    let current = '';
    try {
      current = readFileSync(outFile, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      console.error('rules/baseline.json is out of date: run npx tsx rules/assemble.ts');
      process.exit(1);
    }
    console.log('rules/baseline.json is up to date');
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote rules/baseline.json: ${compiled.rules.size} rules, ${compiled.stats.indicators} indicators, ${text.length} bytes`);
  }
} catch (e) {
  const error = toCliError(e);
  io.err(`error: ${error.message}${check ? '' : '; rules/baseline.json not written'}`);
  process.exit(error.exitCode);
}
