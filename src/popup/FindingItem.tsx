/**
 * One thing Saq saw, explained: what (the rule's message), how often, who did it, and why it matters.
 * The "why" is said once per reason: the list names it under the first finding it applies to.
 */
import type { Actor } from '../shared/findings.ts';
import { shownScriptAddress } from '../ui/evidence.ts';
import { ACTOR_KEYS, ruleText, SEVERITY_KEYS, whyKey } from '../ui/explain.ts';
import type { VerdictGroup } from '../ui/group-verdicts.ts';
import type { NamedParts } from '../ui/secret-parts.ts';
import { t } from '../ui/i18n.ts';

/**
 * The script's address as the report shows it (no query; the parts the page's findings named as carrying a secret
 * as `…`: `partsOf`, ui/secret-parts.ts), or the extension's id.
 */
function actorDetail(actor: Actor, partsOf: (address: string) => NamedParts): string | null {
  return actor.url ? shownScriptAddress(actor.url, partsOf(actor.url)) : (actor.extensionId ?? null);
}

export function FindingItem({
  group: { verdict, count },
  showWhy,
  partsOf,
}: {
  group: VerdictGroup;
  showWhy: boolean;
  partsOf: (address: string) => NamedParts;
}) {
  const { actor } = verdict.finding;
  const detail = actorDetail(actor, partsOf);
  return (
    <li data-rule={verdict.ruleId} data-kind={verdict.finding.kind} data-severity={verdict.severity}>
      <p class="what">
        <span class={`severity severity-${verdict.severity}`}>{t(SEVERITY_KEYS[verdict.severity])}</span>{' '}
        {ruleText(t, verdict.messageKey, verdict.ruleId)}
        {count > 1 && (
          <>
            <span class="count" aria-hidden="true" title={t('finding_repeated', String(count))}>
              ×{count}
            </span>
            <span class="sr-only">{t('finding_repeated', String(count))}</span>
          </>
        )}
      </p>
      <p class="who">
        <span class="label">{t('finding_who')}</span> {t(ACTOR_KEYS[actor.type])}
        {detail && <code class="actor-url">{detail}</code>}
      </p>
      {showWhy && (
        <p class="why">
          <span class="label">{t('finding_why')}</span> {t(whyKey(verdict.finding.kind, verdict.severity))}
        </p>
      )}
    </li>
  );
}
