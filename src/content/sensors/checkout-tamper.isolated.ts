/**
 * Checkout tampering, seen on the shared DOM:
 *
 * - `form-action`: a payment form's `action` (or a submit button's `formaction`) changed after the page
 *   set it. The rule judges the new destination by the site profile: the shop switching to its own
 *   payment provider is fine, a stranger's URL is not.
 * - `delivery`: the delivery address or pickup branch changed without the person doing it — an
 *   untrusted input/change event that overwrites what was there, or a value whose words differ, when the
 *   order is confirmed, from what the person (or the page) last put there. Formatting is not a change (the
 *   shop tidies what was typed), and an EMPTY field takes what is put in it: autofill (a password manager
 *   fires untrusted events) or the shop filling saved details after load (no events at all).
 * - `overlay`: an element added after the page loaded that covers much of the window and asks for a
 *   password, an SMS code, a certificate password or a card — fake "confirm your payment" dialogs.
 *
 * Delivery fields are found by the HTML standard's autocomplete tokens and the usual names
 * (shared/delivery-fields.ts), so this works when the profile does not list them. Values never leave the page: the
 * evidence names the field. An untrusted event's dispatcher is the MAIN world's to name (it announces input and
 * change on these fields): the shop's own code or a provider it trusts — address suggestions completing what the
 * person typed, a map setting the branch they picked — puts there what the person chose; anyone else is named in
 * the report. A change with no announced event, and one found at confirmation, has no stack: the actor is
 * `unknown`, and the rules judge the change itself. An overlay
 * whose field the page's own code put there (the MAIN world saw the call and vouches for it,
 * main/shop-fields.ts) is the page's: the shop's own sign-in or SMS-confirmation dialog.
 */
import { MAX_MAYBE_HOSTS, OVERLAY_SETTLE_MS } from '../../shared/page-protocol.ts';
import { CAN_ASK_CLOSED, mayHostShadow, shadowRootOf } from '../isolated/closed-roots.ts';
import { isIn, within, type Controls } from '../isolated/controls.ts';
import { isField, type FieldElement } from '../isolated/fields.ts';
import { secretHinted } from '../isolated/secret-hints.ts';
import { announces } from '../isolated/dispatch-announcements.ts';
import type { EventHandler, IsolatedSensor, MainMessageOf } from '../isolated/sensor.ts';
import type { Actor } from '../../shared/findings.ts';
import { DELIVERY_FIELDS } from '../../shared/delivery-fields.ts';
import { IDENTIFYING_ATTRIBUTES } from '../../shared/secret-fields.ts';
import { after } from '../timer.ts';

/** Elements whose submission target the sensor remembers. */
const DESTINATIONS = 'form,button[formaction],input[formaction]';
/**
 * Where a form or a submit button sends, read through the prototypes' getters: a form's own `action` gives
 * way to a field named "action" inside it (forms let their fields' names win), which a helper adds to make
 * the check throw.
 */
const accessor = (prototype: object, name: string): ((this: Element) => string) =>
  Object.getOwnPropertyDescriptor(prototype, name)!.get as (this: Element) => string;
const formAction = accessor(HTMLFormElement.prototype, 'action');
const buttonAction = accessor(HTMLButtonElement.prototype, 'formAction');
const inputAction = accessor(HTMLInputElement.prototype, 'formAction');
/** Both, for one pass over an added subtree. */
const NOTED = `${DESTINATIONS},${DELIVERY_FIELDS}`;
/** The page's own code, as the MAIN world vouches for it (its script's URL stays in that world). */
const PAGE: Actor = { type: 'page' };
/** Share of the window an element must cover to be an overlay rather than a widget. */
const COVER_SHARE = 0.4;
/** Announced dispatches on delivery fields kept for the event each names (a flood keeps the latest). */
const MAX_DISPATCHES = 16;

/**
 * A delivery value's words: letters and digits, case folded. Shops reformat what the person typed (trim it,
 * collapse spaces, upper-case a postcode, lower-case an e-mail) in their own handlers, after this sensor's
 * capture listener saw the keystroke, or on blur with no event at all; a helper that sends the coins
 * elsewhere changes the words.
 */
const wordsOf = (value: string): string => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Whether a delivery field now says something else than `before`. A field that was empty takes what is put
 * in it, as autofill does (below): the shop filling it from the person's profile after load is no tampering.
 */
const deliveryChanged = (before: string, now: string): boolean => before.trim() !== '' && wordsOf(now) !== wordsOf(before);

