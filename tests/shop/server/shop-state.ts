// Everything the shop host remembers between requests; reset() restores the defaults.
import { SaleState } from './sale-state.ts';
import { Sessions } from './sessions.ts';

export interface Order {
  id: string;
  sessionId: string;
  amount: number;
  delivery: Record<string, string>;
  items: Record<string, number>;
}

export class ShopState {
  readonly sale = new SaleState();
  readonly sessions = new Sessions();
  readonly orders = new Map<string, Order>();

  reset(): void {
    this.sale.reset();
    this.sessions.reset();
    this.orders.clear();
  }
}
