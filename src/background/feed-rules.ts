/**
 * What the feed client compiles a verified rules body into, and the engine built from it. Allow rules
 * depend on the clock (each has its own expiry, and all stop once the rules payload expires: a frozen
 * allowlist is an attack), so the engine is rebuilt when that changes, never reused past it, and judges
 * each entry's expiry by the feed's effective time, max(now, timeFloor), never the raw device clock.
 */
import type { JsonObject } from '../shared/feed/strict-json.ts';
import type { ActiveRules } from '../shared/feed/refresh.ts';
import { compileRuleSet } from '../shared/rules/compile.ts';
import type { CompiledRuleSet } from '../shared/rules/compile.ts';
import { createEngine } from './engine.ts';
import type { Engine } from './engine.ts';

export interface FeedRules {
  body: JsonObject;
  compiled: CompiledRuleSet;
}

/** The feed client's compile step: refuses (throws) anything over budget or malformed. */
export function compileFeedRules(body: JsonObject, now: number): FeedRules {
  return { body, compiled: compileRuleSet(body, { now }) };
}

/** The rule set to judge with: allow rules dropped once the rules payload has expired. */
export function compiledFor(active: ActiveRules<FeedRules>): CompiledRuleSet {
  return active.allowRulesActive ? active.rules.compiled : compileRuleSet(active.rules.body, { allowRulesActive: false, now: 0 });
}

/**
 * One engine per (rules content, allow rules active); rebuilt only when either changes. Keyed on the
 * rules' SHA-256, not their version: after a `rules` key rotation the same version may carry new rules.
 * `now` is the feed client's effective time.
 */
export function createEngineCache(now: () => number): (active: ActiveRules<FeedRules>) => Engine {
  let key = '';
  let engine: Engine | undefined;
  return (active) => {
    const next = `${active.sha256}:${active.allowRulesActive}`;
    if (engine === undefined || next !== key) {
      engine = createEngine(compiledFor(active), String(active.version), now);
      key = next;
    }
    return engine;
  };
}