function fieldName(field: FieldElement): string {
  const words = `${field.name} ${field.getAttribute('autocomplete') ?? ''} ${field.getAttribute('data-role') ?? ''}`.toLowerCase();
  if (/branch|pickup/.test(words)) return 'branch';
  if (/postal|postcode|zip/.test(words)) return 'postcode';
  if (/level2|city/.test(words)) return 'city';
  return 'address';
}

/** An element's shadow root, closed ones too where the browser lets us in; null for elements that cannot host one. */
// Asking the browser for a closed root costs an extension API call in Chromium: only possible hosts are asked.
const shadowOf = (element: Element): ShadowRoot | null => (mayHostShadow(element) ? shadowRootOf(element) : null);

/** Elements walked per candidate looking for shadow roots (each one asked for costs an API call in Chromium). */
const MAX_WALKED = 2000;

/**
 * Input types nobody types a secret into: a consent checkbox named "sms-consent" on a full-window notice
 * is not a dialog asking for the SMS code (it was flagged as one: sensors-rest-checkout.e2e.ts). Skipping
 * them also spares the hint expressions their first run on the shop's own captcha checkbox (the overlay
 * look after a product page load: 1.47 → 1.22 ms, npm run bench -- --profile).
 */
const NOT_TYPED = /^(?:hidden|checkbox|radio|submit|reset|button|image|file|range|color)$/;
/** The attributes that say what a field asks for. */
const HINT_ATTRIBUTES = ['name', 'id', 'autocomplete', 'placeholder', 'data-role', 'aria-label'];

type Asked = { field: Element; asksFor: string };

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/**
 * An HTML input, by name, not instanceof: a field in a frame's document belongs to that frame's realm. Not by
 * `tagName` either: in an XHTML document (a blob: frame a helper draws its dialog in) it is lower case.
 */
function isInput(element: Element): boolean {
  return element.localName === 'input' && element.namespaceURI === HTML_NAMESPACE;
}

/** Which secret a field asks for, if it is one a person types into and it asks for one. */
function askedBy(element: Element, sensitive: string): Asked | null {
  if (!isInput(element) || NOT_TYPED.test((element as HTMLInputElement).type)) return null;
  let hint = '';
  for (let i = 0; i < HINT_ATTRIBUTES.length; i++) hint += `${i > 0 ? ' ' : ''}${element.getAttribute(HINT_ATTRIBUTES[i]!) ?? ''}`;
  const asksFor = secretHinted(hint);
  if (asksFor) return { field: element, asksFor };
  if ((element as HTMLInputElement).type === 'password' || isIn(element, sensitive)) return { field: element, asksFor: 'password' };
  return null;
}

/** The first of the fields that asks for a secret. */
function firstAsking(fields: NodeListOf<Element>, sensitive: string): Asked | null {
  for (let i = 0; i < fields.length; i++) {
    const asked = askedBy(fields[i]!, sensitive);
    if (asked) return asked;
  }
  return null;
}

/** No spread: a page's hundred thousand children would overflow the call's arguments and throw. */
function pushChildren(stack: Element[], children: HTMLCollection): void {
  for (let i = 0; i < children.length; i++) stack.push(children[i]!);
}

/**
 * The first field in a subtree (shadow roots included) that asks for a secret, and which secret. The fields
 * looked at: every input of the root's own tree (one native query, however many elements pad it: a dialog with
 * its code field first and 2,000 empty elements after hid the field from a bounded walk), then those in shadow
 * roots the walk finds within its first MAX_WALKED elements. Index loops, no generator or iterator: this runs for
 * every element added with a field in it (a shop rendering a form: npm run bench, hooks, appendField).
 */
function secretAskedBy(root: Element, sensitive: string): Asked | null {
  const own = (isInput(root) ? askedBy(root, sensitive) : null) ?? firstAsking(root.querySelectorAll('input'), sensitive);
  if (own) return own;
  const stack: Element[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_WALKED) {
    const element = stack.pop()!;
    const shadow = shadowOf(element);
    if (shadow) {
      const inside = firstAsking(shadow.querySelectorAll('input'), sensitive);
      if (inside) return inside;
      pushChildren(stack, shadow.children);
    }
    pushChildren(stack, element.children);
  }
  return null;
}

/** Frames looked into per candidate: a dialog needs one. */
const MAX_FRAMES_LOOKED_INTO = 8;

