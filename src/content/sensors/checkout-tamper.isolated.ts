/**
 * Checkout tampering, seen on the shared DOM:
 *
 * - `form-action`: a payment form's `action` (or a submit button's `formaction`) changed after the page
 *   set it. The rule judges the new destination by the site profile: the shop switching to its own
 *   payment provider is fine, a stranger's URL is not.
 * - `delivery`: the delivery address or pickup branch changed without the person doing it — an
 *   untrusted input/change event that overwrites what was there, or a value that differs, when the order
 *   is confirmed, from what the person (or the page) last put there. An untrusted event that fills an
 *   EMPTY field is autofill (a password manager fills addresses that way) and is taken as the person's.
 * - `overlay`: an element added after the page loaded that covers much of the window and asks for a
 *   password, an SMS code, a certificate password or a card — fake "confirm your payment" dialogs.
 *
 * Delivery fields are found by the HTML standard's autocomplete tokens and the usual names, so this
 * works when the profile does not list them. Values never leave the page: the evidence names the field.
 * A MutationObserver has no stack, so the actor is `unknown`; the rules judge the change itself.
 */
import { closestOf, matchingControl, queryAll } from '../isolated/controls.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';
import type { SiteProfileForPage } from '../../shared/protocol.ts';

/** Address and pickup-branch fields, by standard autocomplete tokens and common names. */
const DELIVERY_FIELDS = [
  'input[autocomplete~="street-address"]',
  'textarea[autocomplete~="street-address"]',
  'input[autocomplete~="address-line1"]',
  'input[autocomplete~="address-line2"]',
  'input[autocomplete~="address-level1"]',
  'input[autocomplete~="address-level2"]',
  'input[autocomplete~="postal-code"]',
  'input[name*="address" i]',
  'select[name*="branch" i]',
  'select[name*="pickup" i]',
  '[data-role="pickup-branch"]',
];
/** What an overlay asks for, by its input's markup. Order matters: the most specific first. */
const SECRET_HINTS: Array<[RegExp, string]> = [
  [/cert|eds|ecp|эцп|эцқ|p12|pfx/i, 'cert-password'],
  [/sms|otp|one-time-code|code|код/i, 'sms-code'],
  [/cc-|card|cvc|cvv|карт/i, 'card'],
  [/pass|пароль|құпия/i, 'password'],
];
/** Share of the window an element must cover to be an overlay rather than a widget. */
const COVER_SHARE = 0.4;
/** Styles and layout settle after insertion; look again this much later. */
const OVERLAY_SETTLE_MS = 150;

type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function isField(element: Element): element is FieldElement {
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}

function fieldName(field: FieldElement): string {
  const words = `${field.name} ${field.getAttribute('autocomplete') ?? ''} ${field.getAttribute('data-role') ?? ''}`.toLowerCase();
  if (/branch|pickup/.test(words)) return 'branch';
  if (/postal|postcode|zip/.test(words)) return 'postcode';
  if (/level2|city/.test(words)) return 'city';
  return 'address';
}

/** A root and everything under it, shadow roots included (closed ones where the browser lets us in). */
function* deepElements(root: Element): Generator<Element> {
  const open = (element: Element): ShadowRoot | null => {
    try {
      // Chrome gives content scripts chrome.dom.openOrClosedShadowRoot; Firefox an element property.
      const chromeDom = typeof chrome === 'undefined' ? undefined : chrome.dom;
      if (chromeDom?.openOrClosedShadowRoot && element instanceof HTMLElement) return chromeDom.openOrClosedShadowRoot(element);
      const firefox = (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
      return firefox ?? element.shadowRoot;
    } catch {
      return element.shadowRoot;
    }
  };
  const stack: Element[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 2000) {
    const element = stack.pop()!;
    yield element;
    const shadow = open(element);
    if (shadow) stack.push(...shadow.children);
    stack.push(...element.children);
  }
}

function secretAskedBy(root: Element, sensitiveSelectors: readonly string[]): string {
  for (const element of deepElements(root)) {
    if (!(element instanceof HTMLInputElement) || element.type === 'hidden') continue;
    const hint = ['name', 'id', 'autocomplete', 'placeholder', 'data-role', 'aria-label']
      .map((name) => element.getAttribute(name) ?? '')
      .join(' ');
    const listed = closestOf(element, sensitiveSelectors) === element;
    if (element.type !== 'password' && !listed && !SECRET_HINTS.some(([pattern]) => pattern.test(hint))) continue;
    const found = SECRET_HINTS.find(([pattern]) => pattern.test(hint));
    return found ? found[1] : 'password';
  }
  return '';
}

/** An input in the light DOM, or a custom element / shadow host that may hide one. */
function mayHoldField(node: Element): boolean {
  return (
    node instanceof HTMLInputElement ||
    node.querySelector('input') !== null ||
    node.tagName.includes('-') ||
    node.shadowRoot !== null ||
    node.querySelector('*:not(:defined)') !== null
  );
}

/** Covers a good part of the window, from a fixed or absolutely positioned box (itself or an ancestor). */
function coversWindow(element: Element): boolean {
  const area = window.innerWidth * window.innerHeight;
  if (area === 0) return false;
  for (let box: Element | null = element; box; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (style.position !== 'fixed' && style.position !== 'absolute') continue;
    const rect = box.getBoundingClientRect();
    const width = Math.max(0, Math.min(rect.right, window.innerWidth) - Math.max(rect.left, 0));
    const height = Math.max(0, Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, 0));
    if ((width * height) / area >= COVER_SHARE && style.visibility !== 'hidden' && style.display !== 'none') return true;
  }
  return false;
}

