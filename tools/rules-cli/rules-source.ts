/**
 * The readable rule sources (rules/src/*.json) → one body, and lint paths in the assembled body
 * mapped back to the file and index a maintainer edits (`rules/src/exfiltration.json: rules[2]…`,
 * `rules/src/site-profile.json: site_profile.shop_hosts[0]`).
 */
import { join } from 'node:path';
import { SOURCE_SECTIONS, assembleRuleSet } from '../../src/shared/rules/assemble.ts';
import { lintRuleSet } from '../../src/shared/rules/lint.ts';
import type { LintIssue } from '../../src/shared/rules/lint.ts';
import { RuleSetError } from '../../src/shared/rules/errors.ts';
import { RuleSchema, SiteProfileSchema } from '../../src/shared/rules/schema.ts';
import { RULE_MESSAGES } from '../i18n/rule-messages.ts';
import { CliError, EXIT, inputError } from './cli-error.ts';
import { evidenceContract } from './evidence-contract.ts';
import { display, isObject, listJson, readJson } from './files.ts';
import type { Io } from './io.ts';
import { lintEvidenceFields } from './lint-evidence-fields.ts';
import { lintMessageTexts } from './lint-message-texts.ts';
import { lintSelectors } from './lint-selectors.ts';

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

/**
 * Map `rules[i]…` / `indicators.list[i]…` in the assembled body to the source that holds the entry.
 * `message`, the issue's own text, names the key of an unknown-key refusal, which its path does not.
 */
export function locate(sources: Sources, path: string, message?: string): string {
  const rule = /^rules\[(\d+)\](.*)$/.exec(path);
  if (rule) {
    const entry = (sources.body.rules as unknown[] | undefined)?.[Number(rule[1])];
    const id = isObject(entry) ? entry.id : undefined;
    for (const [file, source] of Object.entries(sources.files)) {
      const j = rulesOf(source).findIndex((r) => isObject(r) && r.id === id);
      if (j >= 0) return `${file}: rules[${j}]${rule[2]}`;
    }
  }
  const section = /^(site_profile|thresholds)(?:\.([a-z0-9_]+))?(.*)$/.exec(path);
  if (section) {
    const found = locateInSection(sources, section[1] as 'site_profile' | 'thresholds', section[2], section[3]!);
    if (found !== undefined) return found;
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
  // The schema reports an unknown indicator list (`hostz`) at `indicators` itself, the key only in its message.
  const list = path === 'indicators' && message !== undefined ? /^Unrecognized keys?: "([^"]+)"/.exec(message)?.[1] : undefined;
  if (list !== undefined) {
    const file = Object.keys(sources.files)
      .sort()
      .find((f) => {
        const source = sources.files[f];
        return isObject(source) && isObject(source.indicators) && Object.hasOwn(source.indicators, list);
      });
    if (file !== undefined) return `${file}: indicators.${list}`;
  }
  // Errors from assembly already start with the file name.
  if (/\.json: /.test(path)) return path;
  return `<assembled body>: ${path}`;
}

/**
 * `site_profile.key[i]…` / `thresholds.name…` in the assembled body → the source that holds the entry,
 * searched in assembly order (name order: the first source to list a profile entry is where it stays).
 * Profile lists are merged de-duplicated, so the index is the entry's own index in that source. A field
 * no source holds (a required one missing) is named in the one source with the section; an unknown
 * profile field, in the source that holds it.
 */
function locateInSection(sources: Sources, name: 'site_profile' | 'thresholds', key: string | undefined, rest: string): string | undefined {
  const holders = Object.keys(sources.files)
    .sort()
    .flatMap((file) => {
      const section = (sources.files[file] as Record<string, unknown> | undefined)?.[name];
      return isObject(section) ? [{ file, section }] : [];
    });
  if (key !== undefined) {
    const item = /^\[(\d+)\](.*)$/.exec(rest);
    const merged = isObject(sources.body[name]) ? sources.body[name][key] : undefined;
    for (const { file, section } of holders) {
      if (!Object.hasOwn(section, key)) continue;
      const own = section[key];
      if (item && Array.isArray(merged) && Array.isArray(own)) {
        const j = own.indexOf(merged[Number(item[1])]);
        if (j >= 0) return `${file}: ${name}.${key}[${j}]${item[2]}`;
        continue;
      }
      return `${file}: ${name}.${key}${rest}`;
    }
  }
  if (name === 'site_profile' && key === undefined) {
    const unknown = unknownProfileField(holders);
    if (unknown !== undefined) return `${unknown.file}: site_profile.${unknown.key}${rest}`;
  }
  if (holders.length === 1) return `${holders[0]!.file}: ${name}${key === undefined ? '' : `.${key}`}${rest}`;
  return undefined;
}

/** The fields a site profile may have: the schema's own list, so the CLI keeps no second copy. */
const PROFILE_FIELDS: ReadonlySet<string> = new Set(Object.keys(SiteProfileSchema.shape));

/**
 * The schema reports an unknown profile field at `site_profile` itself, without the key: when several
 * sources hold a profile section, only the key tells which of them to name. The first source (in
 * assembly order) holding a field the schema does not know, and that field.
 */
function unknownProfileField(
  holders: readonly { file: string; section: Record<string, unknown> }[],
): { file: string; key: string } | undefined {
  for (const { file, section } of holders) {
    const key = Object.keys(section).find((k) => !PROFILE_FIELDS.has(k));
    if (key !== undefined) return { file, key };
  }
  return undefined;
}

/**
 * The engine's lint, then what only this checkout can tell: whether each rule's evidence fields are ones
 * its kind carries (rules/README.md), whether its message has text in every language, and whether the
 * profile's selectors parse.
 */
export function lintSources(sources: Sources, now: number): LocatedIssue[] {
  const issues = [...lintRuleSet(sources.body, { now }), ...lintAgainstCheckout(sources.body), ...lintSelectors(sources.body)];
  return issues.map((issue) => ({ ...issue, where: locate(sources, issue.path, issue.message) }));
}

/**
 * Lint the sources, print every issue (`level: file: path: message`) and refuse (exit 2) when any is an
 * error: how `rules lint` and rules/assemble.ts both end, so the readable baseline.json is held to the
 * checks the signed feed is (`build` and `bundle` call lintSources). Returns the issues (warnings only).
 */
export function requireLintClean(io: Io, sources: Sources): LocatedIssue[] {
  const issues = lintSources(sources, io.now());
  for (const i of issues) io.out(`${i.level}: ${i.where}: ${i.message}`);
  const errors = issues.filter((i) => i.level === 'error');
  if (errors.length > 0)
    throw new CliError(EXIT.input, `${errors.length} lint error(s); first: ${errors[0]!.where}: ${errors[0]!.message}`);
  return issues;
}

function lintAgainstCheckout(body: Record<string, unknown>): LintIssue[] {
  const raw = Array.isArray(body.rules) ? body.rules : [];
  return raw.flatMap((entry, i) => {
    // A rule that does not parse (or of a kind this release does not know) is already an error of the engine's lint.
    const parsed = RuleSchema.safeParse(entry);
    if (!parsed.success) return [];
    const path = ['rules', i];
    return [...lintEvidenceFields(parsed.data, path, evidenceContract()), ...lintMessageTexts(parsed.data, path, RULE_MESSAGES)];
  });
}
