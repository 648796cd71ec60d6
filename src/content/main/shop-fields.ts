/**
 * Fields the page's own code put into the document, so the ISOLATED world can tell the shop's sign-in or
 * SMS-confirmation dialog from a helper's fake one (sensors/checkout-tamper.isolated.ts). Only this world
 * sees who inserted a node: the insertion hooks (sensors/script-insertion.main.ts) say, per call, which
 * inputs it put in place and whether the page's side made it (isPageSide).
 *
 * Vouched for: an input the page's side inserted, never moved by anyone else since, whose identifying
 * attributes (type, name, id, autocomplete, placeholder…) are the ones it had then. A helper that moves the
 * field into its own dialog, or renames the shop's password field into an "SMS code" one, loses the
 * vouching, and the dialog is judged as before. A field another world added (an extension's content script)
 * passes no hook here: never vouched for.
 *
 * The ISOLATED world asks by dispatching a cancelable event of a private type on the field (LaneMessage's
 * `ask`); this world cancels it to say yes. Only a listener for that type can cancel it, and page code never
 * learns the type.
 */
import { eventTarget, getAttribute, listen, nodeName, preventDefault } from './natives.ts';
import { SafeWeakMap } from './safe-collections.ts';
import { IDENTIFYING_ATTRIBUTES } from '../../shared/secret-fields.ts';

/** Never an identity (those hold a separator per attribute). */
const PLACED_BY_OTHERS = '';

export interface ShopFields {
  /** Inputs one call put in place (other elements are ignored); `pageSide`: the page's own code made the call. */
  placed(elements: ArrayLike<Element>, pageSide: boolean): void;
  /** The private type the ISOLATED world asks on, from the channel. */
  answerOn(type: string): void;
}

/** Its identifying attributes as one text: read natively (page code may have replaced getAttribute). */
function identity(field: Element): string {
  let text = '';
  // By index: the page may have replaced the array iterator.
  for (let i = 0; i < IDENTIFYING_ATTRIBUTES.length; i++) text += `${getAttribute(field, IDENTIFYING_ATTRIBUTES[i]!) ?? '\u0001'}\u0000`;
  return text;
}

export function createShopFields(): ShopFields {
  /** Each field's identity when the page's code placed it, or PLACED_BY_OTHERS. */
  const vouched = new SafeWeakMap<Element, string>();
  let answering = false;
  return {
    placed(elements, pageSide) {
      for (let i = 0; i < elements.length; i++) {
        const element = elements[i]!;
        if (nodeName(element) !== 'INPUT') continue;
        // The first placing's identity is kept: the page placing it again must not vouch for a change a
        // helper made in between. Placed by other code once, never again vouched for: the shop's markup
        // written into a container may return the helper's field that was already there.
        if (!pageSide) vouched.set(element, PLACED_BY_OTHERS);
        else if (!vouched.has(element)) vouched.set(element, identity(element));
      }
    },
    answerOn(type) {
      if (answering) return;
      answering = true;
      // On the window, capture: registered long before page code could learn the type, so nothing runs first.
      listen(
        window,
        type,
        (event) => {
          const field = eventTarget(event) as Element | null;
          if (field !== null && vouched.get(field) === identity(field)) preventDefault(event);
        },
        { capture: true },
      );
    },
  };
}
