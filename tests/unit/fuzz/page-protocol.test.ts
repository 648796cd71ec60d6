/**
 * Fuzz the MAIN ↔ ISOLATED channel validators (src/shared/page-protocol.ts). The port is private, but
 * the validator is the last line if page code ever got hold of it: it must never throw (a throw in the
 * ISOLATED world's onmessage would be a way to knock the relay over), never let through anything it
 * did not build itself, and never produce a message that says something no sensor can say ("clean").
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTOR_TYPES, FINDING_KINDS } from '../../../src/shared/findings.ts';
import { parseLaneMessage, parseMainToIsolated } from '../../../src/shared/page-protocol.ts';
import { parseIsolatedToMain } from '../../../src/content/main/profile-message.ts';
import type { MainToIsolatedMessage } from '../../../src/shared/page-protocol.ts';
import { fuzz, timeoutFor } from './budget.ts';
import { mutatedJson, nastyValue } from './mutate.ts';

const VALID: unknown[] = [
  {
    t: 'finding',
    finding: {
      kind: 'script-inserted',
      actor: { type: 'script', url: 'https://helper-cdn.example/autobuy.js', sha256: 'a'.repeat(64) },
      evidence: { source: 'url', removedAfterRun: true, count: 3 },
      at: 1_750_000_000_000,
    },
  },
  {
    t: 'finding',
    finding: { kind: 'cart-request', actor: { type: 'anonymous' }, evidence: { url: '/api/cart/items', quantity: 99 }, at: 5 },
  },
  { t: 'synthetic', eventType: 'click', at: 1234.5, actor: { type: 'extension', extensionId: 'abcdefghijklmnop' } },
  { t: 'hooked-insertions', keys: ['src:https://helper-cdn.example/autobuy.js', 'inline:12:window.__a=1'] },
  { t: 'synced', n: 3 },
];

const PROFILE_MESSAGE = {
  t: 'profile',
  profile: {
    firstPartyOrigins: ['https://kazcoins.nationalbank.kz'],
    trustedOrigins: ['https://epay.kazpay.test'],
    requestPrefixes: ['/api/cart/'],
    controlSelectors: ['[data-action="add-to-cart"]'],
    sensitiveFieldSelectors: ['input[type="password"]'],
  },
};

/** Values a page could post (structured-cloneable): objects, arrays, typed arrays, dates, maps, nulls. */
const cloneable = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
  withBoxedValues: true,
});

const TOP_KEYS = new Set(['t', 'finding', 'eventType', 'at', 'actor', 'keys', 'n']);

/** What the validator returns must be plain data it built: known kinds, bounded, no extra keys. */
function checkWellFormed(m: MainToIsolatedMessage): void {
  expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  for (const k of Object.keys(m)) expect(TOP_KEYS).toContain(k);
  expect(['finding', 'synthetic', 'hooked-insertions', 'synced']).toContain(m.t);
  if (m.t === 'synced') expect(Number.isInteger(m.n) && m.n > 0 && m.n <= 2 ** 31).toBe(true);
  if (m.t === 'hooked-insertions') {
    expect(m.keys.length).toBeGreaterThan(0);
    expect(m.keys.length).toBeLessThanOrEqual(64);
    for (const key of m.keys) expect(typeof key).toBe('string');
  }
  const actor = m.t === 'finding' ? m.finding.actor : m.t === 'synthetic' ? m.actor : null;
  if (actor) {
    expect(ACTOR_TYPES).toContain(actor.type);
    for (const k of Object.keys(actor)) expect(['type', 'url', 'sha256', 'extensionId']).toContain(k);
  }
  if (m.t === 'finding') {
    expect(FINDING_KINDS).toContain(m.finding.kind);
    expect(Number.isFinite(m.finding.at)).toBe(true);
    expect(Object.keys(m.finding.evidence).length).toBeLessThanOrEqual(24);
    for (const [k, v] of Object.entries(m.finding.evidence)) {
      expect(k).not.toBe('__proto__');
      expect(['string', 'number', 'boolean']).toContain(typeof v);
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(2048);
    }
  }
  // Idempotent: the validator's own output passes it unchanged.
  expect(parseMainToIsolated(structuredClone(m))).toEqual(m);
}

function checkMainToIsolated(value: unknown): string {
  let out: MainToIsolatedMessage | null;
  try {
    out = parseMainToIsolated(value);
  } catch (e) {
    throw new Error(`parseMainToIsolated threw (would break the relay): ${String(e)}`);
  }
  if (out === null) return 'ignored';
  checkWellFormed(out);
  return `accepted ${out.t}`;
}

