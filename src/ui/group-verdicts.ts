/**
 * The popup lists each distinct thing once: an auto-clicker that clicked twenty times is one line
 * "seen 20 times", not twenty. Distinct means same rule and same actor; the count adds up the times each
 * verdict of the group was judged (the background keeps one per subject, with its count). Worst first,
 * then earliest.
 */
import type { Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';
import { whyKey } from './explain.ts';

export interface VerdictGroup {
  verdict: Verdict;
  count: number;
}

function groupKey({ ruleId, finding: { actor } }: Verdict): string {
  return [ruleId, actor.type, actor.url ?? '', actor.extensionId ?? '', actor.sha256 ?? ''].join('\u0000');
}

/** A count read from storage: a whole number of at least one, whatever was stored. */
export const timesSeen = ({ seen }: Verdict): number => (typeof seen === 'number' && Number.isSafeInteger(seen) && seen > 1 ? seen : 1);

export function groupVerdicts(verdicts: readonly Verdict[]): VerdictGroup[] {
  const groups = new Map<string, VerdictGroup>();
  for (const verdict of verdicts) {
    const key = groupKey(verdict);
    const group = groups.get(key);
    const times = timesSeen(verdict);
    if (!group) groups.set(key, { verdict, count: times });
    else {
      group.count += times;
      if (verdict.finding.at < group.verdict.finding.at) group.verdict = verdict;
    }
  }
  return [...groups.values()].sort(
    (a, b) => severityRank(b.verdict.severity) - severityRank(a.verdict.severity) || a.verdict.finding.at - b.verdict.finding.at,
  );
}

/** Indexes of the groups that first give each reason ("why it matters"), so a reason is said once. */
export function firstOfEachReason(groups: readonly VerdictGroup[]): Set<number> {
  const seen = new Set<string>();
  const first = new Set<number>();
  groups.forEach(({ verdict }, index) => {
    const key = whyKey(verdict.finding.kind, verdict.severity);
    if (!seen.has(key)) {
      seen.add(key);
      first.add(index);
    }
  });
  return first;
}