export const checkoutTamperSensor: IsolatedSensor = {
  id: 'checkout-tamper',
  install(context) {
    let profile: SiteProfileForPage | null = null;
    const actions = new WeakMap<Element, string>();
    /** What the person (or the page, before any script could) last put in each delivery field. */
    const settled = new WeakMap<FieldElement, string>();
    const reported = new Set<string>();

    const report = (change: string, evidence: Record<string, string>, once: string): void => {
      if (reported.has(once)) return;
      reported.add(once);
      context.report('checkout-tamper', { type: 'unknown' }, { change, url: '', asksFor: '', ...evidence });
    };

    // Payment form destinations, as the parser (or the shop, before any change) set them.
    const noteForms = (): void => {
      for (const form of document.querySelectorAll('form')) if (!actions.has(form)) actions.set(form, form.action);
      for (const button of document.querySelectorAll('button[formaction], input[formaction]'))
        if (!actions.has(button)) actions.set(button, (button as HTMLButtonElement).formAction);
    };
    const isPaymentForm = (form: Element | null): boolean =>
      form !== null && profile !== null && closestOf(form, profile.paymentFormSelectors) === form;
    const checkAction = (element: Element): void => {
      const form =
        element instanceof HTMLFormElement
          ? element
          : element instanceof HTMLButtonElement || element instanceof HTMLInputElement
            ? element.form
            : null;
      if (!isPaymentForm(form)) return;
      const now = element instanceof HTMLFormElement ? element.action : (element as HTMLButtonElement).formAction;
      const before = actions.get(element);
      if (before === undefined || now === before || now === '') return;
      report('form-action', { url: now.slice(0, 1024) }, `form-action:${now}`);
    };

    // Delivery fields (found without the profile: standard autocomplete tokens and names).
    const deliveryFields = (): FieldElement[] => queryAll(document, DELIVERY_FIELDS).filter(isField);
    const noteFields = (): void => {
      for (const field of deliveryFields()) if (!settled.has(field)) settled.set(field, field.value);
    };
    const onFieldEvent = (event: Event): void => {
      const field = event.target;
      if (!(field instanceof Element) || !isField(field) || closestOf(field, DELIVERY_FIELDS) !== field) return;
      const before = settled.get(field) ?? '';
      if (event.isTrusted || before.trim() === '') {
        settled.set(field, field.value); // the person, or autofill into an empty field
        return;
      }
      if (field.value !== before) report('delivery', { field: fieldName(field) }, `delivery:${fieldName(field)}:${field.value.length}`);
    };
    /** Confirming the order or paying: every delivery field must hold what the person left there. */
    const onCheckoutStep = (event: Event): void => {
      if (!profile) return;
      const control = matchingControl(event.target, profile);
      if (event.type === 'click' && control?.kind !== 'checkout-submit') return;
      for (const field of deliveryFields()) {
        const before = settled.get(field);
        if (before !== undefined && field.value !== before)
          report('delivery', { field: fieldName(field) }, `delivery:${fieldName(field)}:${field.value.length}`);
      }
      if (event.type === 'submit' && event.target instanceof HTMLFormElement) {
        checkAction(event.target);
        const submitter = (event as SubmitEvent).submitter;
        if (submitter) checkAction(submitter);
      }
    };

    // Overlays asking for secrets.
    const considerOverlay = (element: Element): void => {
      setTimeout(() => {
        if (!element.isConnected) return;
        const asksFor = secretAskedBy(element, profile?.sensitiveFieldSelectors ?? []);
        if (asksFor && coversWindow(element)) report('overlay', { asksFor }, `overlay:${asksFor}`);
      }, OVERLAY_SETTLE_MS);
    };

    /** Action changes seen before the profile said which forms pay, judged once it has (bounded). */
    const early: Element[] = [];
    const observer = new MutationObserver((records) => {
      const parsing = document.readyState === 'loading';
      for (const record of records) {
        if (record.type === 'attributes' && record.target instanceof Element) {
          if (profile) checkAction(record.target);
          else if (early.length < 100) early.push(record.target);
          continue;
        }
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          // The parser's elements are the shop's markup; script-added ones after load are not. Only
          // those that can hold a field are looked at again (translators add thousands of <font>s).
          if (!parsing && mayHoldField(node)) considerOverlay(node);
        }
      }
      noteForms();
      noteFields();
    });
    // From document_start: the parser's forms and fields are noted before any helper can change them.
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['action', 'formaction'] });

    void context.profile().then((loaded) => {
      profile = loaded;
      noteForms();
      noteFields();
      for (const element of early.splice(0)) checkAction(element);
    });
    context.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    for (const type of ['input', 'change']) window.addEventListener(type, onFieldEvent, { capture: true, signal: context.signal });
    for (const type of ['click', 'submit']) window.addEventListener(type, onCheckoutStep, { capture: true, signal: context.signal });
  },
};
