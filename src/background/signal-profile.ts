/**
 * What the background's aggregators ask of the rules in force: which shop endpoint a URL hits, whose
 * origin it is, and the behaviour thresholds (windows, rates). Built from the compiled rule set so a
 * feed update retunes the aggregators with the rules; a plain interface so unit tests pass fakes.
 */
import type { CompiledRuleSet } from '../shared/rules/compile.ts';
import { classifyRequest } from '../shared/rules/match.ts';
import type { RequestClass } from '../shared/rules/request-classifier.ts';
import { DEFAULT_THRESHOLDS, type KnownThreshold } from '../shared/rules/thresholds.ts';
import { parseUrl, type OriginClass } from '../shared/rules/url.ts';

export interface SignalProfile {
  classifyRequest(url: string): RequestClass | null;
  originClass(url: string): OriginClass;
  threshold(name: KnownThreshold): number;
  /** The shop's host names (the extension inventory asks which extensions reach them). */
  shopHosts: readonly string[];
}

export function signalProfileFor(compiled: CompiledRuleSet): SignalProfile {
  return {
    classifyRequest: (url) => classifyRequest(compiled, url),
    originClass: (url) => compiled.origins.classify(parseUrl(url)),
    threshold: (name) => compiled.thresholds[name] ?? DEFAULT_THRESHOLDS[name],
    shopHosts: [...compiled.profile.shop_hosts],
  };
}