describe('fuzz: MAIN ↔ ISOLATED channel validator', () => {
  it(
    'mutated valid messages: null or a well-formed message, never a throw',
    () => {
      fuzz('page-protocol/mutated', mutatedJson(VALID), (value) => checkMainToIsolated(structuredClone(value)));
    },
    timeoutFor('page-protocol/mutated'),
  );

  it(
    'anything a page can post (dates, maps, typed arrays, null prototypes, boxed values): never a throw',
    () => {
      const arb = fc.oneof(
        cloneable,
        fc.record(
          {
            t: fc.constantFrom('finding', 'synthetic', 'hooked-insertions', 'synced', 'verdict', 'clean', '__proto__'),
            finding: cloneable,
            actor: cloneable,
            key: cloneable,
            at: cloneable,
            eventType: cloneable,
            n: cloneable,
          },
          { requiredKeys: ['t'] },
        ),
        fc.record({
          t: fc.constant('finding'),
          finding: fc.record({
            kind: fc.constantFrom(...FINDING_KINDS, 'clean', 'all-clear'),
            actor: cloneable,
            evidence: cloneable,
            at: cloneable,
          }),
        }),
      );
      fuzz('page-protocol/cloneable', arb, (value) => checkMainToIsolated(value));
    },
    timeoutFor('page-protocol/cloneable'),
  );

  it(
    'lane texts (a CustomEvent detail): null or a well-formed message, never a throw',
    () => {
      const text = fc.oneof(
        mutatedJson(VALID).map((value) => JSON.stringify(value) ?? ''),
        fc.string({ maxLength: 64 }),
        fc.string({ unit: 'binary', maxLength: 64 }),
        fc.integer({ min: 8000, max: 9000 }).map((n) => `{"t":"hooked-insertions","keys":["${'k'.repeat(n)}"]}`),
      );
      fuzz('page-protocol/lane', fc.oneof(text, nastyValue), (value) => {
        let out: MainToIsolatedMessage | null;
        try {
          out = parseLaneMessage(value);
        } catch (e) {
          throw new Error(`parseLaneMessage threw (would break the lane listener): ${String(e)}`);
        }
        if (out === null) return 'ignored';
        expect(typeof value === 'string' && value.length <= 8192).toBe(true);
        checkWellFormed(out);
        return `accepted ${out.t}`;
      });
    },
    timeoutFor('page-protocol/lane'),
  );

  it(
    "the ISOLATED world's messages back to MAIN: null, or a profile of exactly five bounded string lists, or a well-formed sync or closed-root focus",
    () => {
      const focus = { t: 'closed-focus', at: 812.5, field: 'password' };
      fuzz(
        'page-protocol/profile',
        fc.oneof(
          mutatedJson([
            PROFILE_MESSAGE,
            { t: 'sync', n: 7 },
            focus,
            { t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40), handover: 'z'.repeat(40) },
            { t: 'among', selector: 'form', complete: true },
          ]),
          nastyValue,
        ),
        (value) => {
          const out = parseIsolatedToMain(structuredClone(value));
          if (out === null) return 'ignored';
          if (out.t === 'lane') {
            expect(out).toEqual({
              t: 'lane',
              type: expect.stringMatching(/^.{40}$/s),
              ask: expect.stringMatching(/^.{40}$/s),
              handover: expect.stringMatching(/^(?:.{40})?$/s),
            });
            return 'accepted lane';
          }
          if (out.t === 'listening') {
            expect(out).toEqual({ t: 'listening' });
            return 'accepted listening';
          }
          if (out.t === 'among') {
            expect(Object.keys(out).sort()).toEqual(['complete', 'selector', 't']);
            expect(typeof out.selector === 'string' && out.selector.length <= 65_536 && typeof out.complete === 'boolean').toBe(true);
            return 'accepted among';
          }
          if (out.t === 'sync') {
            expect(Number.isInteger(out.n) && out.n > 0 && out.n <= 2 ** 31).toBe(true);
            return 'accepted sync';
          }
          if (out.t === 'closed-focus') {
            expect(Object.keys(out).sort()).toEqual(['at', 'field', 't']);
            expect(['', 'password', 'sms-code', 'cert-password', 'card']).toContain(out.field);
            expect(Number.isFinite(out.at) && out.at >= 0).toBe(true);
            return 'accepted focus';
          }
          expect(Object.keys(out.profile).sort()).toEqual([
            'controlSelectors',
            'firstPartyOrigins',
            'requestPrefixes',
            'sensitiveFieldSelectors',
            'trustedOrigins',
          ]);
          for (const list of Object.values(out.profile)) {
            expect(list.length).toBeLessThanOrEqual(256);
            for (const s of list) expect(typeof s === 'string' && s.length <= 2048).toBe(true);
          }
          return 'accepted';
        },
      );
    },
    timeoutFor('page-protocol/profile'),
  );
});
