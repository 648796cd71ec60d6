import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/shared/findings.ts';
import { changesCart, deriveFindings } from '../../../src/background/derive.ts';
import { fakeProfile, finding, SHOP } from './fakes.ts';

const profile = fakeProfile();

const request = (url: string, at: number, actor: Finding['actor'] = { type: 'page' }): Finding =>
  finding('page-request', at, { url, channel: 'fetch', method: 'POST', bodyLength: 10 }, actor);

describe('deriveFindings', () => {
  it('turns cart requests into cart-request findings with the current rate', () => {
    const batch = [
      request(`${SHOP}/api/cart/items`, 1000),
      request(`${SHOP}/api/cart/items`, 1100),
      request(`${SHOP}/api/cart/items`, 1200),
    ];
    const derived = deriveFindings(batch, [], profile);
    expect(derived.map((f) => f.kind)).toEqual(['cart-request', 'cart-request', 'cart-request']);
    expect(derived.map((f) => f.evidence.ratePerSec)).toEqual([1, 2, 3]);
    expect(derived[0]!.evidence).toMatchObject({ via: 'fetch', status: 0, refused: 0, endpoint: 'cart', seenBy: 'page-hooks' });
  });

  it('counts only requests that can change the cart: a cart page loading its state in parallel is no burst', () => {
    const read = (path: string, at: number): Finding =>
      finding('page-request', at, { url: `${SHOP}${path}`, channel: 'fetch', method: 'GET', bodyLength: 0 }, { type: 'page' });
    const paths = ['items', 'summary', 'delivery-options', 'limits', 'items/p-101/stock', 'items/p-102/stock', 'items/p-103/stock'];
    const reads = deriveFindings(
      paths.map((path, i) => read(`/api/cart/${path}`, 1000 + i * 50)),
      [],
      profile,
    );
    expect(reads.map((f) => f.evidence.ratePerSec)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // An add after them counts itself alone; POST, PUT, DELETE and a method the hooks could not read all count, a
    // CORS preflight does not.
    expect(changesCart('OPTIONS')).toBe(false);
    expect(changesCart('delete')).toBe(true);
    expect(changesCart(undefined)).toBe(true);
    const [add] = deriveFindings([request(`${SHOP}/api/cart/items`, 1400)], reads, profile);
    expect(add!.evidence.ratePerSec).toBe(1);
  });

  it('forgets cart requests older than the window', () => {
    const old = deriveFindings([request(`${SHOP}/api/cart/items`, 0)], [], profile);
    const fresh = deriveFindings([request(`${SHOP}/api/cart/items`, 5000)], old, profile);
    expect(fresh[0]!.evidence.ratePerSec).toBe(1);
  });

  it('takes the network’s count when it saw more (requests from other worlds) and counts refusals', () => {
    const traffic = { cartTimes: [4100, 4200, 4300, 4400, 4500, 4600, 4700], refusalTimes: [4300, 4400, 4500, 4600, 4700, 1000] };
    const [derived] = deriveFindings([request(`${SHOP}/api/cart/items`, 4800)], [], profile, traffic);
    expect(derived!.evidence).toMatchObject({ ratePerSec: 7, refused: 6 });
  });

  it('marks requests to unknown hosts as exfiltration and leaves the shop and its providers alone', () => {
    const derived = deriveFindings(
      [request('https://api.telegram.org/bot1/sendMessage', 1), request(`${SHOP}/api/stock/1`, 2), request('https://pay.test/x', 3)],
      [],
      profile,
    );
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({
      kind: 'exfiltration',
      evidence: { host: 'api.telegram.org', via: 'fetch', afterSensitiveRead: false },
    });
  });

  it('marks a WebRTC endpoint as exfiltration with the host and port it reaches', () => {
    const webrtc = (url: string, at: number): Finding =>
      finding(
        'page-request',
        at,
        { url, via: 'webrtc', method: 'CONNECT', bytes: 0 },
        { type: 'script', url: 'https://evil.example/x.js' },
      );
    const derived = deriveFindings(
      [webrtc('udp://203.0.113.7:3479', 1), webrtc('turn:Relay.Evil.example:3478?transport=udp', 2)],
      [],
      profile,
    );
    expect(derived.map((f) => [f.kind, f.evidence.via, f.evidence.host])).toEqual([
      ['exfiltration', 'webrtc', '203.0.113.7:3479'],
      ['exfiltration', 'webrtc', 'relay.evil.example:3478'],
    ]);
  });

  it('says a send followed a sensitive read by the same actor within the window', () => {
    const thief = { type: 'script' as const, url: 'https://evil.example/x.js' };
    const read = finding('sensitive-read', 1000, { target: 'cookie' }, thief);
    const [soon] = deriveFindings([request('https://evil.example/c', 3000, thief)], [read], profile);
    const [late] = deriveFindings([request('https://evil.example/c', 9000, thief)], [read], profile);
    const [other] = deriveFindings([request('https://evil.example/c', 3000, { type: 'anonymous' })], [read], profile);
    expect([soon!.evidence.afterSensitiveRead, late!.evidence.afterSensitiveRead, other!.evidence.afterSensitiveRead]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('derives a send again with its read when the read arrives after it (another document reported the send first), once', () => {
    const thief = { type: 'script' as const, url: 'https://evil.example/x.js' };
    const [send] = deriveFindings([request('https://evil.example/c', 3000, thief)], [], profile);
    expect(send!.evidence.afterSensitiveRead).toBe(false);
    const read = finding('sensitive-read', 2990, { target: 'cookie' }, thief);
    const again = deriveFindings([read], [send!], profile);
    expect(again.map((f) => [f.kind, f.at, f.evidence.afterSensitiveRead])).toEqual([['exfiltration', 3000, true]]);
    // Not again once derived with the read; not for a read after the send, another actor's, or one outside the window.
    expect(deriveFindings([read], [send!, again[0]!], profile)).toEqual([]);
    expect(deriveFindings([finding('sensitive-read', 3010, { target: 'cookie' }, thief)], [send!], profile)).toEqual([]);
    expect(deriveFindings([finding('sensitive-read', 2990, { target: 'cookie' }, { type: 'anonymous' })], [send!], profile)).toEqual([]);
    expect(deriveFindings([finding('sensitive-read', -9000, { target: 'cookie' }, thief)], [send!], profile)).toEqual([]);
  });
});

describe('deriveFindings with the page hooks’ own fields', () => {
  it('takes `via` and `sensitiveReadMsAgo` from the hook report', () => {
    const send = finding(
      'page-request',
      10,
      { url: 'https://evil.example/c', via: 'beacon', method: 'POST', bytes: 5, sensitiveReadMsAgo: 1200 },
      { type: 'anonymous' },
    );
    const never = finding(
      'page-request',
      10,
      { url: 'https://evil.example/c', via: 'image', method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 },
      { type: 'anonymous' },
    );
    const derived = deriveFindings([send, never], [], fakeProfile());
    expect(derived.map((f) => [f.evidence.via, f.evidence.afterSensitiveRead])).toEqual([
      ['beacon', true],
      ['image', false],
    ]);
  });

  it('counts a URL that carries one of the page’s secrets as a send after a read, whoever read it', () => {
    const evidence = { url: 'https://evil.example/c?x=9f2c4e7a1b3d5f60', via: 'fetch', method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 };
    const [marked, plain] = deriveFindings(
      [
        finding('page-request', 10, { ...evidence, carriesSecret: true }, { type: 'anonymous' }),
        finding('page-request', 10, evidence, { type: 'anonymous' }),
      ],
      [],
      fakeProfile(),
    );
    expect([marked!.evidence.afterSensitiveRead, plain!.evidence.afterSensitiveRead]).toEqual([true, false]);
  });
});
