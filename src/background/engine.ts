/**
 * The one question the background asks the rules in force: given findings from a page, which verdicts
 * follow? Which rules are in force is the feed's business (feed-updater.ts): the signed baseline at
 * first, each verified update after it is committed.
 */
import type { Finding, Verdict } from '../shared/findings.ts';
import type { SiteProfileForPage } from '../shared/protocol.ts';
import type { CompiledRuleSet } from '../shared/rules/compile.ts';
import { classifyRequest, evaluate } from '../shared/rules/match.ts';
import { parseUrl } from '../shared/rules/url.ts';
import { deriveFindings, type RequestProfile } from './derive.ts';

export interface Engine {
  version: string;
  profileForPage(): SiteProfileForPage;
  judge(findings: Finding[], context: { pageUrl: string; recent: readonly Finding[] }): { derived: Finding[]; verdicts: Verdict[] };
}

export function createEngine(compiled: CompiledRuleSet, version: string): Engine {
  const profile = compiled.profile;
  const requests: RequestProfile = {
    classifyRequest: (url) => classifyRequest(compiled, url),
    originClass: (url) => compiled.origins.classify(parseUrl(url)),
  };
  const forPage: SiteProfileForPage = {
    purchaseControlSelectors: [...profile.purchase_control_selectors],
    quantitySelectors: [...profile.quantity_selectors],
    sensitiveFieldSelectors: [...profile.sensitive_field_selectors],
    paymentFormSelectors: [...profile.payment_form_selectors],
  };
  return {
    version,
    profileForPage: () => forPage,
    judge(findings, { pageUrl, recent }) {
      const derived = deriveFindings(findings, recent, requests);
      const verdicts: Verdict[] = [];
      for (const finding of [...findings, ...derived]) verdicts.push(...evaluate(compiled, finding, { pageUrl }));
      return { derived, verdicts };
    },
  };
}
