/**
 * HTML handed to the DOM as markup: an element's `innerHTML`, `outerHTML`, `insertAdjacentHTML` and
 * `setHTMLUnsafe`, a shadow root's `innerHTML` and `setHTMLUnsafe`, a Range's `createContextualFragment`,
 * and `document.write` / `writeln`.
 * The parser creates those nodes without any call a sensor hooks (no `createElement`, no `src` setter),
 * so the elements a sensor looks for are queried once the call returns — only when the markup names them
 * (`pattern`, one native RegExp exec on the string). Every sensor that asks shares one wrapper per
 * setter and realm. `found` gets the elements matching the sensor's selector under a root the new nodes
 * are under; the root may also hold elements that were there before (a sensor reports each once).
 * Markup that is not a string (an object whose `toString` makes the HTML, a TrustedHTML) is not read
 * here — reading it would run page code — so every sensor gets its query.
 * `document.write` is not tested against the patterns: a tag can be split over several writes, and the
 * document holds everything, so the elements that were there before the call are left out instead.
 * Not here: documents parsed apart from the page (`DOMParser`, `parseHTMLUnsafe`), whose nodes load
 * nothing until moved into it.
 */
import { documentQuerySelectorAll, fragmentQuerySelectorAll, parentElement, querySelectorAll, regExpExec } from './natives.ts';
import type { Args, Patcher } from './patch.ts';
import { append, safeList, SafeWeakMap, SafeWeakSet, type SafeList } from './safe-collections.ts';
import type { Realm } from './sensor.ts';

export type Query = (root: never, selector: string) => NodeListOf<Element>;

type Found = (elements: ArrayLike<Element>) => void;

interface Watcher {
  pattern: RegExp;
  selector: string;
  found: Found;
}

/** Per realm, the sensors watching markup: one set of hooks a realm, however many sensors ask. */
const watchersOf = new SafeWeakMap<object, SafeList<Watcher>>();

export function hookMarkup(patcher: Patcher, realm: Realm, pattern: RegExp, selector: string, found: Found): void {
  const existing = watchersOf.get(realm);
  if (existing) return void append(existing, { pattern, selector, found });
  const watchers = safeList<Watcher>();
  append(watchers, { pattern, selector, found });
  watchersOf.set(realm, watchers);

  const tell = (watcher: Watcher, elements: ArrayLike<Element>): void => {
    try {
      watcher.found(elements);
    } catch {
      // Observation only: one sensor throwing does not stop the next.
    }
  };
  // Each watcher whose pattern the markup names gets its elements under the root.
  const parsed = (html: unknown, root: unknown, query: Query): void => {
    for (let i = 0; i < watchers.length; i++) {
      const watcher = watchers[i]!;
      if (typeof html === 'string' && regExpExec(watcher.pattern, html) === null) continue;
      try {
        tell(watcher, query(root as never, watcher.selector));
      } catch {
        // Not a node the query fits (a call on a foreign object throws for the page as usual).
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

  // document.write: the parser puts what it writes anywhere in the document (at its insertion point, or
  // in a new document after an implicit open), synchronously. The elements there before are noted first.
  const before = (self: unknown): SafeWeakSet<Element> | undefined => {
    const there = new SafeWeakSet<Element>();
    try {
      for (let i = 0; i < watchers.length; i++) {
        const elements = documentQuerySelectorAll(self as Document, watchers[i]!.selector);
        for (let j = 0; j < elements.length; j++) there.add(elements[j]!);
      }
    } catch {
      return undefined; // not a document: the native call throws for the page as usual
    }
    return there;
  };
  const written = (self: unknown, _args: Args, _result: unknown, there: unknown): void => {
    if (there === undefined) return;
    for (let i = 0; i < watchers.length; i++) {
      const watcher = watchers[i]!;
      const added = safeList<Element>();
      try {
        const elements = documentQuerySelectorAll(self as Document, watcher.selector);
        for (let j = 0; j < elements.length; j++) if (!(there as SafeWeakSet<Element>).has(elements[j]!)) append(added, elements[j]!);
      } catch {
        continue;
      }
      if (added.length > 0) tell(watcher, added);
    }
  };
  // The spec's Document holds write(); older engines had it on HTMLDocument (patched where it is its own).
  // Index loops: a frame's realm is hooked after page code ran, and the array iterator is the page's.
  const documents = [realm.Document.prototype, realm.HTMLDocument.prototype];
  const names = ['write', 'writeln'];
  for (let i = 0; i < documents.length; i++)
    for (let j = 0; j < names.length; j++) patcher.method(documents[i]!, names[j]!, before, written);
}
