import { RULES_JSON } from '../../../src/shared/feed/open-envelope.ts';
import { SOURCE_SECTIONS } from '../../../src/shared/rules/assemble.ts';
import { parse } from '../args.ts';
import { EXIT_CODES_HELP, inputError, usageError } from '../cli-error.ts';
import { decodeEnvelope, payloadObject } from '../envelope-file.ts';
import { display, isObject, parseJsonFile, readBytes } from '../files.ts';
import type { Io } from '../io.ts';
import type { Verb } from '../verb.ts';

interface Side {
  name: string;
  version: number | null;
  body: Record<string, unknown>;
}

/** An envelope, a payload from `build`, or a bare body (rules/baseline.json) — all compare as bodies. */
async function readSide(io: Io, path: string): Promise<Side> {
  const name = display(io, path);
  const bytes = await readBytes(io, path);
  // The client's strict reading, as every other verb reads files; a bare body's sections and a
  // payload's body may hold decimal fractions.
  let doc: unknown = parseJsonFile(bytes, name, { fractionsUnder: [...RULES_JSON.fractionsUnder, ...SOURCE_SECTIONS] });
  if (isObject(doc) && typeof doc.payloadType === 'string') doc = payloadObject(decodeEnvelope(bytes, name), name);
  if (isObject(doc) && doc._type === 'rules') {
    if (!isObject(doc.body)) throw inputError(`${name}: body: must be an object`);
    return { name, version: typeof doc.version === 'number' ? doc.version : null, body: doc.body };
  }
  if (isObject(doc) && Array.isArray(doc.rules)) return { name, version: null, body: doc };
  throw inputError(`${name}: not a rules envelope, payload or body`);
}

function rulesById(body: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of Array.isArray(body.rules) ? body.rules : []) if (isObject(r) && typeof r.id === 'string') out.set(r.id, r);
  return out;
}

function indicatorValues(body: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  if (!isObject(body.indicators)) return out;
  for (const [list, groups] of Object.entries(body.indicators)) {
    for (const g of Array.isArray(groups) ? groups : []) {
      if (!isObject(g) || !Array.isArray(g.values)) continue;
      for (const v of g.values) out.add(`${list}\u0000${String(g.rule)}\u0000${String(v)}`);
    }
  }
  return out;
}

export const diff: Verb = {
  name: 'diff',
  summary: 'rules added, removed and changed between two builds',
  help: `Usage: rules diff <old> <new>

Each side is a signed rules envelope, a payload from \`build\`, or a bare body. Prints
  + ID  added        - ID  removed        ~ ID  changed (which fields)
then indicator values, thresholds and site-profile fields that changed.

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {}, 2);
    const [a, b] = p.positionals;
    if (a === undefined || b === undefined) throw usageError('give two files: rules diff <old> <new>');
    const oldSide = await readSide(io, a);
    const newSide = await readSide(io, b);
    const before = rulesById(oldSide.body);
    const after = rulesById(newSide.body);
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const [id, rule] of after) {
      const old = before.get(id);
      if (!old) {
        added++;
        io.out(`+ ${id}  ${String(rule.kind)} ${String(rule.severity)}`);
      } else if (JSON.stringify(old) !== JSON.stringify(rule)) {
        changed++;
        const fields = [...new Set([...Object.keys(old), ...Object.keys(rule)])].filter(
          (k) => JSON.stringify(old[k]) !== JSON.stringify(rule[k]),
        );
        const sev = old.severity !== rule.severity ? ` (severity ${String(old.severity)} → ${String(rule.severity)})` : '';
        io.out(`~ ${id}  ${fields.join(', ')}${sev}`);
      }
    }
    for (const id of before.keys()) {
      if (!after.has(id)) {
        removed++;
        io.out(`- ${id}`);
      }
    }
    const ib = indicatorValues(oldSide.body);
    const ia = indicatorValues(newSide.body);
    const indAdded = [...ia].filter((v) => !ib.has(v)).length;
    const indRemoved = [...ib].filter((v) => !ia.has(v)).length;
    const keysChanged = (field: string): string[] => {
      const x = isObject(oldSide.body[field]) ? oldSide.body[field] : {};
      const y = isObject(newSide.body[field]) ? newSide.body[field] : {};
      return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k])).sort();
    };
    const thresholds = keysChanged('thresholds');
    const profile = keysChanged('site_profile');
    if (thresholds.length > 0) io.out(`thresholds changed: ${thresholds.join(', ')}`);
    if (profile.length > 0) io.out(`site_profile changed: ${profile.join(', ')}`);
    io.out('---');
    const v = (s: Side) => (s.version === null ? s.name : `v${s.version}`);
    io.out(
      `rules ${v(oldSide)} → ${v(newSide)}: ${added} added, ${removed} removed, ${changed} changed; indicators +${indAdded} −${indRemoved}`,
    );
  },
};
