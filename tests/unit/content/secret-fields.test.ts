import { describe, expect, it } from 'vitest';
import { secretKind } from '../../../src/shared/secret-fields.ts';

/** A field's attributes as secretKind reads them. */
const kindOf = (attributes: Record<string, string>): string =>
  secretKind(
    (name) => attributes[name] ?? null,
    (pattern, text) => pattern.test(text),
  );

describe('secretKind: which secret a secret field holds, from its markup', () => {
  it.each([
    [{ name: 'password' }, 'password'],
    [{}, 'password'],
    [{ id: 'ecp-pin' }, 'cert-password'],
    [{ name: 'p12-pass' }, 'cert-password'],
    [{ autocomplete: 'one-time-code' }, 'sms-code'],
    [{ 'data-role': 'sms' }, 'sms-code'],
    [{ autocomplete: 'cc-number' }, 'card'],
    [{ name: 'cvv' }, 'card'],
  ])('%j → %s', (attributes, kind) => {
    expect(kindOf(attributes)).toBe(kind);
  });

  it('takes the first hint that matches, in the order certificate, SMS code, card', () => {
    expect(kindOf({ name: 'card', id: 'cert' })).toBe('cert-password');
    expect(kindOf({ name: 'card-code' })).toBe('sms-code');
  });

  it('reads only the four hint attributes (a field labelled "card" elsewhere is still a password)', () => {
    expect(kindOf({ 'aria-label': 'card', placeholder: 'sms', class: 'cert' })).toBe('password');
  });
});
