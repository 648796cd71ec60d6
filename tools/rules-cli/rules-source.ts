/**
 * The readable rule sources (rules/src/*.json) → one body, and lint paths in the assembled body
 * mapped back to the file and index a maintainer edits (`rules/src/exfiltration.json: rules[2]…`).
 */
import { join } from 'node:path';
import { SOURCE_SECTIONS, assembleRuleSet } from '../../src/shared/rules/assemble.ts';
import { lintRuleSet } from '../../src/shared/rules/lint.ts';
import type { LintIssue } from '../../src/shared/rules/lint.ts';
import { RuleSetError } from '../../src/shared/rules/errors.ts';
import { inputError } from './cli-error.ts';
import { display, isObject, listJson, readJson } from './files.ts';
import type { Io } from './io.ts';

export interface Sources {
  /** display path → parsed source */
  files: Record<string, unknown>;
  body: Record<string, unknown>;
}

export async function readSources(io: Io, dir: string): Promise<Sources> {
  const names = await listJson(io, dir);
  if (names.length === 0) throw inputError(`${display(io, dir)}: no *.json rule sources`);
  const files: Record<string, unknown> = {};
  for (const name of names) {
    files[display(io, join(dir, name))] = await readJson(io, join(dir, name), { fractionsUnder: SOURCE_SECTIONS });
  }
  try {
    return { files, body: assembleRuleSet(files) };
  } catch (e) {
    if (e instanceof RuleSetError) throw inputError(e.message);
    throw e;
  }
}

export interface LocatedIssue extends LintIssue {
  /** `file: path` when it could be traced to a source, else `<assembled body>: path`. */
  where: string;
}

function rulesOf(source: unknown): unknown[] {
  return isObject(source) && Array.isArray(source.rules) ? source.rules : [];
}

/** Map `rules[i]…` / `indicators.list[i]…` in the assembled body to the source that holds the entry. */
export function locate(sources: Sources, path: string): string {
  const rule = /^rules\[(\d+)\](.*)$/.exec(path);
  if (rule) {
    const entry = (sources.body.rules as unknown[] | undefined)?.[Number(rule[1])];
    const id = isObject(entry) ? entry.id : undefined;
    for (const [file, source] of Object.entries(sources.files)) {
      const j = rulesOf(source).findIndex((r) => isObject(r) && r.id === id);
      if (j >= 0) return `${file}: rules[${j}]${rule[2]}`;
    }
  }
  const ind = /^indicators\.([a-z_]+)\[(\d+)\](.*)$/.exec(path);
  if (ind) {
    const groups = isObject(sources.body.indicators) ? sources.body.indicators[ind[1]!] : undefined;
    const group = Array.isArray(groups) ? groups[Number(ind[2])] : undefined;
    const wanted = JSON.stringify(group);
    for (const [file, source] of Object.entries(sources.files)) {
      const list = isObject(source) && isObject(source.indicators) ? source.indicators[ind[1]!] : undefined;
      const j = Array.isArray(list) ? list.findIndex((g) => JSON.stringify(g) === wanted) : -1;
      if (j >= 0) return `${file}: indicators.${ind[1]}[${j}]${ind[3]}`;
    }
  }
  // Errors from assembly already start with the file name.
  if (/\.json: /.test(path)) return path;
  return `<assembled body>: ${path}`;
}

export function lintSources(sources: Sources, now: number): LocatedIssue[] {
  return lintRuleSet(sources.body, { now }).map((issue) => ({ ...issue, where: locate(sources, issue.path) }));
}
