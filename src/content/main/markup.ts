/**
 * HTML handed to the DOM as markup: an element's `innerHTML`, `outerHTML`, `insertAdjacentHTML` and
 * `setHTMLUnsafe`, a shadow root's `innerHTML` and `setHTMLUnsafe`, a Range's `createContextualFragment`.
 * The parser creates those nodes without any call a sensor hooks (no `createElement`, no `src` setter),
 * so what a sensor looks for in them is queried once the call returns — only when the markup names it
 * (`pattern`, one native RegExp exec on the string). Every sensor that asks shares one wrapper per
 * setter and realm. `found` gets a root the new nodes are under, and the
 * native query that fits that root; the root may also hold nodes that were there before.
 * Not here: `document.write` (the script-insertion sensor reads its scripts) and documents parsed apart
 * from the page (`DOMParser`, `parseHTMLUnsafe`), whose nodes load nothing until moved into it.
 */
import { fragmentQuerySelectorAll, parentElement, querySelectorAll, regExpExec } from './natives.ts';
import type { Args, Patcher } from './patch.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';
import type { Realm } from './sensor.ts';

export type Query = (root: never, selector: string) => NodeListOf<Element>;

interface Watcher {
  pattern: RegExp;
  found: (root: unknown, query: Query) => void;
}

/** Per realm, the sensors watching markup: one set of hooks a realm, however many sensors ask. */
const watchersOf = new SafeWeakMap<object, SafeList<Watcher>>();

export function hookMarkup(patcher: Patcher, realm: Realm, pattern: RegExp, found: (root: unknown, query: Query) => void): void {
  const existing = watchersOf.get(realm);
  if (existing) return void append(existing, { pattern, found });
  const watchers = safeList<Watcher>();
  append(watchers, { pattern, found });
  watchersOf.set(realm, watchers);

  // Each watcher whose pattern the markup names gets the root; one throwing does not stop the next.
  const parsed = (html: unknown, root: unknown, query: Query): void => {
    if (typeof html !== 'string') return;
    for (let i = 0; i < watchers.length; i++) {
      const watcher = watchers[i]!;
      if (regExpExec(watcher.pattern, html) === null) continue;
      try {
        watcher.found(root, query);
      } catch {
        // Observation only.
      }
    }
  };
  const element = realm.Element.prototype;
  const shadowRoot = realm.ShadowRoot.prototype;
  const intoElement = (self: unknown, args: Args): void => parsed(args[0], self, querySelectorAll);
  const intoShadowRoot = (self: unknown, args: Args): void => parsed(args[0], self, fragmentQuerySelectorAll);
  patcher.accessor(element, 'innerHTML', undefined, intoElement);
  patcher.method(element, 'setHTMLUnsafe', undefined, intoElement);
  // outerHTML replaces the element itself: the new nodes are under the parent it had before the call.
  patcher.accessor(
    element,
    'outerHTML',
    undefined,
    (_self, args, _result, parent) => {
      if (parent) parsed(args[0], parent, querySelectorAll);
    },
    (self) => parentElement(self),
  );
  // Before or after the element (its parent), or inside it: the parent holds all four places.
  patcher.method(element, 'insertAdjacentHTML', undefined, (self, args) => parsed(args[1], parentElement(self) ?? self, querySelectorAll));
  // A shadow root's HTML is not an element's: its own setter, and setHTMLUnsafe where the browser has it.
  // Which query fits is known from the hooked prototype, never asked of the object (`instanceof` is the page's).
  patcher.accessor(shadowRoot, 'innerHTML', undefined, intoShadowRoot);
  patcher.method(shadowRoot, 'setHTMLUnsafe', undefined, intoShadowRoot);
  patcher.method(realm.Range.prototype, 'createContextualFragment', undefined, (_self, args, fragment) =>
    parsed(args[0], fragment, fragmentQuerySelectorAll),
  );
}
