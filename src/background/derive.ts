/**
 * Turns raw page facts into the findings rules are written for, using the site profile:
 * a `page-request` to a cart/order endpoint becomes a `cart-request` carrying the tab's current rate;
 * one to a host that is neither the shop nor a trusted provider becomes `exfiltration`.
 * Pure: the profile questions are passed in, the recent findings come from the tab record.
 */
import type { Finding } from '../shared/findings.ts';

export interface RequestProfile {
  classifyRequest(url: string): 'cart' | 'order' | 'checkout' | null;
  originClass(url: string): 'first_party' | 'trusted' | 'foreign' | 'none';
}

const RATE_WINDOW_MS = 1000;

function cartRate(recent: readonly Finding[], at: number): number {
  let count = 1;
  for (const finding of recent) {
    if (finding.kind === 'cart-request' && at - finding.at < RATE_WINDOW_MS && finding.at <= at) count++;
  }
  return count;
}

export function deriveFindings(batch: readonly Finding[], recent: readonly Finding[], profile: RequestProfile): Finding[] {
  const derived: Finding[] = [];
  const window = [...recent];
  for (const finding of batch) {
    if (finding.kind !== 'page-request') continue;
    const url = String(finding.evidence.url ?? '');
    const target = profile.classifyRequest(url);
    if (target === 'cart' || target === 'order') {
      const cart: Finding = {
        ...finding,
        kind: 'cart-request',
        evidence: { ...finding.evidence, endpoint: target, ratePerSec: cartRate(window, finding.at), seenBy: 'page-hooks' },
      };
      window.push(cart);
      derived.push(cart);
    } else if (profile.originClass(url) === 'foreign') {
      let host = '';
      try {
        host = new URL(url).host;
      } catch {
        // originClass said foreign, so the URL parses; keep the host empty if it somehow does not.
      }
      derived.push({ ...finding, kind: 'exfiltration', evidence: { ...finding.evidence, host } });
    }
  }
  return derived;
}
