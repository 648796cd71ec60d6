/**
 * Badge text and colour per tab, from the worst verdict. Empty for a tab with no verdict of warning
 * or higher (info notes never light the badge: a person must not learn to ignore it).
 */
import type { Severity, Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';
import { worstSeverity } from './tab-findings.ts';

export interface BadgeLook {
  text: string;
  color: string;
}

const COLORS: Record<Severity, string> = {
  info: '#5f6b7a',
  warning: '#b35c00',
  danger: '#c62828',
  critical: '#8e0000',
};

export function badgeFor(verdicts: readonly Verdict[]): BadgeLook {
  const worst = worstSeverity(verdicts);
  if (worst === null || severityRank(worst) < severityRank('warning')) return { text: '', color: COLORS.info };
  const count = verdicts.filter((verdict) => severityRank(verdict.severity) >= severityRank('warning')).length;
  return { text: count > 99 ? '99+' : String(count), color: COLORS[worst] };
}
