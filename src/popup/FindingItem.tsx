/** One verdict explained: what was seen (the rule's message), who did it, and why it matters. */
import type { Actor, Verdict } from '../shared/findings.ts';
import { ACTOR_KEYS, SEVERITY_KEYS, whyKey } from '../ui/explain.ts';
import { t } from '../ui/i18n.ts';

function actorDetail(actor: Actor): string | null {
  return actor.url ?? actor.extensionId ?? null;
}

export function FindingItem({ verdict }: { verdict: Verdict }) {
  const { actor } = verdict.finding;
  const detail = actorDetail(actor);
  return (
    <li data-rule={verdict.ruleId} data-kind={verdict.finding.kind} data-severity={verdict.severity}>
      <p class="what">
        <span class={`severity severity-${verdict.severity}`}>{t(SEVERITY_KEYS[verdict.severity])}</span> {t(verdict.messageKey)}
      </p>
      <p class="who">
        <span class="label">{t('finding_who')}</span> {t(ACTOR_KEYS[actor.type])}
        {detail && <code class="actor-url">{detail}</code>}
      </p>
      <p class="why">
        <span class="label">{t('finding_why')}</span> {t(whyKey(verdict.finding.kind, verdict.severity))}
      </p>
    </li>
  );
}
