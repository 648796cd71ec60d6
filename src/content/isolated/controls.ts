/**
 * Which purchase control an element is, by the site profile's selectors (data from the signed rules),
 * and what it does (add to cart, buy now, checkout submit, quantity), by the words in its markup when
 * the profile does not say. Shared by the ISOLATED sensors; the selectors are the feed's, never code.
 *
 * The profile's selectors are compiled once into selector lists: a click on anything else (almost every
 * event a page sees) costs one native `closest`, not one per selector and sensor.
 */
import type { SiteProfileForPage } from '../../shared/protocol.ts';
import { after } from '../timer.ts';

export type ControlGroup = 'purchase' | 'quantity' | 'payment';
export type ControlKind = 'add-to-cart' | 'buy-now' | 'checkout-submit' | 'quantity' | 'other';

export interface MatchedControl {
  element: Element;
  group: ControlGroup;
  kind: ControlKind;
}

/** A selector list of the valid selectors only (the feed's bug must not stop a sensor); '' when none. */
export function selectorList(selectors: readonly string[]): string {
  const probe = document.createDocumentFragment();
  return selectors
    .filter((selector) => {
      try {
        probe.querySelector(selector);
        return true;
      } catch {
        return false;
      }
    })
    .join(',');
}

/** `closest` for a compiled list ('' matches nothing). */
export function closestIn(target: Element, list: string): Element | null {
  return list ? target.closest(list) : null;
}

/** Does the element itself match a compiled list. */
export function isIn(element: Element, list: string): boolean {
  return list !== '' && element.matches(list);
}

/**
 * The attributes a selector list depends on (`[name…]`, `.class`, `#id`): changing one of them can make an
 * element match or stop matching. Tag names never change on an element.
 */
export function selectorAttributes(list: string): string[] {
  const names = new Set<string>();
  // Quoted values go first, so a dot or a hash inside `[action*="pay.kz"]` names nothing.
  const unquoted = list.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (const [, name] of unquoted.matchAll(/\[\s*([\w-]+)/g)) names.add(name!.toLowerCase());
  if (/\.[\w-]/.test(unquoted.replace(/\[[^\]]*\]/g, ''))) names.add('class');
  if (/#[\w-]/.test(unquoted)) names.add('id');
  return [...names];
}

export function queryIn(root: ParentNode, list: string): NodeListOf<Element> | [] {
  return list ? root.querySelectorAll(list) : [];
}

/**
 * The elements that match a list among some roots and their descendants, each once (a leaf, the usual
 * insertion, costs one match). A root whose parent is a root with children is skipped: that parent's
 * query covers it, or the parent is itself inside such a root, up to one that is queried. A page that
 * adds a container and then fills it in the same task hands over the container and every child; each
 * child was matched twice, once alone and once by the container's query (npm run bench -- --profile,
 * appendChild). While no root has children (leaves added to a container already there), nothing more is
 * read than before.
 */
export function within(roots: readonly Element[], list: string): Element[] {
  const found: Element[] = [];
  if (!list) return found;
  let parents: Set<Node> | null = null;
  for (const root of roots) if (root.firstElementChild) (parents ??= new Set()).add(root);
  for (const root of roots) {
    if (parents?.has(root.parentNode!)) continue;
    if (root.matches(list)) found.push(root);
    if (parents?.has(root)) for (const element of root.querySelectorAll(list)) found.push(element);
  }
  return found;
}

function markupWords(element: Element): string {
  return ['data-action', 'data-role', 'name', 'id', 'class', 'type', 'formaction']
    .map((name) => element.getAttribute(name) ?? '')
    .join(' ')
    .toLowerCase();
}

export function controlKind(element: Element, group: ControlGroup): ControlKind {
  if (group === 'quantity') return 'quantity';
  const words = markupWords(element);
  if (group === 'payment' || /checkout|order-confirm|confirm-order|pay\b|payment|submit-order/.test(words)) return 'checkout-submit';
  if (/buy|purchase/.test(words)) return 'buy-now';
  if (/cart|basket/.test(words)) return 'add-to-cart';
  return 'other';
}

/** The profile with its selectors compiled: what the sensors match elements against. */
export interface Controls {
  profile: SiteProfileForPage;
  quantity: string;
  payment: string;
  sensitive: string;
  limitMessage: string;
  /** Every purchase, quantity and payment control ('' when the profile names none). */
  any: string;
  /** The purchase, quantity or payment control an event target belongs to. */
  match(target: EventTarget | null): MatchedControl | null;
}

export function compileControls(profile: SiteProfileForPage): Controls {
  const purchase = selectorList(profile.purchaseControlSelectors);
  const quantity = selectorList(profile.quantitySelectors);
  const payment = selectorList(profile.paymentFormSelectors);
  const any = [purchase, quantity, payment].filter(Boolean).join(',');
  const groups: Array<[ControlGroup, string]> = [
    ['purchase', purchase],
    ['quantity', quantity],
    ['payment', payment],
  ];
  /**
   * Targets found to be controls, until a 0 ms timer runs (about the current task). A flood dispatches
   * thousands of events at one button in a task; each then costs one lookup instead of a closest() per
   * group and a read of its markup. Only matches are kept, and only that long: a page that turns an
   * element into a control and clicks it is matched afresh, and one that turns a control into something
   * else meanwhile at most has that click judged as the control's.
   */
  let matched = new WeakMap<Element, MatchedControl>();
  let clearing = false;
  const clear = (): void => {
    matched = new WeakMap();
    clearing = false;
  };
  return {
    profile,
    quantity,
    payment,
    sensitive: selectorList(profile.sensitiveFieldSelectors),
    limitMessage: selectorList(profile.limitMessageSelectors),
    any,
    match(target) {
      if (!(target instanceof Element) || !any) return null;
      const known = matched.get(target);
      if (known) return known;
      if (!target.closest(any)) return null;
      for (const [group, list] of groups) {
        const element = closestIn(target, list);
        if (!element) continue;
        const control = { element, group, kind: controlKind(element, group) };
        matched.set(target, control);
        if (!clearing) {
          clearing = true;
          after(0, clear);
        }
        return control;
      }
      return null;
    },
  };
}

/** A short, value-free description of an element for the evidence (tag and identifying attributes). */
export function describeElement(element: Element): string {
  const attributes = ['data-action', 'data-role', 'id', 'name']
    .map((name) => (element.hasAttribute(name) ? `[${name}="${(element.getAttribute(name) ?? '').slice(0, 40)}"]` : ''))
    .join('');
  return `${element.tagName.toLowerCase()}${attributes}`.slice(0, 200);
}
