/**
 * The page's secrets in a URL (src/content/isolated/secrets-in-url.ts): raw, URI-encoded, base64 at any
 * offset of a longer encoded text — and nothing found in URLs that hold no secret, or only short values.
 */
import { describe, expect, it } from 'vitest';
import { carriesSecret, MIN_SECRET_LENGTH, pageSecrets } from '../../../src/content/isolated/secrets-in-url.ts';

const COOKIE = 'lang=kk; sid=9f2c4e7a1b3d5f60; theme=dark';
const secrets = pageSecrets(COOKIE, ['eyJhbGciOiJIUzI1NiJ9.token-value', 'short']);

describe('pageSecrets', () => {
  it('takes each cookie value and the whole string, and stored values, if long enough', () => {
    expect(secrets).toContain('9f2c4e7a1b3d5f60');
    expect(secrets).toContain(COOKIE);
    expect(secrets).toContain('eyJhbGciOiJIUzI1NiJ9.token-value');
    // Values shorter than MIN_SECRET_LENGTH turn up in URLs by chance.
    expect(secrets.every((secret) => secret.length >= MIN_SECRET_LENGTH)).toBe(true);
    expect(secrets).not.toContain('kk');
    expect(secrets).not.toContain('short');
  });
});

describe('carriesSecret', () => {
  it('finds a secret raw, URI-encoded, form-encoded and in base64 or base64url at any offset', () => {
    const b64 = (text: string): string => btoa(text);
    const b64url = (text: string): string => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const carriers = [
      'https://evil.example/p.gif?c=9f2c4e7a1b3d5f60',
      `https://evil.example/p.gif?c=${encodeURIComponent(COOKIE)}`,
      `https://evil.example/p.gif?c=${encodeURIComponent(COOKIE).replace(/%20/g, '+')}`,
      `https://evil.example/p.gif?d=${b64(COOKIE)}`,
      `https://evil.example/p.gif?d=${encodeURIComponent(b64('x' + COOKIE))}`,
      `https://evil.example/p.gif?d=${b64url('xy{"c":"' + COOKIE + '"}')}`,
      `https://evil.example/p.gif?t=${encodeURIComponent('eyJhbGciOiJIUzI1NiJ9.token-value')}`,
      `https://evil.example/${b64url('sid=9f2c4e7a1b3d5f60')}/x.png`,
    ];
    for (const url of carriers) expect(carriesSecret(url, secrets), url).toBe(true);
  });

  it('finds nothing in URLs without a secret, or with none to look for', () => {
    const clean = [
      'https://cdn.example/coins/snow-leopard.png',
      'https://evil.example/p.gif?lang=kk&theme=dark',
      'https://evil.example/p.gif?c=9f2c4e7a',
      `https://evil.example/p.gif?d=${btoa('something else entirely')}`,
      'https://evil.example/%E0%A4%A',
    ];
    for (const url of clean) expect(carriesSecret(url, secrets), url).toBe(false);
    expect(carriesSecret('https://evil.example/?c=9f2c4e7a1b3d5f60', [])).toBe(false);
  });

  it('takes text btoa cannot encode (not Latin-1) in its URI-encoded form', () => {
    const kazakh = pageSecrets('name=Сақ-сатып-алушы', []);
    expect(carriesSecret(`https://evil.example/?n=${encodeURIComponent('Сақ-сатып-алушы')}`, kazakh)).toBe(true);
  });
});
