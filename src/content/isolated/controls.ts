/**
 * Which purchase control an element is, by the site profile's selectors (data from the signed rules),
 * and what it does (add to cart, buy now, checkout submit, quantity), by the words in its markup when
 * the profile does not say. Shared by the ISOLATED sensors; the selectors are the feed's, never code.
 */
import type { SiteProfileForPage } from '../../shared/protocol.ts';

export type ControlGroup = 'purchase' | 'quantity' | 'payment';
export type ControlKind = 'add-to-cart' | 'buy-now' | 'checkout-submit' | 'quantity' | 'other';

export interface MatchedControl {
  element: Element;
  group: ControlGroup;
  kind: ControlKind;
}

/** `closest` that survives a selector this browser cannot parse (the feed's bug must not stop a sensor). */
export function closestOf(target: Element, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    try {
      const found = target.closest(selector);
      if (found) return found;
    } catch {
      // Skip an invalid selector.
    }
  }
  return null;
}

export function queryAll(root: ParentNode, selectors: readonly string[]): Element[] {
  const found = new Set<Element>();
  for (const selector of selectors) {
    try {
      for (const element of root.querySelectorAll(selector)) found.add(element);
    } catch {
      // Skip an invalid selector.
    }
  }
  return [...found];
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

export function matchingControl(target: EventTarget | null, profile: SiteProfileForPage): MatchedControl | null {
  if (!(target instanceof Element)) return null;
  const groups: Array<[ControlGroup, readonly string[]]> = [
    ['purchase', profile.purchaseControlSelectors],
    ['quantity', profile.quantitySelectors],
    ['payment', profile.paymentFormSelectors],
  ];
  for (const [group, selectors] of groups) {
    const element = closestOf(target, selectors);
    if (element) return { element, group, kind: controlKind(element, group) };
  }
  return null;
}

/** A short, value-free description of an element for the evidence (tag and identifying attributes). */
export function describeElement(element: Element): string {
  const attributes = ['data-action', 'data-role', 'id', 'name']
    .map((name) => (element.hasAttribute(name) ? `[${name}="${(element.getAttribute(name) ?? '').slice(0, 40)}"]` : ''))
    .join('');
  return `${element.tagName.toLowerCase()}${attributes}`.slice(0, 200);
}
