/**
 * The parts of a stranger's script address that carry the page's secret (src/content/isolated/script-addresses.ts):
 * named on the actor of every act and on an inserted script's `src`; nothing named for the shop's and its
 * providers' scripts or for an address with no secret; each address judged once.
 */
import { describe, expect, it } from 'vitest';
import { createScriptAddressMarker, MAX_REMEMBERED } from '../../../src/content/isolated/script-addresses.ts';
import { pageSecrets } from '../../../src/content/isolated/secrets-in-url.ts';
import type { Finding } from '../../../src/shared/findings.ts';

const TOKEN = '9f2c4e7a1b3d5f60a1b2c3d4e5f60718';
const SHOP = 'https://kazcoins.nationalbank.kz';
const PROVIDER = 'https://captcha.partner.test';
const stored = pageSecrets(`XSRF-TOKEN=${TOKEN}; lang=kk`, []);

function marker(typed: string[] = []) {
  let reads = 0;
  const mark = createScriptAddressMarker(
    (origin) => origin !== SHOP && origin !== PROVIDER,
    () => {
      reads++;
      return stored;
    },
    () => typed,
  );
  return { mark, reads: () => reads };
}

const act = (url: string | undefined): Finding => ({
  kind: 'exfiltration',
  actor: url === undefined ? { type: 'unknown' } : { type: 'script', url },
  evidence: { via: 'beacon', url: 'https://collector.test/in' },
  at: 1,
});
const insertion = (src: string, by = 'https://helper-cdn.test/loader.js'): Finding => ({
  kind: 'script-inserted',
  actor: { type: 'script', url: by },
  evidence: { src, how: 'insert' },
  at: 1,
});

describe('createScriptAddressMarker', () => {
  it.each([
    ['the cookie in a path segment', `https://collector.test/k/${TOKEN}/next.js`, { secretSegments: '2' }],
    ['the cookie as a subdomain', `https://${TOKEN}.collector.test/next.js`, { secretLabels: '0' }],
    ['both', `https://${TOKEN}.collector.test/k/${TOKEN}/next.js`, { secretSegments: '2', secretLabels: '0' }],
  ])('names the parts of an actor’s address: %s', (_, url, parts) => {
    expect(marker().mark(act(url)).actor).toEqual({ type: 'script', url, ...parts });
  });

  it('names what the person typed, in a segment', () => {
    const url = 'https://collector.test/p/kazcoins-2026/next.js';
    expect(marker(['kazcoins-2026']).mark(act(url)).actor.secretSegments).toBe('2');
  });

  it('names the parts of an inserted script’s src, and of its inserter where it carries one too', () => {
    const src = `https://${TOKEN}.collector.test/k/${TOKEN}/next.js`;
    const marked = marker().mark(insertion(src));
    expect(marked.evidence).toEqual({ src, how: 'insert', srcSecretSegments: '2', srcSecretLabels: '0' });
    expect(marked.actor).toEqual({ type: 'script', url: 'https://helper-cdn.test/loader.js' });
    const chained = marker().mark(insertion(src, src));
    expect(chained.actor).toMatchObject({ secretSegments: '2', secretLabels: '0' });
  });

  it('leaves a finding with no secret in its addresses as it is (the same object)', () => {
    const { mark } = marker(['kazcoins-2026']);
    for (const finding of [
      act('https://helper-cdn.test/helper.js'),
      act(undefined),
      insertion('https://helper-cdn.test/next.js'),
      insertion(''),
      act('not an address'),
    ])
      expect(mark(finding)).toBe(finding);
  });

  it('does not judge the shop’s or its providers’ scripts, nor src on other kinds', () => {
    const { mark, reads } = marker();
    for (const finding of [
      act(`${SHOP}/k/${TOKEN}/app.js`),
      act(`${PROVIDER}/k/${TOKEN}/captcha.js`),
      { ...act('https://helper-cdn.test/h.js'), evidence: { src: `https://collector.test/k/${TOKEN}/x.js` } },
    ])
      expect(mark(finding)).toBe(finding);
    // The helper's own address was judged (a stranger's); the shop's and the provider's never read the secrets.
    expect(reads()).toBe(1);
  });

  it('judges each address once: a script acting a thousand times reads the page’s secrets once', () => {
    const { mark, reads } = marker();
    const url = `https://collector.test/k/${TOKEN}/next.js`;
    for (let i = 0; i < 1000; i++) expect(mark(act(url)).actor.secretSegments).toBe('2');
    for (let i = 0; i < 1000; i++) mark(act('https://helper-cdn.test/clean.js'));
    expect(reads()).toBe(2);
  });

  it(`remembers at most ${MAX_REMEMBERED} addresses, and still names after it forgets`, () => {
    const { mark, reads } = marker();
    for (let i = 0; i <= MAX_REMEMBERED; i++) mark(act(`https://helper-cdn.test/${i}.js`));
    const url = `https://collector.test/k/${TOKEN}/next.js`;
    expect(mark(act(url)).actor.secretSegments).toBe('2');
    expect(reads()).toBe(MAX_REMEMBERED + 2);
  });
});
