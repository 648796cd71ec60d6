import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PATTERN_MAX_LENGTH,
  PATTERN_MAX_WILDCARDS,
  PatternError,
  compilePattern,
  isCatchAll,
  matchPattern,
  matchUnits,
} from '../../../src/shared/rules/pattern.ts';

const m = (pattern: string, url: string): boolean => matchPattern(compilePattern(pattern), new URL(url));

describe('glob patterns', () => {
  it('matches path patterns against the pathname only', () => {
    expect(m('/api/cart/*', 'https://a.kz/api/cart/items?x=1')).toBe(true);
    expect(m('/api/cart/*', 'https://a.kz/api/cart/items/3')).toBe(false);
    expect(m('/api/cart/**', 'https://a.kz/api/cart/items/3')).toBe(true);
    expect(m('/api/order', 'https://a.kz/api/order')).toBe(true);
    expect(m('/api/order', 'https://a.kz/api/orders')).toBe(false);
  });

  it('matches URL patterns against scheme, host, path and query', () => {
    expect(m('https://discord.com/api/webhooks/**', 'https://discord.com/api/webhooks/1/abc')).toBe(true);
    expect(m('https://discord.com/api/webhooks/**', 'https://discord.com/invite/x')).toBe(false);
    expect(m('https://*.example.com/x', 'https://a.example.com/x')).toBe(true);
    expect(m('https://*.example.com/x', 'https://a.b.example.com/x')).toBe(true); // `*` stops only at `/`
    expect(m('https://a.kz/s?q=*', 'https://a.kz/s?q=coins')).toBe(true);
    expect(compilePattern('https://discord.com/api/**').host).toBe('discord.com');
    expect(compilePattern('https://*.discord.com/api/**').host).toBeNull();
  });

  it('refuses malformed patterns with a reason', () => {
    expect(() => compilePattern('')).toThrow(PatternError);
    expect(() => compilePattern('cart/*')).toThrow(/start with/);
    expect(() => compilePattern('https://A.kz/')).toThrow(/lower-case/);
    expect(() => compilePattern('https://a.kz')).toThrow(/path/);
    expect(() => compilePattern('/a/***')).toThrow(/ambiguous/);
    expect(() => compilePattern(`/${'a'.repeat(PATTERN_MAX_LENGTH)}`)).toThrow(/budget/);
    expect(() => compilePattern(`/${'*a'.repeat(PATTERN_MAX_WILDCARDS + 1)}`)).toThrow(/wildcards/);
  });

  it('tells catch-alls', () => {
    expect(isCatchAll(compilePattern('/**'))).toBe(true);
    expect(isCatchAll(compilePattern('https://*/**'))).toBe(true);
    expect(isCatchAll(compilePattern('/api/**'))).toBe(false);
    expect(isCatchAll(compilePattern('/'))).toBe(false);
  });

  it('agrees with a reference regex on random inputs', () => {
    // The regex is built here, in the test, from a tiny alphabet: it is the oracle, not the engine.
    const toRegex = (p: string): RegExp =>
      new RegExp(`^${p.replace(/\*\*|\*|[.?/]/g, (t) => (t === '**' ? '.*' : t === '*' ? '[^/]*' : `\\${t}`))}$`, 's');
    const alphabet = fc.constantFrom('a', 'b', '/', '.');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(alphabet, fc.constantFrom('*', '**')), { maxLength: 10 }).map((parts) => `/${parts.join('')}`),
        fc.array(alphabet, { maxLength: 14 }).map((cs) => `/${cs.join('')}`),
        (pattern, subject) => {
          if (pattern.includes('***')) return;
          expect(matchUnits(compilePattern(pattern), subject)).toBe(toRegex(pattern).test(subject));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finishes pathological patterns quickly (no backtracking blow-up)', () => {
    const nasty = [
      `/${'*a'.repeat(PATTERN_MAX_WILDCARDS)}b`,
      `/${'**a'.repeat(PATTERN_MAX_WILDCARDS)}b`,
      `/**${'a'.repeat(PATTERN_MAX_LENGTH - 10)}b`,
    ];
    const subject = `/${'a'.repeat(20_000)}`;
    const started = performance.now();
    for (const source of nasty) expect(matchUnits(compilePattern(source), subject)).toBe(false);
    // A backtracking matcher takes astronomically long here; the NFA is O(n·m) at worst.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
