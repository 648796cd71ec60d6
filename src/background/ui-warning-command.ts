/**
 * Which in-page warning a tab's verdicts call for, with its texts in the person's language. Pure: the
 * background decides and localises, the content script only displays. Info notes never raise it.
 */
import type { Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';
import type { WarningBGtoCS } from '../shared/protocol.ts';
import { VERDICT_KEYS } from '../ui/explain.ts';
import type { Language } from '../ui/languages.ts';
import type { Translate } from '../ui/translate.ts';
import { worstSeverity } from './tab-findings.ts';

/** The severity the in-page warning shows, or null when the verdicts call for none. */
export function warningSeverity(verdicts: readonly Verdict[]): WarningBGtoCS['severity'] | null {
  const worst = worstSeverity(verdicts);
  if (worst === null || worst === 'info' || severityRank(worst) < severityRank('warning')) return null;
  return worst;
}

export function warningCommandFor(
  verdicts: readonly Verdict[],
  t: Translate,
  lang: Language,
  page: { pageId: string; pageUrl: string | null },
): WarningBGtoCS | null {
  const worst = warningSeverity(verdicts);
  if (worst === null) return null;
  return {
    type: 'warning/bg-to-cs',
    pageId: page.pageId,
    pageUrl: page.pageUrl ?? '',
    severity: worst,
    lang,
    label: t('warning_label'),
    title: t(VERDICT_KEYS[worst].title),
    detail: t(VERDICT_KEYS[worst].detail),
    hint: t('warning_hint'),
    dismiss: t('warning_dismiss'),
  };
}
