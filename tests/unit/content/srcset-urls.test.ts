import { describe, expect, it } from 'vitest';
import { MAX_SRCSET_CANDIDATES, MAX_SRCSET_TEXT, srcsetUrls } from '../../../src/content/main/srcset-urls.ts';

/** The URLs as a plain array (the module returns a prototype-less list). */
const urlsOf = (srcset: string): string[] => Array.from(srcsetUrls(srcset).urls as ArrayLike<string>);

describe('srcsetUrls', () => {
  it.each([
    ['a single URL', 'https://evil.example/p?c=1', ['https://evil.example/p?c=1']],
    ['density descriptors', 'a.png 1x, b.png 2x', ['a.png', 'b.png']],
    [
      'width descriptors and any whitespace',
      '\t/a-480.jpg 480w,\n/a-960.jpg\f960w ,\r\n https://cdn.example/a.jpg  1920w',
      ['/a-480.jpg', '/a-960.jpg', 'https://cdn.example/a.jpg'],
    ],
    [
      'commas inside a URL',
      'https://evil.example/p?c=a,b 1x, data:image/png;base64,AAAA 2x',
      ['https://evil.example/p?c=a,b', 'data:image/png;base64,AAAA'],
    ],
    ['no space after a comma: one URL, as the browser reads it', 'a.png,b.png', ['a.png,b.png']],
    ['trailing commas end a candidate', 'a.png,, ,b.png 2x,', ['a.png', 'b.png']],
    ['leading separators', ' , ,https://evil.example/p', ['https://evil.example/p']],
    ['a comma inside parentheses in a descriptor', 'a.png 1x (future, thing), b.png 2x', ['a.png', 'b.png']],
    ['an unclosed parenthesis runs to the end', 'a.png (1x, b.png 2x', ['a.png']],
    ['nothing', '', []],
    ['only separators', ' ,\t, ', []],
  ])('reads %s', (_what, srcset, urls) => {
    expect(urlsOf(srcset)).toEqual(urls);
    expect(srcsetUrls(srcset).next).toBe(-1);
  });

  it(`reads at most ${MAX_SRCSET_CANDIDATES} candidates, then says where to go on from`, () => {
    const candidates = (n: number): string => Array.from({ length: n }, (_, i) => `/c${i}.png ${i + 1}x`).join(', ');
    expect(urlsOf(candidates(MAX_SRCSET_CANDIDATES))).toHaveLength(MAX_SRCSET_CANDIDATES);
    expect(srcsetUrls(candidates(MAX_SRCSET_CANDIDATES)).next).toBe(-1);
    expect(srcsetUrls(`${candidates(MAX_SRCSET_CANDIDATES)}, , `).next).toBe(-1);
    const srcset = `${candidates(MAX_SRCSET_CANDIDATES)}, https://evil.example/p 20x`;
    const first = srcsetUrls(srcset);
    expect(Array.from(first.urls as ArrayLike<string>)).not.toContain('https://evil.example/p');
    expect(first.next).toBe(srcset.indexOf('https://'));
    expect(srcsetUrls(srcset, first.next)).toEqual({ urls: ['https://evil.example/p'], next: -1 });
  });

  it(`reads at most ${MAX_SRCSET_TEXT} characters; a candidate the bound cuts is left whole for the next call`, () => {
    const padding = ' ,'.repeat(MAX_SRCSET_TEXT);
    expect(srcsetUrls(`${padding}https://evil.example/p`)).toEqual({ urls: [], next: MAX_SRCSET_TEXT });
    // Cut inside the URL, and inside the descriptors (a comma within parentheses does not end them).
    const longUrl = `https://evil.example/p?c=${'x'.repeat(MAX_SRCSET_TEXT)}`;
    const longDescriptors = `(${',x'.repeat(MAX_SRCSET_TEXT)})`;
    for (const [cutOne, url] of [
      [`${longUrl} 1x`, longUrl],
      [`https://evil.example/p ${longDescriptors} 1x`, 'https://evil.example/p'],
    ]) {
      const srcset = `/own.png 1x, ${cutOne}, /own@2x.png 2x`;
      const first = srcsetUrls(srcset);
      expect(first).toEqual({ urls: ['/own.png'], next: '/own.png 1x, '.length });
      expect(srcsetUrls(srcset, first.next, MAX_SRCSET_CANDIDATES, Infinity)).toEqual({ urls: [url, '/own@2x.png'], next: -1 });
    }
  });

  it('reads every candidate of any value, chunk by chunk, in time linear in its length', () => {
    const hostile = ['(', ',', 'a', ' ', 'a,', 'a (', 'a 1x,', '/a.png 0.1x, '].map((unit) => unit.repeat(200_000));
    const started = performance.now();
    let seen = 0;
    for (const text of hostile) {
      let read = srcsetUrls(text);
      for (let calls = 0; read.next >= 0; calls++) {
        expect(calls).toBeLessThan(text.length);
        seen += read.urls.length;
        read = srcsetUrls(text, read.next, MAX_SRCSET_CANDIDATES, Infinity);
      }
      seen += read.urls.length;
    }
    expect(seen).toBeGreaterThan(400_000);
    // 2.6 MB of text in all: a quadratic reader would take minutes, a linear one well under a second or two.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('uses no String.prototype method page code can replace', () => {
    const names = ['slice', 'substring', 'substr', 'charAt', 'charCodeAt', 'indexOf', 'split', 'trim', 'at'] as const;
    const saved = names.map((name) => Object.getOwnPropertyDescriptor(String.prototype, name)!);
    let urls: string[];
    try {
      for (const name of names)
        Object.defineProperty(String.prototype, name, {
          configurable: true,
          value: () => {
            throw new Error(`page code: String.prototype.${name}`);
          },
        });
      urls = urlsOf('/own.png 1x, https://evil.example/p 2x');
    } finally {
      names.forEach((name, i) => Object.defineProperty(String.prototype, name, saved[i]!));
    }
    expect(urls).toEqual(['/own.png', 'https://evil.example/p']);
  });
});
