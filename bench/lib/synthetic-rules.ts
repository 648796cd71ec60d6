/**
 * Synthetic rule sets for the engine, feed and service-worker memory benchmarks. Kept free of
 * Node-only code, so the service-worker probe (bench/sw-memory.bench.ts) can bundle it for the browser.
 */
import type { Finding } from '../../src/shared/findings.ts';

const sample: Finding = { kind: 'exfiltration', actor: { type: 'page' }, evidence: {}, at: 0 };

/**
 * Indicator-heavy: most rules own one exact host, the rest a host suffix, a script hash or a URL
 * pattern with a literal host — the shapes a real feed of exfiltration channels and helper hashes takes.
 */
export function syntheticRuleSet(n: number): Record<string, unknown> {
  const hosts: unknown[] = [];
  const suffixes: unknown[] = [];
  const hashes: unknown[] = [];
  const patterns: unknown[] = [];
  const rules: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const id = `SAQ-SYN-${i}`;
    const type = i % 10 < 6 ? 'host' : i % 10 < 8 ? 'host_suffix' : i % 10 < 9 ? 'sha256' : 'url_pattern';
    if (type === 'host') hosts.push({ rule: id, values: [`h${i}.exfil.example`] });
    if (type === 'host_suffix') suffixes.push({ rule: id, values: [`s${i}.tunnel.example`] });
    if (type === 'sha256') hashes.push({ rule: id, values: [i.toString(16).padStart(64, '0')] });
    if (type === 'url_pattern') patterns.push({ rule: id, values: [`https://p${i}.hook.example/api/*/x/**`] });
    const when =
      type === 'sha256' ? { actor_in_indicators: ['sha256'] } : { evidence: { url: { in_indicators: [type] } }, actor_type_not: ['page'] };
    rules.push({
      id,
      kind: 'exfiltration',
      severity: 'critical',
      message: 'rule_synthetic',
      references: [],
      when,
      samples: { positive: [sample], negative: [sample] },
    });
  }
  // A handful of behaviour rules every real set has, evaluated for every finding.
  rules.push({
    id: 'SAQ-SYN-U',
    kind: 'exfiltration',
    severity: 'warning',
    message: 'rule_synthetic',
    references: [],
    when: { evidence: { url: { url_origin: ['foreign'] } } },
    samples: { positive: [sample], negative: [sample] },
  });
  return {
    schema: 1,
    site_profile: { shop_hosts: ['kazcoins.nationalbank.kz'], first_party_origins: ['https://kazcoins.nationalbank.kz'] },
    indicators: { hosts, host_suffixes: suffixes, sha256: hashes, url_patterns: patterns },
    rules,
  };
}
