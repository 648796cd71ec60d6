import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenScanner } from '../../../src/shared/rules/tokens.ts';

describe('Aho–Corasick token scanner', () => {
  it('finds overlapping and nested tokens', () => {
    const s = new TokenScanner([
      { token: 'he', ruleId: 'A' },
      { token: 'she', ruleId: 'B' },
      { token: 'hers', ruleId: 'C' },
      { token: 'his', ruleId: 'D' },
    ]);
    expect([...s.scan('ushers')].sort()).toEqual(['A', 'B', 'C']);
    expect([...s.scan('')]).toEqual([]);
  });

  it('agrees with String.includes on random tokens and texts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        text,
        (tokens, t) => {
          const entries = tokens.map((token, i) => ({ token, ruleId: `R${i % 3}` }));
          const expected = new Set(entries.filter((e) => t.includes(e.token)).map((e) => e.ruleId));
          expect(new TokenScanner(entries).scan(t)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
