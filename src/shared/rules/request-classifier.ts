/**
 * Which shop endpoint a request URL hits, by the profile's patterns. Path patterns (`/api/cart/**`)
 * only count on first-party URLs: the same path on another host is not the shop's cart.
 */
import type { OriginClassifier } from './origins.ts';
import { compilePatternAt, matchPattern, type CompiledPattern } from './pattern.ts';
import type { SiteProfile } from './schema.ts';

export const REQUEST_CLASSES = ['cart', 'order', 'checkout'] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

export class RequestClassifier {
  private readonly patterns: readonly (readonly [RequestClass, readonly CompiledPattern[]])[];

  constructor(
    profile: SiteProfile,
    private readonly origins: OriginClassifier,
  ) {
    const compileList = (key: `${RequestClass}_url_patterns`): CompiledPattern[] =>
      profile[key].map((source, i) => compilePatternAt(source, `site_profile.${key}[${i}]`));
    // Order matters only when patterns overlap: the most specific class (checkout) is asked first.
    this.patterns = [
      ['checkout', compileList('checkout_url_patterns')],
      ['order', compileList('order_url_patterns')],
      ['cart', compileList('cart_url_patterns')],
    ];
  }

  classify(url: URL | null): RequestClass | null {
    if (url === null) return null;
    const firstParty = this.origins.classify(url) === 'first_party';
    for (const [cls, patterns] of this.patterns) {
      for (const p of patterns) if ((p.kind === 'url' || firstParty) && matchPattern(p, url)) return cls;
    }
    return null;
  }
}
