/** Option parsing on node:util parseArgs, with errors turned into usage errors (exit 1). */
import { parseArgs } from 'node:util';
import { usageError } from './cli-error.ts';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * `positionals`: how many file arguments the verb takes. One more is refused, not ignored: `verify a.json
 * b.json` checked only the first, and a release script that globbed its files passed on the rest unchecked.
 */
export function parse(argv: readonly string[], options: OptionSpec, positionals = 0): Parsed {
  let parsed: Parsed;
  try {
    const result = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    parsed = { values: result.values as Parsed['values'], positionals: result.positionals };
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  // An empty value is a typo or an unset shell variable (`--dir "$MIRROR"`), never a choice: `publish --dir ""`
  // published into the working directory, past the "a typo is not a new mirror" guard.
  for (const [name, value] of Object.entries(parsed.values))
    for (const item of Array.isArray(value) ? value : [value]) if (item === '') throw usageError(`--${name} must not be empty`);
  const extra = parsed.positionals[positionals];
  if (extra !== undefined)
    throw usageError(
      `unexpected argument ${JSON.stringify(extra)}: ${positionals === 0 ? 'this verb takes options only' : `this verb takes at most ${positionals} file(s)`}`,
    );
  return parsed;
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function required(p: Parsed, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === '') throw usageError(`--${name} is required`);
  return v;
}

/**
 * A repeatable option's values. The same value twice is a slip, refused: `publish --dir a --dir a` wrote the
 * mirror twice and reported two mirrors, `--key a --key a` would sign once and count as two holders' work.
 */
export function list(p: Parsed, name: string): string[] {
  const v = p.values[name];
  const values = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
  const twice = values.find((x, i) => values.indexOf(x) !== i);
  if (twice !== undefined) throw usageError(`--${name} ${twice} is given twice`);
  return values;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** A positive integer option (versions, days, thresholds), refusing `1e3`, `2.5` and friends. */
export function int(p: Parsed, name: string, fallback?: number): number {
  const v = str(p, name);
  if (v === undefined) {
    if (fallback === undefined) throw usageError(`--${name} is required`);
    return fallback;
  }
  if (!/^(0|[1-9][0-9]{0,15})$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw usageError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * At most a hundred years: a feed date has a four-digit year, and a date past 9999 (or past what a
 * Date holds) failed deep in the verb, as "Invalid time value" naming neither the option nor a file.
 */
const MAX_EXPIRES_DAYS = 36_500;

/** `--expires-days`: at least one day (a document that expires as it is issued is refused by every client). */
export function expiresDays(p: Parsed, fallback: number): number {
  const days = int(p, 'expires-days', fallback);
  if (days < 1) throw usageError('--expires-days must be at least 1');
  if (days > MAX_EXPIRES_DAYS) throw usageError(`--expires-days must be at most ${MAX_EXPIRES_DAYS} (a hundred years), got ${days}`);
  return days;
}
