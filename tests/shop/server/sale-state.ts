// Stock and sale phase per product. The countdown → on-sale step happens lazily on read, so no
// timers are left running when a test closes the server.
import { LIMITS, PRODUCTS, type Product, type SalePhase } from '../config.ts';

export interface ProductStatus {
  productId: string;
  stock: number;
  phase: SalePhase;
  /** Epoch ms when a countdown ends; null when not counting down. */
  opensAt: number | null;
  limit: number;
  serverTime: number;
}

interface Entry {
  product: Product;
  stock: number;
  phase: SalePhase;
  opensAt: number | null;
}

export class SaleState {
  private entries = new Map<string, Entry>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.entries.clear();
    for (const product of PRODUCTS) {
      this.entries.set(product.id, { product, stock: product.stock, phase: product.phase, opensAt: null });
    }
  }

  /** Finds a product by id or slug. */
  find(idOrSlug: string): Product | undefined {
    return this.entry(idOrSlug)?.product;
  }

  status(idOrSlug: string, now = Date.now()): ProductStatus | undefined {
    const entry = this.entry(idOrSlug);
    if (!entry) return undefined;
    this.advance(entry, now);
    return {
      productId: entry.product.id,
      stock: entry.phase === 'sold-out' ? 0 : entry.stock,
      phase: entry.phase,
      opensAt: entry.phase === 'countdown' ? entry.opensAt : null,
      limit: entry.product.limit,
      serverTime: now,
    };
  }

  setPhase(idOrSlug: string, phase: SalePhase, opensInMs?: number, now = Date.now()): void {
    const entry = this.entry(idOrSlug);
    if (!entry) throw new Error(`unknown product: ${idOrSlug}`);
    entry.phase = phase;
    entry.opensAt = phase === 'countdown' ? now + (opensInMs ?? LIMITS.defaultCountdownMs) : null;
    // Reopening a sold-out coin needs something to sell: give it back its configured stock
    // (or a small batch for the product that is sold out by default).
    if (phase !== 'sold-out' && entry.stock === 0) entry.stock = entry.product.stock || 10;
  }

  /** Takes qty from stock; false when there is not enough left. */
  take(productId: string, qty: number): boolean {
    const entry = this.entry(productId);
    if (!entry || entry.phase !== 'on-sale' || entry.stock < qty) return false;
    entry.stock -= qty;
    if (entry.stock === 0) entry.phase = 'sold-out';
    return true;
  }

  private entry(idOrSlug: string): Entry | undefined {
    return this.entries.get(idOrSlug) ?? [...this.entries.values()].find((entry) => entry.product.slug === idOrSlug);
  }

  private advance(entry: Entry, now: number): void {
    if (entry.phase === 'countdown' && entry.opensAt !== null && now >= entry.opensAt) {
      entry.phase = 'on-sale';
      entry.opensAt = null;
    }
    if (entry.phase === 'on-sale' && entry.stock === 0) entry.phase = 'sold-out';
  }
}
