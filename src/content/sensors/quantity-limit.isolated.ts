/**
 * Quantity and limit tampering: the quantity control or a cart request carries more coins than the
 * shop's per-buyer limit, or the control was altered so it can. The limit is what the page shows —
 * the control's `max` and the options of a quantity `<select>` as the page's markup had them, the number
 * in the limit message — and the profile's `per_buyer_limit`; the smallest one known counts.
 *
 * - `max-raised`: the control's `max` attribute rose above the limit after the page set it.
 * - `option-added`: a `<select>` got an option above the limit, or one of its options was given such a value.
 * - `value-set`: a purchase control was activated while the quantity was above the limit and not what
 *   the person typed (a script set `.value`, which fires no event) — or an untrusted input/change event
 *   brought it there. A person typing 5 where the limit is 2 is refused by the shop, not flagged here.
 * - `request-body`: the page hooks parsed a quantity (`qty`) out of a cart request's body and it is above
 *   the limit; the actor is the request's (the shop's own code sending what a bot typed stays `page`).
 *
 * Who changed the DOM cannot be seen from here (a MutationObserver has no stack): the actor is
 * `unknown`, except for request bodies and activations the hooks attributed.
 */
import { closestIn, isIn, queryIn, within, type Controls } from '../isolated/controls.ts';
import { markupValueOf, positiveInt, quantityOf, valueOf } from '../isolated/fields.ts';
import type { IsolatedSensor, Mutations } from '../isolated/sensor.ts';

interface ControlState {
  /** The limit as the page's own markup stated it on the control (max, or the largest option). */
  markupLimit: number;
  /** The last value the person gave the control (trusted input), or the value its markup gave it. */
  personValue: string;
  reported: Set<string>;
  /**
   * The limit as last worked out (markup, limit message, profile) and when: a flood of events must not
   * reread the message or recompute it each time. The profile is compiled once per page, so it cannot change.
   */
  shown?: { at: number; effective: number };
}

/** How far up from the control to look for the limit message that belongs to it. */
const MESSAGE_SEARCH_DEPTH = 6;
/** Quantity controls remembered past their selectors (a product page has one; a cart page one per line). */
const MAX_KNOWN = 64;
/** How long a read limit message holds: the shop changes it at human pace, a flood asks thousands of times. */
const MESSAGE_FRESH_MS = 250;

function markupLimitOf(control: Element): number {
  if (control instanceof HTMLSelectElement) return Math.max(0, ...[...control.options].map((option) => positiveInt(option.value)));
  return positiveInt(control.getAttribute('max'));
}

function messageLimit(control: Element, list: string): number {
  for (
    let scope: Element | null = control, depth = 0;
    list && scope && depth < MESSAGE_SEARCH_DEPTH;
    depth++, scope = scope.parentElement
  ) {
    const message = scope.querySelector(list);
    if (message) return positiveInt(/\d{1,6}/.exec(message.textContent ?? '')?.[0]);
  }
  return 0;
}

