/**
 * Who put each input where it is, so the ISOLATED world can tell the shop's sign-in or SMS-confirmation
 * dialog from a helper's fake one (sensors/checkout-tamper.isolated.ts). Only this world sees who inserted a
 * node: the insertion hooks (sensors/script-insertion.main.ts) say, per call, which inputs it put in place
 * and who made the call.
 *
 * - The page's own: an input the page's side (isPageSide) inserted, never placed by any other code since,
 *   whose identifying attributes (type, name, id, autocomplete, placeholder…) are the ones it had when the page
 *   put it into the document (or, if no such call was seen, when the page first placed it). A helper that moves
 *   the field into its own dialog, or renames the shop's password field into an "SMS code" one, makes it no
 *   longer the page's. Hand-written code often builds a dialog off the page and gives a field its attributes
 *   once it is in its form: those count, up to the call that shows the dialog.
 * - A stranger's: placed, at least once, by code the stack names and that is not the page's side.
 * - Neither: a field another world added (an extension's content script: it passes no hook here), the
 *   parser's, or one placed while the stack could not be read (the capture budget spent).
 *
 * The ISOLATED world asks by dispatching a cancelable event of a private type on the field (LaneMessage's
 * `ask`, one type per question: page-protocol.ts, askType); this world cancels it to say yes. Only a
 * listener for that type can cancel it, and page code never learns the type. The listeners are on the window
 * and inside each closed shadow root the page attaches (from outside, an event's path hides a closed root's
 * inside), the first MAX_CLOSED_ROOTS of them.
 */
import { askType, type PlacedBy } from '../../shared/page-protocol.ts';
import { IDENTIFYING_ATTRIBUTES } from '../../shared/secret-fields.ts';
import { composedPath, getAttribute, isConnected, nodeName, ownerDocument, pageDocument, preventDefault } from './natives.ts';
import { append, safeList, SafeWeakMap } from './safe-collections.ts';
import { isPageSide } from './sensor.ts';
import type { Actor } from '../../shared/findings.ts';
import type { Site } from './site.ts';
import { listenLasting } from './lasting-listeners.ts';

/** Never an identity (those hold a separator per attribute). */
const STRANGER = '';
const UNKNOWN = '?';
/** Before the identity of a field the page placed off the page: settled by the page's call that connects it. */
const OFF_PAGE = '\u0002';

export interface ShopFields {
  /** Inputs one call put in place (other elements are ignored), and who made the call. */
  placed(elements: ArrayLike<Element>, by: PlacedBy | 'unknown'): void;
  /** After an insertion call: an input the page placed off the page is settled once a call connects it. */
  connected(input: Element): void;
  /** A closed shadow root the page attached: a question about a field inside it is answered there. */
  closedRoot(root: ShadowRoot): void;
  /** The private type the ISOLATED world asks on, from the channel. */
  answerOn(type: string): void;
}

/**
 * Closed roots answered in: a shop has a few (a sign-in web component); a page making thousands gets its
 * first ones answered, and a dialog in a later one is judged as before, by what it covers.
 */
const MAX_CLOSED_ROOTS = 64;

/**
 * Who placed a field, from the call's actor. A stranger only when the stack names one (a foreign script, a
 * stranger's inline script, another extension, automation): code with no URL (`anonymous`, which the shop's own
 * eval'd code can be) or no stack read (`unknown`) says nothing either way.
 */
export const placerOf = (actor: Actor, site: Site): PlacedBy | 'unknown' =>
  isPageSide(actor, site) ? 'page' : actor.type === 'unknown' || actor.type === 'anonymous' ? 'unknown' : 'stranger';

/** Its identifying attributes as one text: read natively (page code may have replaced getAttribute). */
function identity(field: Element): string {
  let text = '';
  // By index: the page may have replaced the array iterator.
  for (let i = 0; i < IDENTIFYING_ATTRIBUTES.length; i++) text += `${getAttribute(field, IDENTIFYING_ATTRIBUTES[i]!) ?? '\u0001'}\u0000`;
  return text;
}

export function createShopFields(): ShopFields {
  /** Per field: its identity when the page's code connected it (OFF_PAGE before), STRANGER or UNKNOWN. */
  const placers = new SafeWeakMap<Element, string>();
  /** The question's two types, once the channel gave them. */
  let types: readonly [page: string, stranger: string] | null = null;
  /** Closed roots attached before the types came (at most MAX_CLOSED_ROOTS in all). */
  const waiting = safeList<ShadowRoot>();
  let closedRoots = 0;
  const vouched = (field: Element): boolean => {
    const placer = placers.get(field);
    if (placer === undefined) return false;
    // Never connected by a call seen here (a shadow root built off the page, its host put in later): as first placed.
    const now = identity(field);
    return placer === now || placer === OFF_PAGE + now;
  };
  const placedByStranger = (field: Element): boolean => placers.get(field) === STRANGER;
  /**
   * Capture listeners for both questions on `at`: the window (registered long before page code could learn the
   * types, so nothing runs first), and each closed root the page attached.
   */
  const answerAt = (at: EventTarget, asked: readonly [page: string, stranger: string]): void => {
    // A closed root of the top document is answered in again after a `document.open()` erased its listeners: the page
    // may keep its host across the call and put it back (at most MAX_CLOSED_ROOTS are kept).
    const kept = at !== window && ownerDocument(at as Node) === pageDocument;
    const answer = (type: string, yes: (field: Element) => boolean): void =>
      listenLasting(
        at,
        type,
        (event) => {
          // The field itself, in an open shadow root too (the target at the window is its host). From the
          // window, a closed root's path starts at its host, which is no input: that root's own listener answers.
          const field = (composedPath(event)[0] ?? null) as Element | null;
          if (field !== null && yes(field)) preventDefault(event);
        },
        { capture: true },
        kept,
      );
    answer(asked[0], vouched);
    answer(asked[1], placedByStranger);
  };
  return {
    placed(elements, by) {
      for (let i = 0; i < elements.length; i++) {
        const element = elements[i]!;
        if (nodeName(element) !== 'INPUT') continue;
        const before = placers.get(element);
        // A stranger's once, a stranger's for good: the shop's markup written into a container returns the
        // fields already there, a helper's among them. The page's identity is taken until the page's call
        // connects the field (off the page, only the code holding the detached element can change it), then
        // kept: the page placing a connected field again must not vouch for a change a helper made in between.
        if (by === 'stranger') placers.set(element, STRANGER);
        else if (by === 'unknown') {
          if (before !== STRANGER) placers.set(element, UNKNOWN);
        } else if (before === undefined || before[0] === OFF_PAGE)
          placers.set(element, isConnected(element) ? identity(element) : OFF_PAGE + identity(element));
      }
    },
    connected(input) {
      const placer = placers.get(input);
      if (placer !== undefined && placer[0] === OFF_PAGE && isConnected(input)) placers.set(input, identity(input));
    },
    closedRoot(root) {
      if (closedRoots >= MAX_CLOSED_ROOTS) return;
      closedRoots++;
      if (types) answerAt(root, types);
      else append(waiting, root);
    },
    answerOn(type) {
      if (types) return;
      types = [askType(type, 'page'), askType(type, 'stranger')];
      answerAt(window, types);
      for (let i = 0; i < waiting.length; i++) answerAt(waiting[i]!, types);
      waiting.length = 0;
    },
  };
}
