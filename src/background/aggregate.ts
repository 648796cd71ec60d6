/**
 * The background's aggregation step, between the sensors' facts and the rules: fills the evidence
 * fields marked (bg) in rules/README.md from the tab's recent history and network traffic, and derives
 * the findings that raw facts stand for (page-request → cart-request / exfiltration). Pure.
 */
import type { Finding } from '../shared/findings.ts';
import { countUntrustedActivation, measureCadence } from './activation-counts.ts';
import { deriveFindings, NO_TRAFFIC, type CartTrafficView } from './derive.ts';
import type { SignalProfile } from './signal-profile.ts';

function enrich(finding: Finding, history: readonly Finding[], profile: SignalProfile): Finding {
  switch (finding.kind) {
    case 'untrusted-activation':
      return countUntrustedActivation(finding, history, profile);
    case 'purchase-cadence':
      return measureCadence(finding, history, profile);
    default:
      return finding;
  }
}

/** The batch with its (bg) fields filled, followed by what it derives; oldest first, as received. */
export function aggregate(
  batch: readonly Finding[],
  recent: readonly Finding[],
  profile: SignalProfile,
  traffic: CartTrafficView = NO_TRAFFIC,
): Finding[] {
  const history = [...recent];
  const enriched: Finding[] = [];
  for (const finding of batch) {
    const filled = enrich(finding, history, profile);
    history.push(filled);
    enriched.push(filled);
  }
  return [...enriched, ...deriveFindings(enriched, recent, profile, traffic)];
}
