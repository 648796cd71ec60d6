/** Why a warning matters, in the bank's own three points: malware and data theft, clause 11.4, limits checked on every transaction. */
import { t } from '../ui/i18n.ts';

export function WhyItMatters() {
  return (
    <section class="why-block" aria-labelledby="why-title" data-testid="why">
      <h2 id="why-title">{t('why_title')}</h2>
      <ul>
        <li>{t('why_malware')}</li>
        <li>{t('why_rules')}</li>
        <li>{t('why_limits')}</li>
      </ul>
    </section>
  );
}
