/**
 * Merges the readable rule sources (rules/src/*.json, one topic each) into one body, the same bytes
 * every time: files in name order, profile lists de-duplicated in first-seen order, rules sorted by id,
 * indicator groups sorted by rule. A source may carry a `$comment`; it is dropped.
 * Conflicts (the same rule id or threshold in two files, two per-buyer limits) are errors naming both files.
 * A section present with the wrong type is an error naming file and field, never skipped: a skipped
 * `rules` map would drop its rules from the signed set while lint still says "ok".
 */
import { RuleSetError } from './errors.ts';
import { RULE_SET_SCHEMA_VERSION, SiteProfileSchema } from './schema.ts';

type Json = Record<string, unknown>;

const SOURCE_KEYS = new Set(['$comment', 'schema', 'site_profile', 'indicators', 'thresholds', 'rules']);

/** The sections that may hold decimal fractions (thresholds, sample evidence), as the strict parser needs them named. */
export const SOURCE_SECTIONS = ['site_profile', 'indicators', 'thresholds', 'rules'] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The site profile's one field that is a value: every other field the schema knows is a list. Checked per source, so
 * `"shop_hosts": "x.kz"` names its file — merged with another file's list it was dropped without a word, or named
 * a conflict with no file.
 */
const PROFILE_VALUES = new Set(['per_buyer_limit']);
const isProfileList = (key: string): boolean => Object.hasOwn(SiteProfileSchema.shape, key) && !PROFILE_VALUES.has(key);

/** A missing section is fine (a source holds one topic); a present one must have its type. */
function checkSection(name: string, source: Json, key: string, ok: (value: unknown) => boolean, what: string): void {
  if (source[key] !== undefined && !ok(source[key])) throw new RuleSetError(`${name}: ${key}`, what);
}

export function assembleRuleSet(files: Record<string, unknown>): Json {
  const profile: Record<string, unknown> = {};
  const profileOwner: Record<string, string> = {};
  const indicators: Record<string, Json[]> = {};
  const thresholds: Record<string, unknown> = {};
  const thresholdOwner: Record<string, string> = {};
  const rules: Json[] = [];
  const ruleOwner = new Map<string, string>();

  for (const name of Object.keys(files).sort()) {
    const source = files[name];
    if (!isObject(source)) throw new RuleSetError(name, 'a rule source must be a JSON object');
    for (const key of Object.keys(source)) {
      if (!SOURCE_KEYS.has(key)) throw new RuleSetError(`${name}: ${key}`, 'unknown top-level field in a rule source');
    }
    if (source.schema !== undefined && source.schema !== RULE_SET_SCHEMA_VERSION) {
      throw new RuleSetError(`${name}: schema`, `sources are schema ${RULE_SET_SCHEMA_VERSION}`);
    }
    checkSection(name, source, 'site_profile', isObject, 'must be an object');
    checkSection(name, source, 'indicators', isObject, 'must be an object');
    checkSection(name, source, 'thresholds', isObject, 'must be an object');
    checkSection(name, source, 'rules', Array.isArray, 'must be a list');
    if (isObject(source.site_profile)) {
      for (const [key, value] of Object.entries(source.site_profile)) {
        const prev = profile[key];
        if (isProfileList(key) && !Array.isArray(value)) throw new RuleSetError(`${name}: site_profile.${key}`, 'must be a list');
        if (Array.isArray(value)) {
          if (prev !== undefined && !Array.isArray(prev))
            throw new RuleSetError(`${name}: site_profile.${key}`, `a list here, a single value in ${profileOwner[key] ?? '?'}`);
          const merged = Array.isArray(prev) ? prev : [];
          for (const item of value) if (!merged.includes(item)) merged.push(item);
          profile[key] = merged;
          profileOwner[key] ??= name;
        } else if (prev !== undefined && prev !== value) {
          throw new RuleSetError(`${name}: site_profile.${key}`, `conflicts with ${profileOwner[key] ?? '?'}`);
        } else {
          profile[key] = value;
          profileOwner[key] = name;
        }
      }
    }
    if (isObject(source.indicators)) {
      for (const [list, groups] of Object.entries(source.indicators)) {
        if (!Array.isArray(groups)) throw new RuleSetError(`${name}: indicators.${list}`, 'must be a list of groups');
        // Each group checked here, by the file's own index: sorting the assembled groups reads their `rule`.
        for (const [index, group] of (groups as unknown[]).entries())
          if (!isObject(group)) throw new RuleSetError(`${name}: indicators.${list}[${index}]`, 'must be an object');
        (indicators[list] ??= []).push(...(groups as Json[]));
      }
    }
    if (isObject(source.thresholds)) {
      for (const [key, value] of Object.entries(source.thresholds)) {
        if (thresholdOwner[key] !== undefined) throw new RuleSetError(`${name}: thresholds.${key}`, `also set in ${thresholdOwner[key]}`);
        thresholds[key] = value;
        thresholdOwner[key] = name;
      }
    }
    if (Array.isArray(source.rules)) {
      for (const [index, rule] of (source.rules as unknown[]).entries()) {
        // Named here, by the file's own index: once assembled, a rule without an id has no file to name.
        if (!isObject(rule)) throw new RuleSetError(`${name}: rules[${index}]`, 'must be an object');
        if (typeof rule.id !== 'string' || rule.id === '')
          throw new RuleSetError(`${name}: rules[${index}].id`, 'missing (every rule needs a string id)');
        const id = rule.id;
        const owner = ruleOwner.get(id);
        if (owner !== undefined) throw new RuleSetError(`${name}: rules ${id}`, `duplicate rule id, also in ${owner}`);
        ruleOwner.set(id, name);
        rules.push(rule as Json);
      }
    }
  }

  // Code-unit order, not localeCompare: the output must not depend on the machine's ICU data.
  const byKey =
    (key: string) =>
    (a: Json, b: Json): number => {
      const x = String(a[key]);
      const y = String(b[key]);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  const sortedIndicators: Record<string, Json[]> = {};
  for (const list of Object.keys(indicators).sort()) sortedIndicators[list] = [...(indicators[list] ?? [])].sort(byKey('rule'));
  const sortedThresholds: Record<string, unknown> = {};
  for (const key of Object.keys(thresholds).sort()) sortedThresholds[key] = thresholds[key];
  return {
    schema: RULE_SET_SCHEMA_VERSION,
    site_profile: profile,
    indicators: sortedIndicators,
    thresholds: sortedThresholds,
    rules: [...rules].sort(byKey('id')),
  };
}
