/**
 * Who last wrote a delivery field's value, when it was a stranger (synthetic-events.main.ts). The ISOLATED world takes
 * the shop's own input and change events on these fields as the person's choice (checkout-tamper.isolated.ts), so the
 * value they carry must be the shop's too: a helper that puts its own accessor on the street field rewrote what the
 * shop's address suggestions wrote through it, and the shop's own event then vouched for the helper's street (review of
 * stop 55). One map for every realm: a frame's field can be written with the top window's setter.
 */
import type { Attributed } from './attribution.ts';
import { SafeWeakMap } from './safe-collections.ts';

const strangers = new SafeWeakMap<object, Attributed>();

/** A write to a delivery field: a stranger's is kept, the shop's side's clears it (the value is theirs again). */
export function noteDeliveryWrite(field: object, who: Attributed, pageSide: boolean): void {
  if (pageSide) strangers.delete(field);
  else strangers.set(field, who);
}

/** The stranger whose write the field's value still is, if any. */
export const strangerWriterOf = (field: object): Attributed | undefined => strangers.get(field);
