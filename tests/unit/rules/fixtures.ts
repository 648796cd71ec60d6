/** Small rule-set bodies for tests: a valid minimal profile and a rule builder with valid samples. */
import type { Finding } from '../../../src/shared/findings.ts';

export const PAGE = 'https://kazcoins.nationalbank.kz/ru/';

export const PROFILE = {
  shop_hosts: ['kazcoins.nationalbank.kz'],
  first_party_origins: ['https://kazcoins.nationalbank.kz'],
  trusted_third_party_origins: ['https://epay.kazpay.test', 'https://cdn.shopmetrics.test'],
  cart_url_patterns: ['/api/cart/**'],
  order_url_patterns: ['/api/order'],
  checkout_url_patterns: ['https://epay.kazpay.test/**'],
};

export function finding(kind: Finding['kind'], actor: Finding['actor'], evidence: Finding['evidence'] = {}): Finding {
  return { kind, actor, evidence, at: 1_750_000_000_000 };
}

const foreignUrl = (url: string): Finding => finding('exfiltration', { type: 'script', url: 'https://x.example/a.js' }, { url });

/** An exfiltration rule on `evidence.url` being foreign, with samples that behave. */
export function exfilRule(id = 'SAQ-EXF-001', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    kind: 'exfiltration',
    severity: 'warning',
    message: 'rule_exfil_unknown_host',
    references: ['https://www.nationalbank.kz/'],
    when: { evidence: { url: { url_origin: ['foreign'] } } },
    samples: { positive: [foreignUrl('https://evil.example/c')], negative: [foreignUrl('https://cdn.shopmetrics.test/c')] },
    ...extra,
  };
}

export function body(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schema: 1, site_profile: PROFILE, rules, ...extra };
}
