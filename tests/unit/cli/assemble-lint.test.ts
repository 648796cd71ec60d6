/**
 * `npx tsx rules/assemble.ts` writes rules/baseline.json only from sources that pass the same lint as
 * `rules lint`, `build` and `bundle`. It ran the engine's lint alone, so an evidence field the rule's kind
 * does not carry and a message key with no kk/ru/en text passed it and were written to the baseline.
 * The script runs as it is, in a copy of the repository layout whose rules/src has those two mistakes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, SOURCES } from './helpers.ts';

interface SourceRule {
  id: string;
  message: string;
  samples: Record<'positive' | 'negative', { evidence: Record<string, unknown> }[]>;
}

/** `<tmp>/rules/assemble.ts` beside a copy of rules/src changed by `change`; the code it imports is the checkout's. */
function layout(change: (rules: SourceRule[]) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'saq-assemble-'));
  for (const shared of ['src', 'tools', 'node_modules', 'manifest.json', 'package.json'])
    symlinkSync(join(REPO, shared), join(dir, shared));
  mkdirSync(join(dir, 'rules'));
  copyFileSync(join(REPO, 'rules/assemble.ts'), join(dir, 'rules/assemble.ts'));
  cpSync(SOURCES, join(dir, 'rules/src'), { recursive: true });
  const file = join(dir, 'rules/src/injection.json');
  const source = JSON.parse(readFileSync(file, 'utf8')) as { rules: SourceRule[] };
  change(source.rules);
  writeFileSync(file, JSON.stringify(source, null, 2));
  return dir;
}

function assemble(dir: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'rules/assemble.ts'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('rules/assemble.ts lints as rules lint does', { timeout: 30_000 }, () => {
  it('an evidence field the kind does not carry and a message without texts are errors naming file and field; nothing is written', () => {
    const dir = layout((rules) => {
      const rule = rules.find((r) => r.id === 'SAQ-INJ-004')!;
      rule.samples.negative[0]!.evidence.selfremoved = false;
      rules.find((r) => r.id === 'SAQ-INJ-001')!.message = 'rule_without_texts';
    });
    const r = assemble(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(
      /error: rules\/src\/injection\.json: rules\[\d+\]\.samples\.negative\[0\]\.evidence\.selfremoved: SAQ-INJ-004: script-inserted findings carry no evidence field "selfremoved"/,
    );
    expect(r.output).toMatch(
      /error: rules\/src\/injection\.json: rules\[\d+\]\.message: SAQ-INJ-001: message key "rule_without_texts" is not in tools\/i18n\/rule-messages\.ts/,
    );
    expect(existsSync(join(dir, 'rules/baseline.json'))).toBe(false);
  });

  it('the sources as they are assemble and are written', () => {
    const dir = layout(() => undefined);
    const r = assemble(dir);
    expect(r).toMatchObject({ code: 0, output: expect.stringContaining('wrote rules/baseline.json') });
    expect(readFileSync(join(dir, 'rules/baseline.json'), 'utf8')).toBe(readFileSync(join(REPO, 'rules/baseline.json'), 'utf8'));
  });
});
