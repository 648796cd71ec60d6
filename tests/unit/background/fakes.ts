/** Test doubles for the background's pure modules: a shop profile answered by simple rules, default thresholds. */
import type { Finding } from '../../../src/shared/findings.ts';
import { DEFAULT_THRESHOLDS, type KnownThreshold } from '../../../src/shared/rules/thresholds.ts';
import type { SignalProfile } from '../../../src/background/signal-profile.ts';

export const SHOP = 'https://shop.test';

export function fakeProfile(overrides: Partial<Record<KnownThreshold, number>> = {}): SignalProfile {
  return {
    classifyRequest: (url) =>
      url.startsWith(`${SHOP}/api/cart/`)
        ? 'cart'
        : url.startsWith(`${SHOP}/api/order`)
          ? 'order'
          : url.startsWith(`${SHOP}/api/checkout`)
            ? 'checkout'
            : null,
    originClass: (url) =>
      url.startsWith(`${SHOP}/`)
        ? 'first_party'
        : url.startsWith('https://pay.test/')
          ? 'trusted'
          : /^(https?|wss?|stuns?|turns?|udp|tcp):/.test(url) // as src/shared/rules/url.ts's networkOrigin
            ? 'foreign'
            : 'none',
    threshold: (name) => overrides[name] ?? DEFAULT_THRESHOLDS[name],
    shopHosts: ['shop.test'],
  };
}

export function finding(
  kind: Finding['kind'],
  at: number,
  evidence: Finding['evidence'] = {},
  actor: Finding['actor'] = { type: 'page' },
): Finding {
  return { kind, actor, evidence, at };
}
