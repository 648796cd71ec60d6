/**
 * Indicators compiled into lookups whose cost does not grow with their number: hash maps for exact
 * hosts, hashes and extension ids; a label walk for host suffixes; URL patterns bucketed by their
 * literal host; one automaton for code tokens. Every entry remembers the rule it belongs to.
 */
import { RuleSetError } from './errors.ts';
import { compilePatternAt, matchPattern, type CompiledPattern } from './pattern.ts';
import type { IndicatorType, Indicators } from './schema.ts';
import { TokenScanner, type TokenEntry } from './tokens.ts';
import { hostnameOf, hostSuffixes } from './url.ts';

interface RulePattern {
  pattern: CompiledPattern;
  ruleId: string;
}

function addTo(map: Map<string, string[]>, key: string, ruleId: string): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, [ruleId]);
  else if (!ids.includes(ruleId)) ids.push(ruleId);
}

export class IndicatorIndex {
  private readonly hosts = new Map<string, string[]>();
  private readonly suffixes = new Map<string, string[]>();
  private readonly sha256 = new Map<string, string[]>();
  private readonly extensionIds = new Map<string, string[]>();
  private readonly patternsByHost = new Map<string, RulePattern[]>();
  /** URL patterns with a wildcard in the host: few by nature, so a list is fine. */
  private readonly patternsAnyHost: RulePattern[] = [];
  private readonly patternsByRule = new Map<string, CompiledPattern[]>();
  readonly tokens: TokenScanner;

  constructor(indicators: Indicators) {
    for (const g of indicators.hosts) for (const v of g.values) addTo(this.hosts, v, g.rule);
    for (const g of indicators.host_suffixes) for (const v of g.values) addTo(this.suffixes, v, g.rule);
    for (const g of indicators.sha256) for (const v of g.values) addTo(this.sha256, v, g.rule);
    for (const g of indicators.extension_ids) for (const v of g.values) addTo(this.extensionIds, v, g.rule);
    indicators.url_patterns.forEach((g, gi) => {
      g.values.forEach((source, vi) => {
        const pattern = compileIndicatorPattern(source, `indicators.url_patterns[${gi}].values[${vi}]`);
        const entry = { pattern, ruleId: g.rule };
        if (pattern.host === null) this.patternsAnyHost.push(entry);
        else {
          const bucket = this.patternsByHost.get(pattern.host);
          if (bucket === undefined) this.patternsByHost.set(pattern.host, [entry]);
          else bucket.push(entry);
        }
        const own = this.patternsByRule.get(g.rule);
        if (own === undefined) this.patternsByRule.set(g.rule, [pattern]);
        else own.push(pattern);
      });
    });
    const tokens: TokenEntry[] = [];
    for (const g of indicators.code_tokens) for (const token of g.values) tokens.push({ token, ruleId: g.rule });
    this.tokens = new TokenScanner(tokens);
  }

  /** Does `ruleId` own an indicator of `type` matching this URL (host types, url_pattern) or value? */
  has(type: Exclude<IndicatorType, 'code_token'>, ruleId: string, url: URL | null, value: string | undefined): boolean {
    switch (type) {
      case 'host':
        return url !== null && (this.hosts.get(hostnameOf(url))?.includes(ruleId) ?? false);
      case 'host_suffix': {
        const hostname = url === null ? '' : hostnameOf(url);
        if (hostname === '') return false;
        for (const suffix of hostSuffixes(hostname)) if (this.suffixes.get(suffix)?.includes(ruleId)) return true;
        return false;
      }
      case 'url_pattern':
        return url !== null && (this.patternsByRule.get(ruleId)?.some((p) => matchPattern(p, url)) ?? false);
      case 'sha256':
        return value !== undefined && (this.sha256.get(value.toLowerCase())?.includes(ruleId) ?? false);
      case 'extension_id':
        return value !== undefined && (this.extensionIds.get(value)?.includes(ruleId) ?? false);
    }
  }

  /** Every rule that owns a matching indicator of `type`: the candidates an indexed rule needs. */
  nominate(type: Exclude<IndicatorType, 'code_token'>, url: URL | null, value: string | undefined, into: Set<string>): void {
    const addAll = (ids: readonly string[] | undefined): void => {
      if (ids !== undefined) for (const id of ids) into.add(id);
    };
    switch (type) {
      case 'host':
        if (url !== null) addAll(this.hosts.get(hostnameOf(url)));
        return;
      case 'host_suffix': {
        const hostname = url === null ? '' : hostnameOf(url);
        if (hostname !== '') for (const s of hostSuffixes(hostname)) addAll(this.suffixes.get(s));
        return;
      }
      case 'url_pattern':
        if (url === null) return;
        for (const e of this.patternsByHost.get(url.hostname) ?? []) if (matchPattern(e.pattern, url)) into.add(e.ruleId);
        for (const e of this.patternsAnyHost) if (matchPattern(e.pattern, url)) into.add(e.ruleId);
        return;
      case 'sha256':
        if (value !== undefined) addAll(this.sha256.get(value.toLowerCase()));
        return;
      case 'extension_id':
        if (value !== undefined) addAll(this.extensionIds.get(value));
        return;
    }
  }

  /** Rules owning a host, host-suffix or URL-pattern indicator that matches: the background's quick exfil check. */
  urlMatches(url: URL): Set<string> {
    const found = new Set<string>();
    this.nominate('host', url, undefined, found);
    this.nominate('host_suffix', url, undefined, found);
    this.nominate('url_pattern', url, undefined, found);
    return found;
  }
}

function compileIndicatorPattern(source: string, path: string): CompiledPattern {
  const pattern = compilePatternAt(source, path);
  if (pattern.kind !== 'url') throw new RuleSetError(path, 'indicator patterns must be full URLs (`https://host/path`), not paths');
  return pattern;
}
