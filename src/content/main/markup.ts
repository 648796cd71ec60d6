/**
 * HTML handed to the DOM as markup: an element's `innerHTML`, `outerHTML`, `insertAdjacentHTML` and
 * `setHTMLUnsafe`, a shadow root's `innerHTML` and `setHTMLUnsafe`, a Range's `createContextualFragment`,
 * and `document.write` / `writeln`.
 * The parser creates those nodes without any call a sensor hooks (no `createElement`, no `src` setter),
 * so the elements a sensor looks for are queried once the call returns — only when the markup names them
 * (`pattern`, one native RegExp exec on the string). Every sensor that asks shares one wrapper per
 * setter and realm. `found` gets the elements matching the sensor's selector under a root the new nodes
 * are under; the root may also hold elements that were there before (a sensor reports each once).
 * Markup given as an object whose `toString` makes the HTML is turned into text before the call, once, and
 * the text handed on in its place (main/text-argument.ts), so what a sensor reads is what the browser parses;
 * a TrustedHTML keeps its place and is read natively.
 * `document.write` is not tested against the patterns: a tag can be split over several writes, and the
 * document holds everything, so the elements that were there before the call are left out instead.
 * A sensor that needs what the markup says rather than what it made (`hookMarkupText`) gets the string
 * itself when its pattern matches, and no query is run for it: what `document.write` is given (its
 * arguments as one text, after the start tag the document's last write left open: main/open-tag.ts), and also markup no query here finds — documents parsed apart from the page
 * (`DOMParser`, `Document.parseHTMLUnsafe`), whose nodes load nothing until a script moves them in (not queried
 * for the other sensors) — and `execCommand('insertHTML')`, whose elements, put at the caret, are found as
 * `document.write`'s are: the document's before and after.
 */
import {
  documentBrand,
  domParserBrand,
  documentQuerySelectorAll,
  elementBrand,
  fragmentQuerySelectorAll,
  parentElement,
  querySelectorAll,
  rangeBrand,
  regExpExec,
  shadowRootBrand,
  trustedHtmlText,
} from './natives.ts';
import type { Args, Observer, Patcher } from './patch.ts';
import { openTagAtEnd } from './open-tag.ts';
import { append, safeList, SafeWeakMap, SafeWeakSet, type SafeList } from './safe-collections.ts';
import type { Realm } from './sensor.ts';
import { leadingTextInPlace, madeIntoText, reachesConversion, textInPlace } from './text-argument.ts';

export type Query = (root: never, selector: string) => NodeListOf<Element>;

type Found = (elements: ArrayLike<Element>) => void;

type Watcher = { pattern: RegExp } & ({ selector: string; found: Found } | { selector: null; text: (html: string) => void });

/** Per realm, the sensors watching markup: one set of hooks a realm, however many sensors ask. */
const watchersOf = new SafeWeakMap<object, SafeList<Watcher>>();

export function hookMarkup(patcher: Patcher, realm: Realm, pattern: RegExp, selector: string, found: Found): void {
  watch(patcher, realm, { pattern, selector, found });
}

/** `text` gets every markup string that `pattern` matches (markup that is not a string is not read). */
export function hookMarkupText(patcher: Patcher, realm: Realm, pattern: RegExp, text: (html: string) => void): void {
  watch(patcher, realm, { pattern, selector: null, text });
}

