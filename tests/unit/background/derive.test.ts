import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/shared/findings.ts';
import { deriveFindings, type RequestProfile } from '../../../src/background/derive.ts';

const profile: RequestProfile = {
  classifyRequest: (url) => (url.includes('/api/cart/') ? 'cart' : url.includes('/api/order') ? 'order' : null),
  originClass: (url) =>
    url.startsWith('https://shop.test/') ? 'first_party' : url.startsWith('https://pay.test/') ? 'trusted' : 'foreign',
};

const request = (url: string, at: number): Finding => ({
  kind: 'page-request',
  actor: { type: 'page' },
  evidence: { url, channel: 'fetch', method: 'POST', bodyLength: 10 },
  at,
});

describe('deriveFindings', () => {
  it('turns cart requests into cart-request findings with the current rate', () => {
    const batch = [
      request('https://shop.test/api/cart/items', 1000),
      request('https://shop.test/api/cart/items', 1100),
      request('https://shop.test/api/cart/items', 1200),
    ];
    const derived = deriveFindings(batch, [], profile);
    expect(derived.map((f) => f.kind)).toEqual(['cart-request', 'cart-request', 'cart-request']);
    expect(derived.map((f) => f.evidence.ratePerSec)).toEqual([1, 2, 3]);
  });

  it('forgets cart requests older than the window', () => {
    const old = deriveFindings([request('https://shop.test/api/cart/items', 0)], [], profile);
    const fresh = deriveFindings([request('https://shop.test/api/cart/items', 5000)], old, profile);
    expect(fresh[0]!.evidence.ratePerSec).toBe(1);
  });

  it('marks requests to unknown hosts as exfiltration and leaves the shop and its providers alone', () => {
    const derived = deriveFindings(
      [
        request('https://api.telegram.org/bot1/sendMessage', 1),
        request('https://shop.test/api/stock/1', 2),
        request('https://pay.test/x', 3),
      ],
      [],
      profile,
    );
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({ kind: 'exfiltration', evidence: { host: 'api.telegram.org' } });
  });
});
