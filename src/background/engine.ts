/**
 * The one question the background asks the rules in force: given findings from a page, which verdicts
 * follow? Which rules are in force is the feed's business (feed-updater.ts): the signed baseline at
 * first, each verified update after it is committed.
 */
import type { Finding, Verdict } from '../shared/findings.ts';
import type { SiteProfileForPage } from '../shared/protocol.ts';
import type { CompiledRuleSet } from '../shared/rules/compile.ts';
import { evaluate } from '../shared/rules/match.ts';
import { signalProfileFor, type SignalProfile } from './signal-profile.ts';

export interface Engine {
  version: string;
  profileForPage(): SiteProfileForPage;
  /** What the background's aggregators ask of these rules: endpoints, origins, thresholds (judge.ts, aggregate.ts). */
  signals: SignalProfile;
  /** The verdicts one finding (already aggregated) yields on a page. */
  evaluate(finding: Finding, pageUrl: string): Verdict[];
}

/**
 * `now` decides allow-rule expiry at each evaluation. The feed updater passes the feed client's effective
 * time, max(now, timeFloor): with the raw device clock, setting it back would revive expired allow rules.
 */
export function createEngine(compiled: CompiledRuleSet, version: string, now: () => number): Engine {
  const profile = compiled.profile;
  const forPage: SiteProfileForPage = {
    purchaseControlSelectors: [...profile.purchase_control_selectors],
    quantitySelectors: [...profile.quantity_selectors],
    sensitiveFieldSelectors: [...profile.sensitive_field_selectors],
    paymentFormSelectors: [...profile.payment_form_selectors],
    limitMessageSelectors: [...profile.limit_message_selectors],
    perBuyerLimit: profile.per_buyer_limit ?? 0,
    firstPartyOrigins: [...profile.first_party_origins],
    trustedOrigins: [...profile.trusted_third_party_origins],
    // Text before the first wildcard: the page hooks only need a coarse "might be a cart request".
    requestPrefixes: [...profile.cart_url_patterns, ...profile.order_url_patterns].map((pattern) => pattern.split('*')[0] ?? ''),
  };
  return {
    version,
    profileForPage: () => forPage,
    signals: signalProfileFor(compiled),
    evaluate: (finding, pageUrl) => evaluate(compiled, finding, { pageUrl, now: now() }),
  };
}
