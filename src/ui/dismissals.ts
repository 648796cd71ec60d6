/**
 * Per-page dismissals of the in-page warning. A page is its origin and path: the query and fragment
 * change with every visit and may hold personal data, so they are never stored. A dismissal holds
 * only while the danger does not grow: a worse verdict shows the warning again.
 */
import type { Severity } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';

export interface Dismissal {
  at: number;
  severity: Severity;
}
export type Dismissals = Record<string, Dismissal>;

export function pageKeyOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return '';
  }
}

export function readDismissals(stored: unknown): Dismissals {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const out: Dismissals = {};
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    const entry = value as Partial<Dismissal> | null;
    if (entry && typeof entry.at === 'number' && typeof entry.severity === 'string') out[key] = { at: entry.at, severity: entry.severity };
  }
  return out;
}

export function isDismissed(dismissals: Dismissals, pageUrl: string, severity: Severity): boolean {
  const entry = dismissals[pageKeyOf(pageUrl)];
  return entry !== undefined && severityRank(severity) <= severityRank(entry.severity);
}

/** For the options page: newest first. */
export function dismissalList(dismissals: Dismissals): Array<{ page: string } & Dismissal> {
  return Object.entries(dismissals)
    .map(([page, entry]) => ({ page, ...entry }))
    .sort((a, b) => b.at - a.at);
}

export function withoutDismissal(dismissals: Dismissals, page: string): Dismissals {
  return Object.fromEntries(Object.entries(dismissals).filter(([key]) => key !== page));
}
