import { describe, expect, it } from 'vitest';
import { bucketSelectors, splitSelectors } from '../../../src/shared/selector-buckets.ts';

describe('selector buckets (what an added element is matched against in the MAIN world)', () => {
  it('splits a list at its top-level commas only', () => {
    expect(splitSelectors('a, b[x="1,2"], :is(c, d), e[y=\'p,q\'], f\\,g ,')).toEqual([
      'a',
      'b[x="1,2"]',
      ':is(c, d)',
      "e[y='p,q']",
      'f\\,g',
    ]);
  });

  it('sorts each selector by its subject: a type, attributes it needs, or anything else', () => {
    const buckets = bucketSelectors(
      [
        'input[name*="sms" i]',
        'form',
        'FORM[action*="epay"]',
        '.btn-buy',
        '[data-role="quantity"]',
        '#buy:hover',
        'div > .add-to-cart',
        '.cart button[name="add"]',
        '*:not(:defined)',
        ':nth-child(2)',
        '*',
        'svg|a',
        'in\\70ut',
        '[data-x="a b"] > select',
        'section :is(.x, .y)',
      ].join(','),
    );
    expect(buckets.tags).toEqual({
      input: 'input[name*="sms" i]',
      form: 'form,FORM[action*="epay"]',
      button: '.cart button[name="add"]',
      select: '[data-x="a b"] > select',
    });
    expect(buckets.attributed).toBe('.btn-buy,[data-role="quantity"],#buy:hover,div > .add-to-cart');
    expect(buckets.bare).toBe('*:not(:defined),:nth-child(2),*,svg|a,in\\70ut,section :is(.x, .y)');
  });

  it('loses no selector: every one lands in exactly one bucket', () => {
    const list = 'a,b.c,[d],e f,g>h,i+j,k~l,:root,*,m:not(.n)';
    const { bare, attributed, tags } = bucketSelectors(list);
    const all = [bare, attributed, ...Object.values(tags)].filter(Boolean).flatMap(splitSelectors);
    expect(all.sort()).toEqual(splitSelectors(list).sort());
  });

  it('gives empty buckets for an empty list', () => {
    expect(bucketSelectors('')).toEqual({ bare: '', attributed: '', tags: {} });
  });
});
