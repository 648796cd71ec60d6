/**
 * Who a URL belongs to, by the site profile: the shop (first party), a provider the shop itself
 * loads (trusted), anyone else (foreign), or no network origin at all (none).
 */
import type { SiteProfile } from './schema.ts';
import { networkOrigin, type OriginClass } from './url.ts';

export class OriginClassifier {
  private readonly firstParty: ReadonlySet<string>;
  private readonly trusted: ReadonlySet<string>;

  constructor(profile: SiteProfile) {
    const firstParty = new Set(profile.first_party_origins);
    // A shop host over https is first party even if the maintainers forgot to list its origin.
    for (const host of profile.shop_hosts) firstParty.add(`https://${host}`);
    this.firstParty = firstParty;
    this.trusted = new Set(profile.trusted_third_party_origins);
  }

  classify(url: URL | null): OriginClass {
    if (url === null) return 'none';
    const origin = networkOrigin(url);
    if (origin === null) return 'none';
    if (this.firstParty.has(origin)) return 'first_party';
    if (this.trusted.has(origin)) return 'trusted';
    return 'foreign';
  }
}