/**
 * A secret asked for inside a same-origin frame in the subtree (about:blank, srcdoc: a dialog drawn in a
 * frame of its own is out of the top document's tree), with the frame as the box that covers the window.
 * A frame still loading is looked at again when it has loaded (`again`). Cross-origin frames cannot be
 * read (a data: frame a helper fills is reported by the page-world hooks instead).
 */
function secretInFrames(root: Element, sensitive: string, again: (frame: HTMLIFrameElement) => void): Asked | null {
  const frames = root instanceof HTMLIFrameElement ? [root] : Array.from(root.querySelectorAll('iframe')).slice(0, MAX_FRAMES_LOOKED_INTO);
  for (const frame of frames) {
    let body: HTMLElement | null = null;
    try {
      body = frame.contentDocument?.body ?? null;
    } catch {
      // Not ours to read.
    }
    const asked = body ? secretAskedBy(body, sensitive) : null;
    if (asked) return { field: frame, asksFor: asked.asksFor };
    if (!body?.firstElementChild) again(frame);
  }
  return null;
}

/**
 * Whether an added element may hold a field, by cheap reads only (this runs for every element a page
 * adds): an input, a custom element, an open shadow root, a closed one where reading it is a property
 * (Firefox), an input or undefined custom element below it. A plain element that could host a closed
 * root in Chromium (asking costs an extension API call, ~5 µs per appended <div> in npm run bench) is
 * `'maybe-host'`: asked later, a bounded number per settle time, and whenever focus goes into it.
 */
