/**
 * Where a `<meta http-equiv=refresh>` sends its document (src/content/main/refresh-url.ts): the forms HTML's
 * declarative refresh accepts, and the ones that carry no URL.
 */
import { describe, expect, it } from 'vitest';
import { isRefresh, refreshUrl } from '../../../src/content/main/refresh-url.ts';

describe('refreshUrl', () => {
  it('reads the URL after the time, with or without url=, quoted or not, any case and spacing', () => {
    expect(refreshUrl('0;url=https://evil.example/a?c=1')).toBe('https://evil.example/a?c=1');
    expect(refreshUrl("0; URL='https://evil.example/b?c=1'")).toBe('https://evil.example/b?c=1');
    expect(refreshUrl('5, "https://evil.example/c"')).toBe('https://evil.example/c');
    expect(refreshUrl('0,https://evil.example/d')).toBe('https://evil.example/d');
    expect(refreshUrl('  1.5 \n url = /kz/login?expired=1 ')).toBe('/kz/login?expired=1');
    expect(refreshUrl('0 https://evil.example/e')).toBe('https://evil.example/e');
  });

  it('ends a quoted URL at its quote, and keeps quotes inside an unquoted one', () => {
    expect(refreshUrl("0;url='https://evil.example/f'junk")).toBe('https://evil.example/f');
    expect(refreshUrl("0;url=https://evil.example/g?q='x'")).toBe("https://evil.example/g?q='x'");
  });

  it('finds no URL in a plain reload, an empty content or a missing one', () => {
    expect(refreshUrl('30')).toBeNull();
    expect(refreshUrl('0;')).toBeNull();
    expect(refreshUrl('')).toBeNull();
    expect(refreshUrl(null)).toBeNull();
    expect(refreshUrl("0;url=''")).toBeNull();
  });
});

describe('isRefresh', () => {
  it('takes refresh in any ASCII case, nothing else', () => {
    expect(isRefresh('refresh')).toBe(true);
    expect(isRefresh('Refresh')).toBe(true);
    expect(isRefresh('REFRESH')).toBe(true);
    expect(isRefresh('content-security-policy')).toBe(false);
    expect(isRefresh(' refresh')).toBe(false);
    expect(isRefresh(null)).toBe(false);
  });
});
