/**
 * URL/path patterns from rule data, matched without regular expressions: data never becomes a
 * RegExp, so a hostile or careless feed cannot cause catastrophic backtracking.
 *
 * Syntax: literal characters, `*` (any run of characters except `/`) and `**` (any run, `/` included).
 * - A pattern that starts with `/` is a path pattern, matched against the URL's pathname.
 * - Otherwise it is a URL pattern `scheme://host/path`, matched against `scheme://host[:port]/path?query`
 *   (the fragment never leaves the browser, so it is ignored).
 *
 * Matching simulates a small NFA over the pattern's characters: O(n·m) in the worst case, with no
 * backtracking, and usually near-linear because only wildcard states stay alive.
 */

import { RuleSetError } from './errors.ts';

/** Compile-time budgets: anything beyond these is rejected outright (feed-design row 56). */
export const PATTERN_MAX_LENGTH = 4096;
export const PATTERN_MAX_WILDCARDS = 32;
/** Stricter limits the maintainers' lint applies, so the shipped set stays far from the budget. */
export const LINT_PATTERN_MAX_LENGTH = 512;
export const LINT_PATTERN_MAX_WILDCARDS = 8;

const STAR = -1; // `*`: any character but `/`
const GLOBSTAR = -2; // `**`: any character
const SLASH = 47;

export interface CompiledPattern {
  readonly source: string;
  readonly kind: 'path' | 'url';
  /** Character codes, or STAR / GLOBSTAR. */
  readonly units: Int32Array;
  readonly wildcards: number;
  /** Text before the first wildcard: a cheap `startsWith` filter. */
  readonly prefix: string;
  /** Text after the last wildcard: a cheap `endsWith` filter. */
  readonly suffix: string;
  /** For URL patterns whose host has no wildcard: that host, lower-case (lets indexes bucket by host). */
  readonly host: string | null;
}

export class PatternError extends Error {
  override name = 'PatternError';
}

const URL_PATTERN_HEAD = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/;

export function compilePattern(source: string): CompiledPattern {
  if (source.length === 0) throw new PatternError('pattern is empty');
  if (source.length > PATTERN_MAX_LENGTH) {
    throw new PatternError(`pattern is ${source.length} characters; the budget is ${PATTERN_MAX_LENGTH}`);
  }
  if (source.includes('***')) throw new PatternError('`***` is ambiguous: use `*` or `**`');
  let kind: 'path' | 'url';
  let host: string | null = null;
  if (source.startsWith('/')) {
    kind = 'path';
  } else {
    const head = URL_PATTERN_HEAD.exec(source);
    if (!head) throw new PatternError('pattern must start with `/` (a path) or `scheme://host/` (a URL)');
    const hostPart = head[2] ?? '';
    if (hostPart === '') throw new PatternError('URL pattern has no host');
    if (hostPart !== hostPart.toLowerCase()) throw new PatternError('hosts are lower-case in URLs; write the host in lower case');
    if (head[3] === undefined) throw new PatternError('URL pattern needs a path after the host (at least `/`)');
    if (!hostPart.includes('*')) host = hostPart.replace(/:\d+$/, '');
    kind = 'url';
  }
  const units: number[] = [];
  let wildcards = 0;
  for (let i = 0; i < source.length; i++) {
    if (source.charCodeAt(i) === 42 /* * */) {
      wildcards++;
      if (source.charCodeAt(i + 1) === 42) {
        units.push(GLOBSTAR);
        i++;
      } else {
        units.push(STAR);
      }
    } else {
      units.push(source.charCodeAt(i));
    }
  }
  if (wildcards > PATTERN_MAX_WILDCARDS) {
    throw new PatternError(`pattern has ${wildcards} wildcards; the budget is ${PATTERN_MAX_WILDCARDS}`);
  }
  const first = source.indexOf('*');
  const last = source.lastIndexOf('*');
  return {
    source,
    kind,
    units: Int32Array.from(units),
    wildcards,
    prefix: first === -1 ? source : source.slice(0, first),
    suffix: first === -1 ? source : source.slice(last + 1),
    host,
  };
}

/** True when the pattern is nothing but wildcards (a catch-all the lint refuses for non-info rules). */
export function isCatchAll(pattern: CompiledPattern): boolean {
  if (pattern.wildcards === 0) return false;
  const body = pattern.kind === 'url' ? pattern.source.replace(/^[a-z][a-z0-9+.-]*:\/\//, '') : pattern.source;
  return body.replace(/[*/]/g, '') === '';
}

/** The string a pattern of this kind is matched against. */
export function patternSubject(kind: 'path' | 'url', url: URL): string {
  return kind === 'path' ? url.pathname : `${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

export function matchPattern(pattern: CompiledPattern, url: URL): boolean {
  return matchUnits(pattern, patternSubject(pattern.kind, url));
}

/** Matches a prepared subject string; exported for tests and for callers that reuse a subject. */
export function matchUnits(pattern: CompiledPattern, subject: string): boolean {
  if (pattern.wildcards === 0) return subject === pattern.source;
  if (!subject.startsWith(pattern.prefix) || !subject.endsWith(pattern.suffix)) return false;
  if (subject.length < pattern.prefix.length + pattern.suffix.length) return false;
  const units = pattern.units;
  const m = units.length;
  // Two generations of the state set, deduplicated by a stamp array instead of clearing.
  let current = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  const stamp = new Int32Array(m + 1).fill(-1);
  let currentSize = 0;
  const add = (set: Int32Array, size: number, state: number, generation: number): number => {
    // Follow the epsilon moves: a wildcard may match nothing.
    let s = state;
    let n = size;
    while (s <= m && stamp[s] !== generation) {
      stamp[s] = generation;
      set[n++] = s;
      if (s < m && (units[s] ?? 0) < 0) s++;
      else break;
    }
    return n;
  };
  currentSize = add(current, 0, pattern.prefix.length, 0);
  for (let i = pattern.prefix.length; i < subject.length; i++) {
    const c = subject.charCodeAt(i);
    let nextSize = 0;
    for (let k = 0; k < currentSize; k++) {
      const s = current[k] ?? m;
      if (s === m) continue;
      const u = units[s] ?? 0;
      if (u === GLOBSTAR || (u === STAR && c !== SLASH)) nextSize = add(next, nextSize, s, i + 1);
      else if (u === c) nextSize = add(next, nextSize, s + 1, i + 1);
    }
    if (nextSize === 0) return false;
    [current, next] = [next, current];
    currentSize = nextSize;
  }
  for (let k = 0; k < currentSize; k++) if (current[k] === m) return true;
  return false;
}

/** Compiles a pattern from the data, reporting a bad one at its path in the body. */
export function compilePatternAt(source: string, path: string): CompiledPattern {
  try {
    return compilePattern(source);
  } catch (error) {
    if (error instanceof PatternError) throw new RuleSetError(path, error.message);
    throw error;
  }
}
