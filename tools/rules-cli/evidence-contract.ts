/**
 * The evidence contract — which evidence fields each finding kind carries — read from its one written
 * form, the table under "## Evidence contract" in rules/README.md (tests/unit/ui/evidence.test.ts reads
 * the same table). Keeping no second list here means a field documented for sensors is known to lint
 * the moment it is documented, and a field lint accepts is one the README promises rules can rely on.
 * Fields marked _(bg)_ count: the background fills them before rules are evaluated.
 */
import { readFileSync } from 'node:fs';

export type EvidenceContract = ReadonlyMap<string, ReadonlySet<string>>;

export const CONTRACT_SOURCE = 'rules/README.md';
const SECTION_START = '## Evidence contract';

/**
 * `| kind | field(s) | type | meaning |` rows; a row with an empty kind cell continues the kind above it,
 * and a field cell may name several fields (`` `x`, `y` ``).
 */
export function parseEvidenceContract(markdown: string): EvidenceContract {
  const start = markdown.indexOf(SECTION_START);
  if (start < 0) throw new Error(`${CONTRACT_SOURCE}: no "${SECTION_START}" section`);
  const end = markdown.indexOf('\n## ', start + SECTION_START.length);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const contract = new Map<string, Set<string>>();
  let kind: string | undefined;
  for (const line of section.split('\n')) {
    const cells = /^\|([^|]*)\|([^|]*)\|/.exec(line);
    if (!cells) continue;
    const named = /^\s*`([a-z-]+)`\s*$/.exec(cells[1]!);
    if (named) kind = named[1]!;
    else if (cells[1]!.trim() !== '') kind = undefined; // the header row and its rule
    if (kind === undefined) continue;
    const fields = contract.get(kind) ?? new Set<string>();
    for (const field of cells[2]!.matchAll(/`(\w+)`/g)) fields.add(field[1]!);
    contract.set(kind, fields);
  }
  if (contract.size === 0) throw new Error(`${CONTRACT_SOURCE}: the "${SECTION_START}" section has no table rows`);
  return contract;
}

let cached: EvidenceContract | undefined;

/** This checkout's contract, read once (the CLI runs from the checkout, as it reads manifest.json). */
export function evidenceContract(): EvidenceContract {
  cached ??= parseEvidenceContract(readFileSync(new URL(`../../${CONTRACT_SOURCE}`, import.meta.url), 'utf8'));
  return cached;
}