function mayHoldField(node: Element): boolean | 'maybe-host' {
  if (
    node instanceof HTMLInputElement ||
    node instanceof HTMLIFrameElement ||
    node.tagName.includes('-') ||
    node.shadowRoot !== null ||
    (node as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot
  )
    return true;
  if (node.firstElementChild !== null) return node.querySelector('input, iframe, *:not(:defined)') !== null;
  return CAN_ASK_CLOSED && mayHostShadow(node) ? 'maybe-host' : false;
}

/** Covers a good part of the window, from a fixed or absolutely positioned box (itself or an ancestor). */
function coversWindow(element: Element): boolean {
  const area = window.innerWidth * window.innerHeight;
  if (area === 0) return false;
  // Up the tree and out of shadow roots: a dialog's box may be inside one, or be its host.
  const up = (box: Element): Element | null => box.parentElement ?? ((box.parentNode as ShadowRoot | null)?.host || null);
  for (let box: Element | null = element; box; box = up(box)) {
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
    let controls: Controls | null = null;
    /** Each form's and submit button's destination, as the parser (or the shop, before any change) set it. */
    const actions = new WeakMap<Element, string>();
    /** Forms that were payment forms when first seen. */
    const paymentForms = new WeakSet<HTMLFormElement>();
    /** What the person (or the page, before any script could) last put in each delivery field. */
    const settled = new WeakMap<FieldElement, string>();
    const reported = new Set<string>();

    const report = (change: string, evidence: Record<string, string>, once: string, actor: Actor = { type: 'unknown' }): void => {
      if (reported.has(once)) return;
      reported.add(once);
      context.report('checkout-tamper', actor, { change, url: '', asksFor: '', ...evidence });
    };
    const reportDelivery = (field: FieldElement, actor?: Actor): void =>
      report('delivery', { field: fieldName(field) }, `delivery:${fieldName(field)}:${field.value.length}`, actor);

    /**
     * Who dispatched the page's input and change events on delivery fields, as the MAIN world announces it before the
     * event reaches this world (synthetic-events.main.ts): the last few, each taken by the one event it names.
     */
    const dispatched: Array<MainMessageOf<'synthetic'>> = [];
    context.onMain('synthetic', (message) => {
      if (message.eventType !== 'input' && message.eventType !== 'change') return;
      dispatched.push(message);
      if (dispatched.length > MAX_DISPATCHES) dispatched.shift();
    });
    /**
     * The dispatcher of this event: the newest announcement naming it. An announcement is sent just before its own
     * dispatch reaches this world's first listener, so it is the newest; older ones are spent or stale, and all go. A
     * page re-dispatching an event object keeps its timeStamp: the oldest match was the shop's first dispatch of it,
     * which a helper's replay of the shop's own event (its value rewritten first) was settled by (review of stop 55).
     */
    const dispatcherOf = (event: Event): Actor | null => {
      for (let i = dispatched.length - 1; i >= 0; i--)
        if (announces(dispatched[i]!, event.type, event.timeStamp)) {
          const { actor } = dispatched[i]!;
          dispatched.length = 0;
          return actor;
        }
      return null;
    };
    /**
     * The shop's own code or a provider it trusts (the profile's origins), by a script's own web address: a `blob:` or
     * `filesystem:` URL's origin is whoever made it — a helper's module imported from a blob has the shop's (review of
     * stop 55), and the MAIN world names it a stranger.
     */
    const pageSide = (actor: Actor): boolean => {
      if (actor.type === 'page') return true;
      if (actor.type !== 'script' || !actor.url || !controls) return false;
      try {
        const { origin, protocol } = new URL(actor.url);
        if (protocol !== 'https:' && protocol !== 'http:') return false;
        const { firstPartyOrigins, trustedOrigins } = controls.profile;
        return origin === location.origin || firstPartyOrigins.includes(origin) || trustedOrigins.includes(origin);
      } catch {
        return false;
      }
    };

    const destinationOf = (element: Element): string =>
      element instanceof HTMLFormElement
        ? formAction.call(element)
        : element instanceof HTMLButtonElement
          ? buttonAction.call(element)
          : element instanceof HTMLInputElement
            ? inputAction.call(element)
            : '';
    const absolute = (url: string): string => {
      try {
        return new URL(url, document.baseURI).href;
      } catch {
        return url;
      }
    };
    /** Notes destinations and delivery fields (elements matching NOTED) the first time they are seen. */
    const note = (elements: readonly Element[]): void => {
      for (const element of elements) {
        if (element.matches(DESTINATIONS) && !actions.has(element)) {
          actions.set(element, destinationOf(element));
          // A payment form's selector may name its action: one rewritten away from it stays a payment form.
          if (element instanceof HTMLFormElement && controls && isIn(element, controls.payment)) paymentForms.add(element);
        }
        if (isField(element) && element.matches(DELIVERY_FIELDS) && !settled.has(element)) settled.set(element, element.value);
      }
    };
    const checkAction = (element: Element): void => {
      const form =
        element instanceof HTMLFormElement ? element : isField(element) || element instanceof HTMLButtonElement ? element.form : null;
      if (!form || !controls || !(paymentForms.has(form) || isIn(form, controls.payment))) return;
      const now = destinationOf(element);
      const before = actions.get(element);
      if (before === undefined || now === before || now === '') return;
      report('form-action', { url: now.slice(0, 1024) }, `form-action:${now}`);
    };
    /** Confirming the order or paying: every delivery field must hold what the person left there. */
    const checkDelivery = (): void => {
      for (const field of document.querySelectorAll(DELIVERY_FIELDS)) {
        if (!isField(field)) continue;
        const before = settled.get(field);
        if (before !== undefined && deliveryChanged(before, field.value)) reportDelivery(field);
      }
    };

    context.onEvent(
      ['input', 'change'],
      (event) => {
        const { target } = event;
        if (!isField(target) || !target.matches(DELIVERY_FIELDS)) return;
        const before = settled.get(target) ?? '';
        // Taken by the event it names whatever the event did: left waiting, it could name another world's event made in
        // the same clock tick (the exact timeStamp is the only tie).
        const by = event.isTrusted ? null : dispatcherOf(event);
        // The person, or autofill into an empty field (a password manager fills addresses that way).
        if (event.isTrusted || before.trim() === '') settled.set(target, target.value);
        else if (deliveryChanged(before, target.value)) {
          // The shop completing what the person typed (address suggestions) or setting the branch they chose on a map
          // fires these events from its own code: what it put there is what the person chose. Anyone else is named.
          if (by && pageSide(by)) settled.set(target, target.value);
          else reportDelivery(target, by ?? undefined);
        }
      },
      true,
    );
    /** Confirming the order (a checkout control's click) or submitting any form. */
    const onStep: EventHandler = (event, control) => {
      if (!controls || (event.type === 'click' && control?.kind !== 'checkout-submit')) return;
      checkDelivery();
      if (event.type === 'submit' && event.target instanceof HTMLFormElement) {
        checkAction(event.target);
        const submitter = (event as SubmitEvent).submitter;
        if (submitter) checkAction(submitter);
      }
    };
    context.onEvent(['click'], onStep);
    context.onEvent(['submit'], onStep, true);

    // Overlays asking for secrets: the elements added within one settle time are looked at together,
    // each subtree once (a page rendering a list adds its items one by one, and their container).
    let candidates = new Set<Element>();
    let maybeHosts = 0;
    /** Frames that were empty when looked at: looked at once more when they load. */
    const awaited = new WeakSet<HTMLIFrameElement>();
    const lookAgainOnLoad = (frame: HTMLIFrameElement): void => {
      if (awaited.has(frame)) return;
      awaited.add(frame);
      frame.addEventListener('load', () => lookAt(frame), { once: true });
    };
    const lookAt = (element: Element): void => {
      const sensitive = controls?.sensitive ?? '';
      const asked = secretAskedBy(element, sensitive) ?? secretInFrames(element, sensitive, lookAgainOnLoad);
      if (!asked) return;
      const { field, asksFor } = asked;
      // Who placed it, as the MAIN world saw (null: it cannot say). Not asked about a frame: its content is
      // anyone's to write, whoever added it.
      const by = isInput(field) ? context.placedBy(field) : null;
      const covers = coversWindow(field);
      if (by === 'page') {
        // The shop's own sign-in or SMS-confirmation dialog: reported as the page's, and the rules leave it
        // alone. Watched from then on: a helper renaming it into an "SMS code" field makes it no longer the shop's.
        if (covers) report('overlay', { asksFor }, `overlay:page:${asksFor}`, PAGE);
        renamed.observe(field, { attributes: true, attributeFilter: IDENTIFYING_ATTRIBUTES });
      }
      // A secret field a stranger's code placed is a fake form wherever it is, shown or not (a hidden one is
      // how a password manager's autofill is harvested). One of unknown origin is judged by what it covers.
      else if (by === 'stranger' || covers) return report('overlay', { asksFor }, `overlay:${asksFor}`);
      // Hidden now, and shown later by a style change alone, which adds nothing: looked at again when focus
      // goes into the field — the person clicking in to type, or the dialog focusing it.
      if (!covers && isInput(field)) hidden.add(field);
    };
    /** Secret fields added where they covered nothing (a dialog added hidden). */
    const hidden = new WeakSet<Element>();
    /** The shop's dialog fields, looked at again when what says which secret they ask for changes. */
    const renamed = new MutationObserver((records) => {
      for (const { target } of records) if (target instanceof Element && target.isConnected) lookAt(target);
    });
    const lookAtCandidates = (): void => {
      const roots = candidates;
      candidates = new Set();
      maybeHosts = 0;
      for (const element of roots) {
        if (!element.isConnected) continue;
        let inside = false;
        for (let up = element.parentElement; up && !inside; up = up.parentElement) inside = roots.has(up);
        if (!inside) lookAt(element);
      }
    };
    const considerOverlay = (element: Element, how: true | 'maybe-host'): void => {
      // Past the bound, a closed root is still found when focus goes into it (below).
      if (how === 'maybe-host' && ++maybeHosts > MAX_MAYBE_HOSTS) return;
      if (candidates.size === 0) after(OVERLAY_SETTLE_MS, lookAtCandidates);
      candidates.add(element);
    };
    // Focus inside a shadow root reaches this world retargeted to its host: a dialog's code field being
    // focused (by the dialog itself, or by the person about to type) is looked at then, whatever hid it.
    // So is a secret field that was added hidden.
    context.onEvent(
      ['focusin'],
      ({ target }) => {
        if (!(target instanceof Element)) return;
        if (target instanceof HTMLInputElement) {
          if (hidden.has(target)) lookAt(target);
        } else if (shadowOf(target)) lookAt(target);
      },
      true,
    );

    /** Action changes seen before the profile said which forms pay, judged once it has (bounded). */
    const early: Element[] = [];
    // From document_start: the parser's forms and fields are noted before any helper can change them.
    context.onMutations(
      ['action', 'formaction'],
      ({ attributes, added, parsed }, noted) => {
        for (const { target, name, oldValue } of attributes) {
          if (name !== 'action' && name !== 'formaction') continue;
          // Changed before the parsed document was handed over: the parser's value is the one before.
          if (!actions.has(target)) actions.set(target, oldValue === null ? '' : absolute(oldValue));
          if (controls) checkAction(target);
          else if (early.length < 100) early.push(target);
        }
        note(noted);
        for (const node of added) {
          if (node instanceof HTMLScriptElement) continue;
          // The parser's elements are the shop's markup; script-added ones after load are not. Only
          // those that can hold a field are looked at again (translators add thousands of <font>s).
          const how = parsed ? false : mayHoldField(node);
          if (how) considerOverlay(node, how);
        }
      },
      NOTED,
    );

    void context.controls().then((loaded) => {
      controls = loaded;
      if (document.documentElement) note(within([document.documentElement], NOTED));
      for (const element of early.splice(0)) checkAction(element);
    });
  },
};
