/**
 * HTML handed to the DOM as markup: an element's `innerHTML`, `outerHTML`, `insertAdjacentHTML` and
 * `setHTMLUnsafe`, a shadow root's `innerHTML` and `setHTMLUnsafe`, a Range's `createContextualFragment`.
 * The parser creates those nodes without any call a sensor hooks (no `createElement`, no `src` setter),
 * so what a sensor looks for in them is queried once the call returns — only when the markup names it
 * (`pattern`, one native RegExp exec on the string). `found` gets a root the new nodes are under, and the
 * native query that fits that root; the root may also hold nodes that were there before.
 * Not here: `document.write` (the script-insertion sensor reads its scripts) and documents parsed apart
 * from the page (`DOMParser`, `parseHTMLUnsafe`), whose nodes load nothing until moved into it.
 */
import { fragmentQuerySelectorAll, parentElement, querySelectorAll, regExpExec } from './natives.ts';
import type { Args, Patcher } from './patch.ts';
import type { Realm } from './sensor.ts';

export type Query = (root: never, selector: string) => NodeListOf<Element>;

export function hookMarkup(patcher: Patcher, realm: Realm, pattern: RegExp, found: (root: unknown, query: Query) => void): void {
  const names = (html: unknown): boolean => typeof html === 'string' && regExpExec(pattern, html) !== null;
  const element = realm.Element.prototype;
  const shadowRoot = realm.ShadowRoot.prototype;
  const intoElement = (self: unknown, args: Args): void => {
    if (names(args[0])) found(self, querySelectorAll);
  };
  const intoShadowRoot = (self: unknown, args: Args): void => {
    if (names(args[0])) found(self, fragmentQuerySelectorAll);
  };
  patcher.accessor(element, 'innerHTML', undefined, intoElement);
  patcher.method(element, 'setHTMLUnsafe', undefined, intoElement);
  // outerHTML replaces the element itself: the new nodes are under the parent it had before the call.
  patcher.accessor(
    element,
    'outerHTML',
    undefined,
    (_self, args, _result, parent) => {
      if (parent && names(args[0])) found(parent, querySelectorAll);
    },
    (self) => parentElement(self),
  );
  // Before or after the element (its parent), or inside it: the parent holds all four places.
  patcher.method(element, 'insertAdjacentHTML', undefined, (self, args) => {
    if (names(args[1])) found(parentElement(self) ?? self, querySelectorAll);
  });
  // A shadow root's HTML is not an element's: its own setter, and setHTMLUnsafe where the browser has it.
  // Which query fits is known from the hooked prototype, never asked of the object (`instanceof` is the page's).
  patcher.accessor(shadowRoot, 'innerHTML', undefined, intoShadowRoot);
  patcher.method(shadowRoot, 'setHTMLUnsafe', undefined, intoShadowRoot);
  patcher.method(realm.Range.prototype, 'createContextualFragment', undefined, (_self, args, fragment) => {
    if (names(args[0])) found(fragment, fragmentQuerySelectorAll);
  });
}
