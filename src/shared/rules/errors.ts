/**
 * The one error the rules engine throws for bad input. `path` points into the rule-set body in the
 * spelling maintainers read in the JSON (`rules[3].when.evidence.count.gte`), so the CLI and the feed
 * client can show exactly which entry to fix.
 */
export class RuleSetError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'RuleSetError';
    this.path = path;
  }
}

/** `['rules', 3, 'when']` → `rules[3].when`; the empty path is the body itself (`$`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '$' : out;
}
