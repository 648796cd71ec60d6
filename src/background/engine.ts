/**
 * The rules in force and the one question the background asks them: given findings from a page, which
 * verdicts follow? Until the signed feed client swaps in a newer set, the bundled baseline applies.
 */
import baseline from '../../rules/baseline.json' with { type: 'json' };
import type { Finding, Verdict } from '../shared/findings.ts';
import type { SiteProfileForPage } from '../shared/protocol.ts';
import { compileRuleSet, type CompiledRuleSet } from '../shared/rules/compile.ts';
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

export async function loadEngine(): Promise<Engine> {
  return createEngine(compileRuleSet(baseline), `baseline ${String((baseline as { version?: unknown }).version ?? '')}`.trim());
}
