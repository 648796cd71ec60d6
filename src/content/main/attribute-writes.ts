/**
 * An element's attribute written by script, however: `setAttribute`, `setAttributeNS` in no namespace, an
 * Attr node attached (`setAttributeNode(NS)`, `setNamedItem(NS)`) or changed through its `value`, or
 * through Node's `nodeValue` and `textContent` (a helper's way to rewrite one of the shop's own). Each
 * watcher gets the element, the attribute's name and the value, after the write: a value that was not a
 * string (an object whose toString makes it) is read back as the element now holds it, which runs no page
 * code. One set of hooks per realm, however many sensors ask (as main/markup.ts): `setAttribute` runs for
 * every attribute the page sets, so each watcher's `name` test must rule out nearly all names at once; the
 * Node setters run for every text the page changes, so they ask one native node-type read of each.
 */
import { attrLocalName, attrNamespace, attrOwnerElement, attrValue, elementBrand, nodeType } from './natives.ts';
import type { Args, Patcher } from './patch.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';
import type { Realm } from './sensor.ts';
import { leadingTextInPlace } from './text-argument.ts';

export interface AttributeWatcher {
  /**
   * The name as the watcher knows it, or null for an attribute it does not watch. `folds`: the browser
   * lowercases this name (`setAttribute` on an HTML element), so any ASCII case is the same attribute; a
   * name given to `setAttributeNS` or an Attr's is taken as it is.
   */
  name(given: string, folds: boolean): string | null;
  written(element: unknown, name: string, value: unknown): void;
}

const watchersOf = new SafeWeakMap<object, SafeList<AttributeWatcher>>();

export function hookAttributeWrites(patcher: Patcher, realm: Realm, watcher: AttributeWatcher): void {
  const existing = watchersOf.get(realm);
  if (existing) return void append(existing, watcher);
  const watchers = safeList<AttributeWatcher>();
  append(watchers, watcher);
  watchersOf.set(realm, watchers);

  const written = (element: unknown, given: unknown, folds: boolean, value: unknown): void => {
    if (typeof given !== 'string') return;
    for (let i = 0; i < watchers.length; i++) {
      const each = watchers[i]!;
      try {
        const name = each.name(given, folds);
        if (name !== null) each.written(element, name, value);
      } catch {
        // Observation only: one watcher throwing does not stop the next.
      }
    }
  };
  /**
   * A name (or namespace) given as an object or a function (`new String('src')`) is the text the browser
   * makes of it: made here, once, in the browser's order (the namespace, then the name) — when the browser
   * makes it: on an element, with the arguments the call requires (main/text-argument.ts). A toString that
   * throws stops there, as the browser does.
   */
  const namesAsText =
    (required: number, count: number) =>
    (self: unknown, args: Args): void =>
      leadingTextInPlace(self, args, count, elementBrand, required);
  /** An Attr just attached or changed (after the call): a loose one does nothing, and is seen when attached. */
  const attrSet = (attr: unknown): void => {
    const owner = attrOwnerElement(attr);
    if (owner !== null && attrNamespace(attr) === null) written(owner, attrLocalName(attr), false, attrValue(attr));
  };
  const element = realm.Element.prototype;
  const attributes = realm.NamedNodeMap.prototype;
  // Arguments are read by index (destructuring would call the array iterator, which page code can replace).
  // The name is made text before the call (the `before` observer), so the native call gets the same text.
  patcher.method(element, 'setAttribute', namesAsText(2, 1), (self, args) => written(self, args[0], true, args[1]));
  // An attribute in a namespace is none the watchers want (null, undefined and '' all mean none).
  patcher.method(element, 'setAttributeNS', namesAsText(3, 2), (self, args) => {
    const namespace = args[0];
    if (namespace === null || namespace === undefined || namespace === '') written(self, args[1], false, args[2]);
  });
  patcher.method(element, 'setAttributeNode', undefined, (_self, args) => attrSet(args[0]));
  patcher.method(element, 'setAttributeNodeNS', undefined, (_self, args) => attrSet(args[0]));
  patcher.method(attributes, 'setNamedItem', undefined, (_self, args) => attrSet(args[0]));
  patcher.method(attributes, 'setNamedItemNS', undefined, (_self, args) => attrSet(args[0]));
  patcher.accessor(realm.Attr.prototype, 'value', undefined, (self) => attrSet(self));
  // Node's text setters: an Attr's is its value; every other node's text passes with one node-type read.
  const nodeText = (self: unknown): void => {
    if (nodeType(self) === ATTRIBUTE_NODE) attrSet(self);
  };
  patcher.accessor(realm.Node.prototype, 'nodeValue', undefined, nodeText);
  patcher.accessor(realm.Node.prototype, 'textContent', undefined, nodeText);
}

const ATTRIBUTE_NODE = 2;