function watch(patcher: Patcher, realm: Realm, added: Watcher): void {
  const existing = watchersOf.get(realm);
  if (existing) return void append(existing, added);
  const watchers = safeList<Watcher>();
  append(watchers, added);
  watchersOf.set(realm, watchers);

  /** Observation only: one sensor throwing does not stop the next. */
  const tell = (watcher: Watcher, elements: ArrayLike<Element>): void => {
    try {
      if (watcher.selector !== null) watcher.found(elements);
    } catch {
      // As above.
    }
  };
  /**
   * A `before` observer: the first `count` arguments (the markup, and a position before it) given as an
   * object or a function become their text before the call, in the browser's order — only when the browser
   * would make that text itself: called on its interface (`brand`) with the arguments it requires
   * (main/text-argument.ts). A toString that throws stops there, as the browser does; a TrustedHTML stays,
   * read natively.
   */
  const asText =
    (brand: ((self: unknown) => unknown) | null, required: number, count = 1): Observer =>
    (self, args) =>
      leadingTextInPlace(self, args, count, brand, required, trustedHtmlText);
  const read = (watcher: Watcher, given: unknown): void => {
    const html = typeof given === 'string' ? given : trustedHtmlText(given);
    try {
      if (watcher.selector === null && html !== null && regExpExec(watcher.pattern, html) !== null) watcher.text(html);
    } catch {
      // As above.
    }
  };
  // Each watcher whose pattern the markup names gets its elements under the root (or the markup).
  const parsed = (given: unknown, root: unknown, query: Query): void => {
    const html = typeof given === 'string' ? given : trustedHtmlText(given);
    for (let i = 0; i < watchers.length; i++) {
      const watcher = watchers[i]!;
      if (watcher.selector === null) {
        read(watcher, html);
        continue;
      }
      if (html !== null && regExpExec(watcher.pattern, html) === null) continue;
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
  const elementMarkup = asText(elementBrand, 1);
  patcher.accessor(element, 'innerHTML', undefined, intoElement, elementMarkup);
  patcher.method(element, 'setHTMLUnsafe', elementMarkup, intoElement);
  // outerHTML replaces the element itself: the new nodes are under the parent it had before the call.
  patcher.accessor(
    element,
    'outerHTML',
    undefined,
    (_self, args, _result, parent) => {
      if (parent) parsed(args[0], parent, querySelectorAll);
    },
    (self, args) => {
      elementMarkup(self, args);
      return parentElement(self);
    },
  );
  // Before or after the element (its parent), or inside it: the parent holds all four places.
  patcher.method(
    element,
    'insertAdjacentHTML',
    // The position is made text first, as the browser does: the page's toString calls run in their order.
    asText(elementBrand, 2, 2),
    (self, args) => parsed(args[1], parentElement(self) ?? self, querySelectorAll),
  );
  // A shadow root's HTML is not an element's: its own setter, and setHTMLUnsafe where the browser has it.
  // Which query fits is known from the hooked prototype, never asked of the object (`instanceof` is the page's).
  const shadowRootMarkup = asText(shadowRootBrand, 1);
  patcher.accessor(shadowRoot, 'innerHTML', undefined, intoShadowRoot, shadowRootMarkup);
  patcher.method(shadowRoot, 'setHTMLUnsafe', shadowRootMarkup, intoShadowRoot);
  patcher.method(realm.Range.prototype, 'createContextualFragment', asText(rangeBrand, 1), (_self, args, fragment) =>
    parsed(args[0], fragment, fragmentQuerySelectorAll),
  );

  /** What each query-watcher's selector finds in a document now; undefined for what is not a document. */
  const present = (doc: unknown): SafeWeakSet<Element> | undefined => {
    const there = new SafeWeakSet<Element>();
    try {
      for (let i = 0; i < watchers.length; i++) {
        const selector = watchers[i]!.selector;
        if (selector === null) continue;
        const elements = documentQuerySelectorAll(doc as Document, selector);
        for (let j = 0; j < elements.length; j++) there.add(elements[j]!);
      }
    } catch {
      return undefined; // not a document: the native call throws for the page as usual
    }
    return there;
  };
  /** Each query-watcher gets what its selector finds in the document now that `there` did not hold. */
  const tellAdded = (doc: unknown, there: SafeWeakSet<Element>): void => {
    for (let i = 0; i < watchers.length; i++) {
      const watcher = watchers[i]!;
      if (watcher.selector === null) continue;
      const added = safeList<Element>();
      try {
        const elements = documentQuerySelectorAll(doc as Document, watcher.selector);
        for (let j = 0; j < elements.length; j++) if (!there.has(elements[j]!)) append(added, elements[j]!);
      } catch {
        continue;
      }
      if (added.length > 0) tell(watcher, added);
    }
  };
  // document.write: the parser puts what it writes anywhere in the document (at its insertion point, or
  // in a new document after an implicit open), synchronously. The elements there before are noted first.
  const before = (self: unknown, args: Args): SafeWeakSet<Element> | undefined => {
    const there = present(self);
    if (there !== undefined) leadingTextInPlace(self, args, args.length, documentBrand, 0, trustedHtmlText);
    return there;
  };
  /** Per document, the start tag its last write left open (main/open-tag.ts): the next write may finish it. */
  const openTags = new SafeWeakMap<object, string>();
  const written = (self: unknown, args: Args, _result: unknown, there: unknown): void => {
    if (there === undefined) return;
    // The browser writes its arguments as one text (a tag may be split between two of them), after what the
    // last write left open (or between two writes).
    let text = openTags.get(self as object) ?? '';
    for (let j = 0; j < args.length; j++) {
      const html = args[j];
      text += typeof html === 'string' ? html : (trustedHtmlText(html) ?? '');
    }
    openTags.set(self as object, openTagAtEnd(text));
    apart(text);
    tellAdded(self, there as SafeWeakSet<Element>);
  };
  // The spec's Document holds write(); older engines had it on HTMLDocument (patched where it is its own).
  // Index loops: a frame's realm is hooked after page code ran, and the array iterator is the page's.
  const documents = [realm.Document.prototype, realm.HTMLDocument.prototype];
  const names = ['write', 'writeln'];
  for (let i = 0; i < documents.length; i++)
    for (let j = 0; j < names.length; j++) patcher.method(documents[i]!, names[j]!, before, written);

  /** Markup for the text watchers only. */
  function apart(html: unknown): void {
    for (let i = 0; i < watchers.length; i++) read(watchers[i]!, html);
  }
  // Markup that reaches the page by other roads. A document parsed apart goes to the text watchers only: its
  // nodes load nothing until a script moves them in. `execCommand('insertHTML')` in an editable part of the
  // page puts markup at the caret, wherever that is: the document's elements are compared before and after.
  patcher.method(realm.DOMParser.prototype, 'parseFromString', asText(domParserBrand, 2), (_self, args) => apart(args[0]));
  patcher.method(realm.Document, 'parseHTMLUnsafe', asText(null, 1), (_self, args) => apart(args[0]));
  const insertsHtml = (args: Args): boolean => typeof args[0] === 'string' && regExpExec(INSERT_HTML, args[0]) !== null;
  patcher.method(
    realm.Document.prototype,
    'execCommand',
    (self, args) => {
      // The command given as an object (`new String('insertHTML')`) is made text first, as the browser does;
      // the second argument is a boolean (no page code runs to make it), the markup last.
      leadingTextInPlace(self, args, 1, documentBrand, 1);
      if (!insertsHtml(args)) return undefined;
      if (madeIntoText(args[2]) && reachesConversion(documentBrand, self, args, 1)) textInPlace(args, 2, trustedHtmlText);
      return present(self);
    },
    (self, args, _result, there) => {
      if (!insertsHtml(args)) return;
      apart(args[2]);
      if (there !== undefined) tellAdded(self, there as SafeWeakSet<Element>);
    },
  );
}

/** `execCommand`'s command names are ASCII case-insensitive. */
const INSERT_HTML = /^inserthtml$/i;
