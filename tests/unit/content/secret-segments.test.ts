/**
 * The path segments of a stranger-bound address that carry a secret (src/content/isolated/secret-segments.ts):
 * what the person typed, whole or in pieces, and the page's stored secrets — and none of a path that holds
 * neither, however much the person typed.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NAMED, secretLabels, secretParts, secretSegments } from '../../../src/content/isolated/secret-segments.ts';
import { addressCarriesSecret, hostCarriesSecret, pageSecrets, splitSecret } from '../../../src/content/isolated/secrets-in-url.ts';

const PASSWORD = 'kazcoins-2026';
const SMS = '4821';
const stored = pageSecrets('lang=kk; sid=9f2c4e7a1b3d5f60', []);
const BOT = 'https://api.telegram.org/bot123456:AAbbCC/sendMessage';

describe('secretSegments', () => {
  it.each([
    ['the password in the path after the bot', `${BOT}/${PASSWORD}`, '3'],
    ['URI-encoded, with a query after it', `${BOT}/${encodeURIComponent('p@ss w/rd!')}?chat_id=1`, '3'],
    ['in base64', `https://collector.test/u/${btoa(PASSWORD)}/x.gif`, '2'],
    ['reversed, inside a longer segment', `https://collector.test/u/v-${[...PASSWORD].reverse().join('')}.gif`, '2'],
    ['a short SMS code inside a segment', `https://collector.test/sms/code-${SMS}`, '2'],
    // A helper that sends the password as it grows, or one keystroke at a time: pieces of what was typed.
    ['the password as typed so far', 'https://collector.test/u/kazc', '2'],
    ['one keystroke per segment', 'https://collector.test/k/a/z', '1,2,3'],
    ['split over segments, each a piece', `https://collector.test/x/${PASSWORD.slice(0, 6)}/${PASSWORD.slice(6)}`, '2,3'],
    ['the cookie in the path', 'https://collector.test/u/9f2c4e7a1b3d5f60', '2'],
  ])('%s', (_, url, expected) => {
    expect(secretSegments(url, stored, [PASSWORD, SMS, 'p@ss w/rd!'])).toBe(expected);
  });

  it('a stored value with a slash in it, over segments that no single one carries: the whole path', () => {
    expect(secretSegments('https://collector.test/u/tok/en-12345678', pageSecrets('', ['tok/en-12345678']), [])).toBe('*');
  });

  it(`more than ${MAX_NAMED} segments named: the whole path`, () => {
    expect(secretSegments(`https://collector.test/${[...PASSWORD.repeat(3)].join('/')}`, [], [PASSWORD])).toBe('*');
  });

  it('names nothing in a path that holds no secret, while the person has typed a password and a code', () => {
    for (const url of [
      `${BOT}?chat_id=1&text=${PASSWORD}`, // in the query: the report drops it anyway
      'https://media.partner.test/images/banner-600x400.jpg',
      'https://cdn.shopmetrics.test/collect/v2/event',
      `${BOT}`,
      'https://collector.test/',
    ])
      expect(secretSegments(url, stored, [PASSWORD, SMS]), url).toBeNull();
  });

  it('names nothing when nothing was typed, or the address is none', () => {
    expect(secretSegments('https://collector.test/p/kazcoins-2026', stored, [])).toBeNull();
    expect(secretSegments('https://collector.test/p/kazcoins-2026', [], ['', ''])).toBeNull();
    expect(secretSegments('not an address', stored, [PASSWORD])).toBeNull();
  });
});

describe('secretLabels: a secret in a subdomain of the collector', () => {
  const COOKIE = 'Sid9F2C4e7A';
  const cookies = pageSecrets(`lang=kk; sid=${COOKIE}`, []);
  const hex = [...new TextEncoder().encode(PASSWORD)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  it.each([
    // The URL parser folds the host to lower case: the cookie is found case-blind.
    ['the cookie, folded to lower case', `https://${COOKIE.toLowerCase()}.collector.test/p.gif`, cookies, [], '0'],
    [
      'the cookie reversed, inside a longer label',
      `https://x-${[...COOKIE].reverse().join('').toLowerCase()}.collector.test/`,
      cookies,
      [],
      '0',
    ],
    ['the password in hex', `https://${hex}.collector.test/`, [], [PASSWORD], '0'],
    ['the password, with the code in another label', `https://${PASSWORD}.c${SMS}.collector.test/`, [], [PASSWORD, SMS], '0,1'],
    // One keystroke per label, DNS-style: pieces, but never the collector's own two labels.
    ['one keystroke per label', 'https://k.a.z.collector.test/', [], [PASSWORD], '0,1,2'],
    ['split over labels that no single one carries', `https://sid9f.2c4e7a.collector.test/`, cookies, [], '*'],
  ])('%s', (_, url, storedHere, typed, expected) => {
    expect(secretLabels(url, storedHere, typed)).toBe(expected);
  });

  it('names nothing in a host that holds no secret, though the password holds the top-level name', () => {
    for (const url of ['https://api.telegram.org/bot1/sendMessage', 'https://collector.com/', 'https://media.partner.test/a.png'])
      expect(secretLabels(url, cookies, ['welcome1com', SMS]), url).toBeNull();
    expect(secretLabels('not an address', cookies, [PASSWORD])).toBeNull();
  });

  it('hostCarriesSecret compares every form case-blind, and skips a secret longer than the host', () => {
    expect(hostCarriesSecret(`${btoa('sid=Sid9F2C4e7A').toLowerCase()}.x.test`, ['sid=Sid9F2C4e7A'])).toBe(true);
    expect(hostCarriesSecret('a.test', ['Sid9F2C4e7A'])).toBe(false);
    expect(hostCarriesSecret('sid9f2c4e7a.test', [])).toBe(false);
  });
});

describe('secretLabels of a value that is not ASCII (the URL parser writes it in punycode)', () => {
  const CYRILLIC = 'пароль2026';

  it('names the label a password typed in Cyrillic arrives as, written either way', () => {
    for (const url of [`https://${CYRILLIC}.collector.test/x.js`, 'https://xn--2026-43d0euagk6j.collector.test/x.js'])
      expect(secretLabels(url, [], [CYRILLIC]), url).toBe('0');
    // The same password in a label of its own and a stored value that is not ASCII, over two labels.
    expect(secretLabels(`https://a.${CYRILLIC}.collector.test/`, pageSecrets('', ['жеті.сегіз']), [CYRILLIC])).toBe('1');
    expect(secretLabels('https://жеті.сегіз.collector.test/', pageSecrets('', ['жеті.сегіз']), [])).toBe('0,1');
  });

  it('a piece of it in punycode is named too, but never the collector’s own name', () => {
    expect(secretLabels('https://пар.collector.test/x.js', [], [CYRILLIC])).toBe('0');
    expect(secretLabels('https://пар.коллектор.рф/x.js', [], [CYRILLIC])).toBe('0');
  });

  it('names no punycode label where nothing typed or stored is outside ASCII', () => {
    expect(secretLabels('https://пар.collector.test/x.js', pageSecrets('sid=9f2c4e7a1b3d5f60', []), ['kazcoins-2026'])).toBeNull();
  });
});

describe('secretParts: a secret split between a subdomain label and the path', () => {
  const TOKEN = '9f2c4e7a1b3d5f60a1b2c3d4e5f60718';
  const cookies = pageSecrets(`lang=kk; XSRF-TOKEN=${TOKEN}`, []);
  it.each([
    ['half in a label, half in the path after a route', `https://${TOKEN.slice(0, 16)}.collector.test/b/${TOKEN.slice(16)}`, '0', '2'],
    ['the second half first', `https://${TOKEN.slice(16)}.x.collector.test/u/${TOKEN.slice(0, 16)}`, '0', '2'],
    ['other text at the outer ends', `https://x-${TOKEN.slice(0, 16)}.collector.test/${TOKEN.slice(16)}.gif`, '0', '1'],
    [
      'a label, then the rest spread over every segment',
      `https://${TOKEN.slice(0, 10)}.collector.test/${TOKEN.slice(10, 20)}/${TOKEN.slice(20)}`,
      '0',
      '1,2',
    ],
  ])('%s', (_, url, labels, segments) => {
    expect(secretParts(url, cookies, [])).toEqual({ labels, segments });
    expect(addressCarriesSecret(url, cookies)).toBe(true);
  });

  it('what the person typed, split the same way (a value of 8 or more)', () => {
    expect(secretParts(`https://x${PASSWORD.slice(0, 5)}.collector.test/p/${PASSWORD.slice(5)}`, [], [PASSWORD])).toEqual({
      labels: '0',
      segments: '2',
    });
  });

  it('names nothing where the host and the path together hold no secret, or the value is short', () => {
    for (const url of [
      'https://cdn.collector.test/assets/app.js',
      `https://${TOKEN.slice(0, 16)}.collector.test/b/0000`,
      // The collector's own name is not a subdomain: a secret split with it is not looked for.
      `https://collector.test/${TOKEN}`,
    ])
      expect(secretParts(url, cookies, [SMS]), url).toEqual(
        url.endsWith(TOKEN) ? { labels: null, segments: '1' } : { labels: null, segments: null },
      );
    expect(splitSecret(`https://48.collector.test/21`, [SMS])).toBeNull();
    expect(addressCarriesSecret('https://cdn.collector.test/assets/app.js', cookies)).toBe(false);
  });

  it('past 32 pairs of a label and a segment, only the whole host and path read together', () => {
    const labels = Array.from({ length: 32 }, (_, i) => `l${i}`).join('.');
    expect(splitSecret(`https://${TOKEN.slice(0, 16)}.${labels}.collector.test/b/${TOKEN.slice(16)}`, [TOKEN])).toBeNull();
    expect(splitSecret(`https://${labels}.${TOKEN.slice(0, 16)}.collector.test/${TOKEN.slice(16)}`, [TOKEN])).toEqual({
      labels: [...Array(33).keys()],
      segments: [1],
    });
  });
});
