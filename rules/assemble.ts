/**
 * Builds rules/baseline.json from rules/src/*.json: assemble (deterministic), compile, lint.
 * Refuses to write a set with lint errors. `--check` only verifies that baseline.json is up to date
 * (for CI). Run: npx tsx rules/assemble.ts [--check]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleRuleSet } from '../src/shared/rules/assemble.ts';
import { compileRuleSet } from '../src/shared/rules/compile.ts';
import { lintRuleSet } from '../src/shared/rules/lint.ts';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'src');
const outFile = join(here, 'baseline.json');

const files: Record<string, unknown> = {};
for (const name of readdirSync(srcDir)
  .filter((n) => n.endsWith('.json'))
  .sort()) {
  files[name] = JSON.parse(readFileSync(join(srcDir, name), 'utf8'));
}
const body = assembleRuleSet(files);
const issues = lintRuleSet(body);
for (const issue of issues) console.log(`${issue.level}: ${issue.path}: ${issue.message}`);
if (issues.some((i) => i.level === 'error')) {
  console.error('lint errors: baseline.json not written');
  process.exit(1);
}
const compiled = compileRuleSet(body);
const text = `${JSON.stringify(body, null, 2)}\n`;
if (process.argv.includes('--check')) {
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
