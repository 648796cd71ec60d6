/**
 * Quantity and limit tampering: the quantity control or a cart request carries more coins than the
 * shop's per-buyer limit, or the control was altered so it can. The limit is what the page shows —
 * the control's `max` and the options of a quantity `<select>` as the page's markup had them, the number
 * in the limit message — and the profile's `per_buyer_limit`; the smallest one known counts.
 *
 * - `max-raised`: the control's `max` attribute rose above the limit after the page set it.
 * - `option-added`: a `<select>` got an option above the limit.
 * - `value-set`: a purchase control was activated while the quantity was above the limit and not what
 *   the person typed (a script set `.value`, which fires no event) — or an untrusted input/change event
 *   brought it there. A person typing 5 where the limit is 2 is refused by the shop, not flagged here.
 * - `request-body`: the page hooks parsed a quantity (`qty`) out of a cart request's body and it is above
 *   the limit; the actor is the request's (the shop's own code sending what a bot typed stays `page`).
 *
 * Who changed the DOM cannot be seen from here (a MutationObserver has no stack): the actor is
 * `unknown`, except for request bodies and activations the hooks attributed.
 */
import { closestOf, matchingControl, queryAll } from '../isolated/controls.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';
import type { SiteProfileForPage } from '../../shared/protocol.ts';

interface ControlState {
  /** The limit as the page's own markup stated it on the control (max, or the largest option). */
  markupLimit: number;
  /** The last value the person gave the control (trusted input), or its value when first seen. */
  personValue: string;
  reported: Set<string>;
}

/** How far up from the control to look for the limit message that belongs to it. */
const MESSAGE_SEARCH_DEPTH = 6;

