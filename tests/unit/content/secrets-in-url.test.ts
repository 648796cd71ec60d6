/**
 * The page's secrets in a URL (src/content/isolated/secrets-in-url.ts): raw, URI-encoded, base64 at any
 * offset of a longer encoded text — and nothing found in URLs that hold no secret, or only short values;
 * a page-world request to a stranger host carrying one marked (src/content/isolated/secret-sends.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  carriesSecret,
  MAX_SECRETS,
  MIN_SECRET_LENGTH,
  pageSecrets,
  plainlyOfOrigin,
  withEarlierSecrets,
} from '../../../src/content/isolated/secrets-in-url.ts';
import { markSecretSend } from '../../../src/content/isolated/secret-sends.ts';
import type { Finding } from '../../../src/shared/findings.ts';

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

  it('finds a secret in hex (either case, at any offset) or reversed', () => {
    const hex = (text: string): string => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const carriers = [
      `https://evil.example/p.gif?d=${hex(COOKIE)}`,
      `https://evil.example/p.gif?d=${hex('x' + COOKIE).toUpperCase()}`,
      `https://evil.example/p.gif?d=${hex('sid=9f2c4e7a1b3d5f60')}`,
      `https://evil.example/p.gif?d=${encodeURIComponent([...COOKIE].reverse().join(''))}`,
      'https://evil.example/p.gif?d=06f5d3b1a7e4c2f9',
    ];
    for (const url of carriers) expect(carriesSecret(url, secrets), url).toBe(true);
    // Half a secret's hex, or a secret's pieces shorter than it, are not it.
    expect(carriesSecret(`https://evil.example/p.gif?d=${hex('9f2c4e7a')}`, secrets)).toBe(false);
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

  it('takes a stored value with a lone surrogate (the page chooses it) without throwing, in the form the browser sends', () => {
    const poisoned = ['AAAAAAAA\uD800', '\uDC00BBBBBBBB', ...secrets];
    // Before: encodeURIComponent threw on the first value, and no later check of the page's requests ran.
    expect(() => carriesSecret('https://evil.example/c?x=1', poisoned)).not.toThrow();
    expect(carriesSecret('https://evil.example/c?x=9f2c4e7a1b3d5f60', poisoned)).toBe(true);
    expect(carriesSecret(`https://evil.example/c?x=${encodeURIComponent('AAAAAAAA\uFFFD')}`, poisoned)).toBe(true);
    expect(carriesSecret('https://evil.example/c?x=AAAAAAAA', poisoned)).toBe(false);
  });

  it('skips a secret longer than the text (no form of it fits), with the same answers', () => {
    const long = 'L'.repeat(100_000);
    expect(carriesSecret('https://evil.example/c?x=9f2c4e7a1b3d5f60', [long, ...secrets])).toBe(true);
    expect(carriesSecret(`https://evil.example/c?x=${long}`, [long])).toBe(true);
    expect(carriesSecret(`https://evil.example/c?x=${long.slice(1)}`, [long])).toBe(false);
  });
});

describe('markSecretSend', () => {
  const request = (url: string, kind: Finding['kind'] = 'page-request'): Finding => ({
    kind,
    actor: { type: 'script', url: 'https://helper-cdn.test/send.js' },
    evidence: { url, via: 'fetch', method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 },
    at: 1,
  });
  const stranger = (origin: string): boolean => origin !== 'https://kazcoins.nationalbank.kz' && origin !== 'https://cdn.shopmetrics.test';
  let reads = 0;
  const current = (): string[] => {
    reads += 1;
    return secrets;
  };

  it('marks a request to a stranger host that carries a secret, and nothing else', () => {
    expect(markSecretSend(request('https://evil.example/c?x=9f2c4e7a1b3d5f60'), stranger, current).evidence).toMatchObject({
      carriesSecret: true,
      secretSegments: '',
    });
    expect(markSecretSend(request('wss://evil.example/ws?x=9f2c4e7a1b3d5f60'), stranger, current).evidence.carriesSecret).toBe(true);
    for (const unmarked of [
      request('https://evil.example/c?x=nothing-secret'),
      request('https://kazcoins.nationalbank.kz/api/cart/items?x=9f2c4e7a1b3d5f60'),
      request('https://cdn.shopmetrics.test/collect?x=9f2c4e7a1b3d5f60'),
      request('https://evil.example/c?x=9f2c4e7a1b3d5f60', 'script-inserted'),
      request('not a url 9f2c4e7a1b3d5f60'),
    ])
      expect(markSecretSend(unmarked, stranger, current).evidence.carriesSecret).toBeUndefined();
  });

  it('marks a body that carries a secret, and takes every body’s start out of the finding', () => {
    const withBody = (url: string, bodyStart: string): Finding => ({ ...request(url), evidence: { ...request(url).evidence, bodyStart } });
    const sent = markSecretSend(withBody('https://evil.example/c', '{"token":"9f2c4e7a1b3d5f60"}'), stranger, current);
    expect(sent.evidence.carriesSecret).toBe(true);
    // Its path was looked at and carries none: the report may keep it.
    expect(sent.evidence.secretSegments).toBe('');
    const plain = markSecretSend(withBody('https://evil.example/c', 'chat_id=1&text=hello'), stranger, current);
    const own = markSecretSend(withBody('https://kazcoins.nationalbank.kz/api/x', 'x=9f2c4e7a1b3d5f60'), stranger, current);
    for (const finding of [sent, plain, own]) expect(finding.evidence).not.toHaveProperty('bodyStart');
    expect(plain.evidence.carriesSecret).toBeUndefined();
    expect(own.evidence.carriesSecret).toBeUndefined();
  });

  it('reads the page’s secrets and typed values only for a stranger URL', () => {
    reads = 0;
    let typedReads = 0;
    const typed = (): string[] => {
      typedReads += 1;
      return [];
    };
    markSecretSend(request('https://kazcoins.nationalbank.kz/api/stock/1'), stranger, current, typed);
    markSecretSend(request('https://evil.example/c'), stranger, current, typed);
    expect(reads).toBe(1);
    expect(typedReads).toBe(1);
  });

  it('names the path segments that carry what the person typed (or a secret), for the report to leave out', () => {
    const typed = (): string[] => ['kazcoins-2026'];
    const bot = 'https://api.telegram.org/bot123456:AAbbCC/sendMessage';
    const sent = markSecretSend(request(`${bot}/kazcoins-2026`), stranger, current, typed);
    // Not a stored secret: how grave the send is stays the sensitive read's to say.
    expect(sent.evidence).toMatchObject({ url: `${bot}/kazcoins-2026`, secretSegments: '3' });
    expect(sent.evidence.carriesSecret).toBeUndefined();
    expect(markSecretSend(request('https://evil.example/c/9f2c4e7a1b3d5f60'), stranger, current).evidence).toMatchObject({
      carriesSecret: true,
      secretSegments: '2',
    });
    // The shop's own request, and a stranger's whose path holds neither: nothing named.
    for (const url of ['https://kazcoins.nationalbank.kz/api/login/kazcoins-2026', `${bot}?text=kazcoins-2026`])
      expect(markSecretSend(request(url), stranger, current, typed).evidence, url).not.toHaveProperty('secretSegments');
  });
});

describe('withEarlierSecrets', () => {
  it('keeps a value the page held before its token was renewed, newest first, bounded', () => {
    const before = pageSecrets('XSRF-TOKEN=0123456789abcdef; lang=kk', []);
    const after = pageSecrets('XSRF-TOKEN=fedcba9876543210; lang=kk', []);
    const known = withEarlierSecrets(after, before);
    expect(known[0]).toBe('fedcba9876543210');
    expect(carriesSecret('https://evil.example/p.gif?c=0123456789abcdef', known)).toBe(true);
    const many = Array.from({ length: 100 }, (_, i) => `value-${String(i).padStart(4, '0')}`);
    expect(withEarlierSecrets(after, many)).toHaveLength(MAX_SECRETS);
  });
});

describe('plainlyOfOrigin', () => {
  const origins = ['https://kazcoins.nationalbank.kz', 'https://epay.example.kz:8443'];
  it('says known only for an address of one of the origins, with its path', () => {
    expect(plainlyOfOrigin('https://kazcoins.nationalbank.kz/kz/product/x?y=1', origins)).toBe(true);
    expect(plainlyOfOrigin('https://kazcoins.nationalbank.kz/', origins)).toBe(true);
    expect(plainlyOfOrigin('https://epay.example.kz:8443/pay', origins)).toBe(true);
  });
  it('never says known for an address whose parsed origin is another', () => {
    const others = [
      'https://kazcoins.nationalbank.kz.evil.test/steal',
      'https://kazcoins.nationalbank.kz@evil.test/steal',
      'https://kazcoins.nationalbank.kz:444/steal',
      'https://kazcoins.nationalbank.kzz/steal',
      'https://epay.example.kz/pay',
      'https://epay.example.kz:84430/pay',
      'http://kazcoins.nationalbank.kz/',
      'wss://kazcoins.nationalbank.kz/',
    ];
    for (const url of others) {
      expect(plainlyOfOrigin(url, origins), url).toBe(false);
      if (URL.canParse(url)) expect(origins, url).not.toContain(new URL(url).origin);
    }
  });
  it('says nothing (false) for what it cannot read plainly, whose address is then parsed', () => {
    expect(plainlyOfOrigin('https://kazcoins.nationalbank.kz', origins)).toBe(false);
    expect(plainlyOfOrigin('', origins)).toBe(false);
    expect(plainlyOfOrigin('https://kazcoins.nationalbank.kz/', [])).toBe(false);
  });
  it('agrees with the parsed origin wherever it says known', () => {
    for (const url of ['https://kazcoins.nationalbank.kz/a#b', 'https://kazcoins.nationalbank.kz//x', 'https://epay.example.kz:8443/?q=/'])
      if (plainlyOfOrigin(url, origins)) expect(origins).toContain(new URL(url).origin);
  });
});
