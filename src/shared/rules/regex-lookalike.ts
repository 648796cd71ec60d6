/**
 * Rule patterns are not regular expressions (pattern.ts: literal text, `*` and `**`), but maintainers
 * who know regexes write them anyway, and such a pattern compiles and then silently matches nothing
 * (or only the literal text). The lint warns on constructs that mean something in a regex and nothing
 * sensible read literally — never on what a glob legitimately holds: `*.example.com`, `app.*.js` (a dot,
 * then any extension), `$batch` (OData), `?q=` in a URL pattern's query, `filter[name]` in a query.
 */
import type { CompiledPattern } from './pattern.ts';

const REGEX_SIGNS: readonly { sign: RegExp; what: string }[] = [
  // The URL parser turns `\` into `/` in http(s) URLs, so a backslash can never match.
  { sign: /\\/, what: '`\\` (a regex escape)' },
  { sign: /\(\?/, what: '`(?` (a regex group)' },
  { sign: /\([^)]*\|[^)]*\)/, what: '`(…|…)` (a regex alternation)' },
  // Only ranges (`[a-z0-9_]`) or a negation: a query's `filter[created-at]` is a name, not a class.
  { sign: /\[\^|\[(?:[a-zA-Z0-9]-[a-zA-Z0-9])+[_.-]*\]/, what: '`[…]` (a regex character class)' },
  { sign: /\{\d+(,\d*)?\}/, what: '`{n,m}` (a regex repetition)' },
  { sign: /(\/|:\/\/|\()\^/, what: '`^` (a regex start anchor)' },
  { sign: /\$($|[)|])/, what: '`$` at the end (a regex end anchor)' },
  // At the start of a path segment or host `.*` is a regex's "anything": no shop URL has a segment or
  // host that starts with a dot. After a name (`app.*`) it is a glob's "this name, any extension".
  { sign: /(\/|:\/\/|\()\.\*|\.\+/, what: '`.*` or `.+` (a regex "any characters"; here `.` is a dot)' },
];

/** What makes the pattern look like a regex, or undefined when it reads as a pattern. */
export function regexLookalike(pattern: CompiledPattern): string | undefined {
  const sign = REGEX_SIGNS.find((s) => s.sign.test(pattern.source))?.what;
  if (sign !== undefined) return sign;
  // A path pattern is matched against the path alone, which never holds a `?` (`carts?` is a regex).
  if (pattern.kind === 'path' && pattern.source.includes('?')) return '`?` (a regex optional; a path never holds a `?`)';
  return undefined;
}
