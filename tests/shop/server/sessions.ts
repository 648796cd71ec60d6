// Per-visitor state keyed by the `sid` cookie: cart, pending reservations, cart-request times
// (for the rate limit) and the login steps.
import { randomBytes } from 'node:crypto';

export interface Reservation {
  productId: string;
  qty: number;
  expiresAt: number;
}

export interface Session {
  id: string;
  /** productId → quantity in the cart. */
  cart: Map<string, number>;
  reservations: Map<string, Reservation>;
  /** Times (ms) of recent cart requests, for the per-second rate limit. */
  cartRequestTimes: number[];
  /** Set after a password or certificate step; cleared by a correct SMS code. */
  smsPending: boolean;
  loggedIn: boolean;
}

export class Sessions {
  private sessions = new Map<string, Session>();

  reset(): void {
    this.sessions.clear();
  }

  /** The session for a cookie value, creating one (with a fresh id) when unknown. */
  get(sid: string | undefined): { session: Session; created: boolean } {
    const existing = sid === undefined ? undefined : this.sessions.get(sid);
    if (existing) return { session: existing, created: false };
    const session: Session = {
      id: randomBytes(12).toString('hex'),
      cart: new Map(),
      reservations: new Map(),
      cartRequestTimes: [],
      smsPending: false,
      loggedIn: false,
    };
    this.sessions.set(session.id, session);
    return { session, created: true };
  }
}
