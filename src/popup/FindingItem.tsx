/** One verdict: severity, what was seen (the rule's explanation) and who did it. */
import type { Actor, Verdict } from '../shared/findings.ts';
import { t } from '../ui/i18n.ts';

function describeActor(actor: Actor): string {
  const who = t(`actor_${actor.type}`);
  return actor.url ? `${who}: ${actor.url}` : actor.extensionId ? `${who}: ${actor.extensionId}` : who;
}

export function FindingItem({ verdict }: { verdict: Verdict }) {
  return (
    <li data-rule={verdict.ruleId} data-kind={verdict.finding.kind} data-severity={verdict.severity}>
      <span class="severity">{t(`severity_${verdict.severity}`)}</span> — {t(verdict.messageKey)}
      <div class="actor">{describeActor(verdict.finding.actor)}</div>
    </li>
  );
}