function positiveInt(text: string | null | undefined): number {
  const value = Number.parseInt(String(text ?? ''), 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function numberIn(text: string): number {
  const match = /\d{1,6}/.exec(text);
  return match ? positiveInt(match[0]) : 0;
}

function markupLimitOf(control: Element): number {
  if (control instanceof HTMLSelectElement) {
    return Math.max(0, ...[...control.options].map((option) => positiveInt(option.value)));
  }
  return positiveInt(control.getAttribute('max'));
}

function valueOf(control: Element): string {
  return control instanceof HTMLInputElement || control instanceof HTMLSelectElement ? control.value : '';
}

function smallestKnown(...limits: number[]): number {
  const known = limits.filter((limit) => limit > 0);
  return known.length > 0 ? Math.min(...known) : 0;
}

export const quantityLimitSensor: IsolatedSensor = {
  id: 'quantity-limit',
  install(context) {
    const states = new WeakMap<Element, ControlState>();
    let profile: SiteProfileForPage | null = null;

    const messageLimit = (control: Element, selectors: readonly string[]): number => {
      let scope: Element | null = control;
      for (let depth = 0; scope && depth < MESSAGE_SEARCH_DEPTH; depth++, scope = scope.parentElement) {
        const message = queryAll(scope, selectors)[0];
        if (message) return numberIn(message.textContent ?? '');
      }
      return 0;
    };

    /**
     * Form controls as the parser made them, noted before the profile says which are quantity controls:
     * a helper may change `max` or `.value` before the background's answer arrives.
     */
    const asParsed = new WeakMap<Element, { limit: number; value: string }>();
    const noteParsed = (node: Node): void => {
      if (!(node instanceof Element)) return;
      const fields =
        node instanceof HTMLInputElement || node instanceof HTMLSelectElement ? [node] : [...node.querySelectorAll('input, select')];
      for (const field of fields) if (!asParsed.has(field)) asParsed.set(field, { limit: markupLimitOf(field), value: valueOf(field) });
    };

    const track = (control: Element): ControlState => {
      let state = states.get(control);
      if (!state) {
        const parsed = asParsed.get(control);
        state = {
          markupLimit: parsed?.limit ?? markupLimitOf(control),
          personValue: typed.get(control) ?? parsed?.value ?? valueOf(control),
          reported: new Set(),
        };
        states.set(control, state);
      }
      return state;
    };

    const limitOf = (control: Element, state: ControlState): number =>
      profile ? smallestKnown(state.markupLimit, messageLimit(control, profile.limitMessageSelectors), profile.perBuyerLimit) : 0;

    const report = (control: Element, how: string, quantity: number, extra: Record<string, string> = {}): void => {
      const state = track(control);
      const limit = limitOf(control, state);
      const key = `${how}:${quantity}`;
      if (limit === 0 || quantity <= limit || state.reported.has(key)) return;
      state.reported.add(key);
      context.report('quantity-tamper', { type: 'unknown' }, { quantity, limit, how, ...extra });
    };

    const quantityControls = (): Element[] => (profile ? queryAll(document, profile.quantitySelectors) : []);

    /** Before a purchase goes out: is any quantity above the limit without the person having typed it? */
    const checkValues = (): void => {
      for (const control of quantityControls()) {
        const state = track(control);
        const value = valueOf(control);
        if (value !== state.personValue) report(control, 'value-set', positiveInt(value));
      }
    };

    /** What the person typed into any field, remembered even before the profile says which are quantities. */
    const typed = new WeakMap<Element, string>();
    const onInput = (event: Event): void => {
      if (!(event.target instanceof Element)) return;
      if (event.isTrusted) typed.set(event.target, valueOf(event.target));
      if (!profile) return;
      const control = closestOf(event.target, profile.quantitySelectors);
      if (!control) return;
      const state = track(control);
      if (event.isTrusted) state.personValue = valueOf(control);
      else report(control, 'value-set', positiveInt(valueOf(control)));
    };

    /** Activations before the profile arrived: the target and every field's value at that moment. */
    const earlyActivations: Array<{ target: EventTarget | null; values: Array<[Element, string]> }> = [];
    const onActivation = (event: Event): void => {
      if (!profile) {
        // A helper may click before the background's answer: judge that click once the profile is known.
        if (earlyActivations.length < 20) {
          const fields = [...document.querySelectorAll('input, select')].map((field): [Element, string] => [field, valueOf(field)]);
          earlyActivations.push({ target: event.target, values: fields });
        }
        return;
      }
      const control = matchingControl(event.target, profile);
      if (control && control.group !== 'quantity') checkValues();
    };
    const judgeEarlyActivations = (loaded: SiteProfileForPage): void => {
      for (const { target, values } of earlyActivations.splice(0)) {
        const control = matchingControl(target, loaded);
        if (!control || control.group === 'quantity') continue;
        for (const [field, value] of values) {
          if (closestOf(field, loaded.quantitySelectors) !== field) continue;
          if (value !== track(field).personValue) report(field, 'value-set', positiveInt(value));
        }
      }
    };

    /** Changes seen before the profile arrived, judged once it has (bounded). */
    const early: MutationRecord[] = [];
    const handle = (records: readonly MutationRecord[]): void => {
      if (!profile) return;
      for (const record of records) {
        const target = record.target;
        if (record.type === 'attributes' && target instanceof Element && record.attributeName === 'max') {
          const control = closestOf(target, profile.quantitySelectors);
          if (control === target) report(control, 'max-raised', positiveInt(control.getAttribute('max')));
        } else if (record.type === 'childList') {
          const select = target instanceof HTMLOptionElement || target instanceof HTMLOptGroupElement ? target.closest('select') : target;
          if (!(select instanceof HTMLSelectElement) || closestOf(select, profile.quantitySelectors) !== select) continue;
          for (const node of record.addedNodes) {
            if (node instanceof HTMLOptionElement) report(select, 'option-added', positiveInt(node.value));
          }
        }
        for (const node of record.type === 'childList' ? record.addedNodes : []) {
          // Controls that appear later (the page renders them) are remembered as the page made them.
          if (node instanceof Element) for (const control of queryAll(node, profile.quantitySelectors)) track(control);
          if (node instanceof Element && closestOf(node, profile.quantitySelectors) === node) track(node);
        }
      }
    };
    const observer = new MutationObserver((records) => {
      if (document.readyState === 'loading') for (const record of records) record.addedNodes.forEach(noteParsed);
      if (profile) handle(records);
      else if (early.length < 500) early.push(...records);
    });
    // From document_start, before the profile is known: what the parser adds is the shop's markup.
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['max'] });

    void context.profile().then((loaded) => {
      profile = loaded;
      for (const control of quantityControls()) track(control);
      handle(early.splice(0));
      judgeEarlyActivations(loaded);
    });
    context.signal.addEventListener('abort', () => observer.disconnect(), { once: true });

    for (const type of ['input', 'change']) window.addEventListener(type, onInput, { capture: true, signal: context.signal });
    for (const type of ['click', 'submit']) window.addEventListener(type, onActivation, { capture: true, signal: context.signal });

    // Cart requests whose body the page hooks could read: the quantity they carry.
    context.onMain((message) => {
      if (!profile || message.t !== 'finding' || message.finding.kind !== 'page-request') return;
      const quantity = message.finding.evidence.qty;
      if (typeof quantity !== 'number' || quantity <= 0) return;
      const controls = quantityControls();
      const state = controls.length === 1 ? track(controls[0]!) : null;
      const limit = state ? limitOf(controls[0]!, state) : profile.perBuyerLimit;
      if (limit === 0 || quantity <= limit) return;
      context.report('quantity-tamper', message.finding.actor, {
        quantity,
        limit,
        how: 'request-body',
        url: String(message.finding.evidence.url ?? '').slice(0, 512),
      });
    });
  },
};
