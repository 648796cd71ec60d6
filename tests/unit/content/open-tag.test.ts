import { describe, expect, it } from 'vitest';
import { MAX_OPEN_TAG, openTagAtEnd } from '../../../src/content/main/open-tag.ts';

describe('openTagAtEnd', () => {
  it('carries a start tag the text leaves open, from its <', () => {
    expect(openTagAtEnd('<p>Coins</p><img src=x on')).toBe('<img src=x on');
    expect(openTagAtEnd('<img src="/a.png" ')).toBe('<img src="/a.png" ');
  });

  it('carries nothing once every tag is closed, or where there is no tag', () => {
    expect(openTagAtEnd('<p>Coins</p><img src=x onerror="a()">')).toBe('');
    expect(openTagAtEnd('Coins in stock')).toBe('');
    expect(openTagAtEnd('')).toBe('');
  });

  it('reads a > inside a quoted value as part of the value, not the end of the tag', () => {
    expect(openTagAtEnd('<img title="a>b" on')).toBe('<img title="a>b" on');
    expect(openTagAtEnd("<img alt='x\" > y' on")).toBe("<img alt='x\" > y' on");
    expect(openTagAtEnd('<img title="open value > still')).toBe('<img title="open value > still');
  });

  it('starts at a < inside a quoted value: the attributes after it are still carried', () => {
    expect(openTagAtEnd('<img title="<b')).toBe('<b');
  });

  it('keeps the end of a tag padded past the bound, still read as a tag', () => {
    const padded = '<img src=x' + ' '.repeat(5000) + 'on';
    const carried = openTagAtEnd(padded);
    expect(carried.startsWith('<x ')).toBe(true);
    expect(carried.endsWith(' on')).toBe(true);
    expect(carried.length).toBe(MAX_OPEN_TAG + 3);
  });
});
