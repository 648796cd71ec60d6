/** One page's findings, grouped and explained (the first of each reason says why it matters), under a heading. */
import type { Verdict } from '../shared/findings.ts';
import { firstOfEachReason, groupVerdicts } from '../ui/group-verdicts.ts';
import { namedPartsByAddress } from '../ui/secret-parts.ts';
import { FindingItem } from './FindingItem.tsx';

export function FindingList({ verdicts, testId, title }: { verdicts: readonly Verdict[]; testId: string; title: string }) {
  const groups = groupVerdicts(verdicts);
  if (groups.length === 0) return null;
  const firstOfWhy = firstOfEachReason(groups);
  // Every secret part any of the page's findings named, for each address (an actor shown is one finding's of a group).
  const partsOf = namedPartsByAddress(verdicts.map((verdict) => verdict.finding));
  return (
    <section aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>{title}</h2>
      <ul class="findings" data-testid={testId}>
        {groups.map((group, index) => (
          <FindingItem
            key={`${group.verdict.ruleId}|${group.verdict.finding.at}`}
            group={group}
            showWhy={firstOfWhy.has(index)}
            partsOf={partsOf}
          />
        ))}
      </ul>
    </section>
  );
}