export const quantityLimitSensor: IsolatedSensor = {
  id: 'quantity-limit',
  install(context) {
    const states = new WeakMap<Element, ControlState>();
    /**
     * The quantity controls seen, still judged when they stop matching: the shop reads the element it holds, so
     * a helper that took the field's `data-role` and `name` off and wrote 5 had the shop ask for 5 while no
     * selector found the field (no verdict in either browser before, review of 2026-12-06).
     */
    const known: Element[] = [];
    let controls: Controls | null = null;
    /**
     * Form controls as the parser made them, noted before the profile says which are quantity controls:
     * a helper may change `max` or `.value` before the background's answer arrives.
     */
    const asParsed = new WeakMap<Element, { limit: number; value: string }>();
    /** What the person typed into any field, remembered even before the profile says which are quantities. */
    const typed = new WeakMap<Element, string>();

    const track = (control: Element): ControlState => {
      let state = states.get(control);
      if (!state) {
        const parsed = asParsed.get(control);
        state = {
          markupLimit: parsed?.limit ?? markupLimitOf(control),
          // Not `.value`: when the profile arrives late, a helper may already have written it.
          personValue: typed.get(control) ?? parsed?.value ?? markupValueOf(control),
          reported: new Set(),
        };
        states.set(control, state);
        // Full: the controls a re-render took away go first.
        if (known.length >= MAX_KNOWN) known.splice(0, known.length, ...known.filter((element) => element.isConnected));
        if (known.length < MAX_KNOWN) known.push(control);
      }
      return state;
    };

    const limitOf = (control: Element, state: ControlState): number => {
      if (!controls) return 0;
      const now = performance.now();
      if (!state.shown || now - state.shown.at > MESSAGE_FRESH_MS) {
        const known = [state.markupLimit, messageLimit(control, controls.limitMessage), controls.profile.perBuyerLimit].filter(
          (n) => n > 0,
        );
        state.shown = { at: now, effective: known.length > 0 ? Math.min(...known) : 0 };
      }
      return state.shown.effective;
    };

    const report = (control: Element, how: string, quantity: number): void => {
      const state = track(control);
      // The limit first (worked out at most every MESSAGE_FRESH_MS): a flood of values within it makes no key.
      const limit = limitOf(control, state);
      if (limit === 0 || quantity <= limit) return;
      const key = `${how}:${quantity}`;
      if (state.reported.has(key)) return;
      state.reported.add(key);
      context.report('quantity-tamper', { type: 'unknown' }, { quantity, limit, how });
    };

    const quantityControls = (): Element[] => {
      if (!controls) return [];
      const found = [...queryIn(document, controls.quantity)];
      for (const control of known) if (control.isConnected && !found.includes(control)) found.push(control);
      return found;
    };

    /** Before a purchase goes out: is any quantity above the limit without the person having typed it? */
    const checkValues = (values?: ReadonlyArray<[Element, string]>): void => {
      for (const [control, value] of values ?? quantityControls().map((c): [Element, string] => [c, valueOf(c)])) {
        if (controls && (states.has(control) || isIn(control, controls.quantity)) && value !== track(control).personValue)
          report(control, 'value-set', quantityOf(value));
      }
    };

    /** Activations before the profile arrived: the target and every field's value at that moment. */
    const earlyActivations: Array<{ target: EventTarget | null; values: Array<[Element, string]> }> = [];
    context.onEvent(
      ['input', 'change'],
      (event, control) => {
        const { target } = event;
        if (!(target instanceof Element)) return;
        if (event.isTrusted) typed.set(target, valueOf(target));
        // A quantity field inside another control (a payment form) is matched to that control first.
        const matched = control?.group === 'quantity' ? control.element : control && controls ? closestIn(target, controls.quantity) : null;
        // A control seen before and no longer matching is still one (`known`): what the person types there is theirs.
        const quantity = matched ?? (states.has(target) ? target : null);
        if (!quantity) return;
        const state = track(quantity);
        if (event.isTrusted) state.personValue = valueOf(quantity);
        else report(quantity, 'value-set', quantityOf(valueOf(quantity)));
      },
      true,
    );
    context.onEvent(['click', 'submit'], ({ target }, control) => {
      if (control === undefined) {
        // A helper may click before the background's answer: judge that click once the profile is known.
        if (earlyActivations.length < 20)
          earlyActivations.push({
            target,
            values: [...document.querySelectorAll('input, select')].map((f): [Element, string] => [f, valueOf(f)]),
          });
      } else if (control && control.group !== 'quantity') checkValues();
    });

    const handle = ({ attributes, added, controls: addedControls }: Mutations): void => {
      if (!controls) return;
      const list = controls.quantity;
      for (const { target, name } of attributes) {
        if (name === 'max' && isIn(target, list)) report(target, 'max-raised', quantityOf(target.getAttribute('max')));
        // An option of the quantity list given another value is an option added: the person picks "2" and the shop
        // reads 5 (no verdict in either browser before, review of 2026-12-06).
        const select = name === 'value' && target instanceof HTMLOptionElement ? target.closest('select') : null;
        if (select && (states.has(select) || isIn(select, list)))
          report(select, 'option-added', quantityOf((target as HTMLOptionElement).value));
      }
      for (const node of added) {
        const select = node instanceof HTMLOptionElement ? node.closest('select') : null;
        if (select && isIn(select, list)) report(select, 'option-added', quantityOf((node as HTMLOptionElement).value));
      }
      // Controls that appear later (the page renders them) are remembered as the page made them: among the
      // controls the hub found (changes from before the profile arrived come without, and are matched here).
      for (const control of addedControls ?? within(added, controls.any)) if (isIn(control, list)) track(control);
    };
    /** Changes seen before the profile arrived, judged once it has (bounded). */
    const early: Mutations[] = [];
    context.onMutations(['max', 'value'], (mutations) => {
      // A `max` changed during the parse: what the parser put there is the value before the change.
      for (const { target, name, oldValue } of mutations.attributes)
        if (name === 'max' && !asParsed.has(target)) asParsed.set(target, { limit: positiveInt(oldValue), value: markupValueOf(target) });
      if (mutations.parsed) {
        for (const node of mutations.added) {
          const fields =
            node instanceof HTMLInputElement || node instanceof HTMLSelectElement ? [node] : node.querySelectorAll('input, select');
          // Not `.value`: a helper may have written it during the parse; the markup's value is the page's.
          for (const field of fields)
            if (!asParsed.has(field)) asParsed.set(field, { limit: markupLimitOf(field), value: markupValueOf(field) });
        }
      }
      if (controls) handle(mutations);
      else if (early.length < 100) early.push(mutations);
    });

    void context.controls().then((loaded) => {
      controls = loaded;
      for (const control of quantityControls()) track(control);
      for (const mutations of early.splice(0)) handle(mutations);
      for (const { target, values } of earlyActivations.splice(0)) {
        const control = loaded.match(target);
        if (control && control.group !== 'quantity') checkValues(values);
      }
    });

    // Cart requests whose body the page hooks could read: the quantity they carry.
    context.onMain('finding', ({ finding }) => {
      if (!controls || finding.kind !== 'page-request') return;
      const quantity = finding.evidence.qty;
      if (typeof quantity !== 'number' || quantity <= 0) return;
      const found = quantityControls();
      const only = found.length === 1 ? found[0]! : null;
      const limit = only ? limitOf(only, track(only)) : controls.profile.perBuyerLimit;
      if (limit === 0 || quantity <= limit) return;
      context.report('quantity-tamper', finding.actor, {
        quantity,
        limit,
        how: 'request-body',
        url: String(finding.evidence.url ?? '').slice(0, 512),
      });
    });
  },
};
