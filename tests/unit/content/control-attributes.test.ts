import { describe, expect, it } from 'vitest';
import { selectorAttributes } from '../../../src/content/isolated/controls.ts';

describe('the attributes a control selector list depends on', () => {
  it('names attribute selectors, classes and ids', () => {
    expect(
      selectorAttributes('[data-action="add-to-cart"],button[name="add-to-cart"],.add-to-cart,#buy,form[action*="epay"]').sort(),
    ).toEqual(['action', 'class', 'data-action', 'id', 'name']);
  });

  it('reads nothing into quoted values, and nothing for tag names', () => {
    expect(selectorAttributes('form[action*="pay.kz#x"],button')).toEqual(['action']);
    expect(selectorAttributes("input[name='a.b']")).toEqual(['name']);
    expect(selectorAttributes('button, input')).toEqual([]);
  });

  it('lower-cases attribute names (HTML attributes match case-insensitively) and handles the empty list', () => {
    expect(selectorAttributes('[Data-Role=quantity i]')).toEqual(['data-role']);
    expect(selectorAttributes('')).toEqual([]);
  });
});
