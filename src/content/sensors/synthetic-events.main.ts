/**
 * Programmatic activation from the page world: `el.click()`, `dispatchEvent(new MouseEvent(...))`,
 * `form.submit()` / `requestSubmit()`. Both produce `isTrusted === false` events, which the ISOLATED
 * world sees on the shared DOM; this sensor tells it *who* dispatched, by sending the actor with what
 * ties the announcement to the event: its `timeStamp`, the event's creation time, which the ISOLATED world
 * reads off the same event (src/content/isolated/dispatch-announcements.ts).
 * - dispatchEvent(): the event's own timeStamp, read with the getter captured at document_start, sent before
 *   the native call. Not the dispatch time: a page can create its click and dispatch it later, or dispatch it
 *   again, and the dispatch time then named nobody — the click was blamed on another extension.
 * - click(), requestSubmit(): the browser creates the event inside the call, so the call's start and end,
 *   sent as it returns (the event is waiting in the ISOLATED world by then).
 * Only activations of purchase, quantity and payment controls, and input and change events on delivery fields, are
 * announced (once the profile is known): the ISOLATED world ignores the rest, so they cost no stack capture.
 * Events dispatched from other worlds reach the DOM without passing these hooks — the ISOLATED world
 * reports those with an actor from "another world".
 * A click on a link is also a navigation: where it goes is checked here, in the same hooks (main/link-follow.ts).
 */
import type { Actor } from '../../shared/findings.ts';
import { MAX_STRING } from '../../shared/page-protocol.ts';
import { clampActor } from '../main/clamp.ts';
import { closest, eventTimeStamp, eventType, optionsItem, performanceNow, queueTask, selectValue } from '../main/natives.ts';
import { SafeSet } from '../main/safe-collections.ts';
import { linkFollowReporter } from '../main/link-follow.ts';
import type { Observer } from '../main/patch.ts';
import { isPageSide, type MainSensor } from '../main/sensor.ts';
import { noteDeliveryWrite, strangerWriterOf } from '../main/delivery-writers.ts';

/**
 * The event types the ISOLATED world matches announcements to (untrusted-activation.isolated.ts): pointer
 * precursors (mousedown, pointerup…) are not announced, nobody waits for them. A set, not a pattern: the
 * captured `exec` makes a match array for every event of these types a page dispatches (a flood's 50,000).
 */
const ANNOUNCED = new SafeSet<string>();
const ANNOUNCED_TYPES = ['click', 'dblclick', 'submit', 'keydown', 'keypress', 'input', 'change'];
for (let i = 0; i < ANNOUNCED_TYPES.length; i++) ANNOUNCED.add(ANNOUNCED_TYPES[i]!);
/**
 * Announcements per task. Each costs a stack capture and a copy; a person's activation, or a helper's, is a
 * few events a task, and a flood's 500 in a task were announced 64 at a time (the ISOLATED world's bound),
 * which made the flood's first task ~15 ms longer (docs/performance.md, stop 42). Past the bound the
 * activations are still reported, by the ISOLATED world, as another world's or unknown (docs/security.md).
 */
const PER_TASK = 16;
/** An option's properties whose write may change its select's value. */
const OPTION_WRITES = ['selected', 'defaultSelected', 'value', 'text'];

export const syntheticEventsSensor: MainSensor = {
  id: 'synthetic-events',
  install(context, realm) {
    const { patcher, attribution, site } = context;
    const followed = linkFollowReporter(context);
    let announced = 0;
    const resetCount = (): void => void (announced = 0);
    /**
     * `at`: the event's timeStamp; with `until`, the span of a call that creates its event. `field`: a delivery field the
     * event is on, whose value a stranger may have written (main/delivery-writers.ts): the shop's own event then names
     * that stranger, whose value it carries.
     */
    const announce = (type: string, at: number, until?: number, field?: object): void => {
      // A type no purchase event has, and no message may carry (the page names its own events).
      if (type.length > MAX_STRING) return;
      if (announced === 0) queueTask(resetCount);
      if (++announced > PER_TASK) return;
      const dispatcher = attribution.attribute();
      const writer = field === undefined ? undefined : strangerWriterOf(field);
      const who = writer !== undefined && isPageSide(dispatcher.actor, site) ? writer : dispatcher;
      // Spread from a literal, not assigned: a setter page code puts on Object.prototype never sees it.
      const span = until === undefined ? null : { until };
      // At once: the ISOLATED world holds the announcement before the event reaches it, or while it waits.
      // The actor cut as findings' are: one with a URL past a short string was refused whole, as a forgery.
      const send = (actor: Actor): void => context.sendNow({ t: 'synthetic', eventType: type, at, ...span, actor: clampActor(actor) });
      // An inline script's actor is hashed before this returns (main/hasher.ts): one announcement, complete.
      context.actorOf(who, send);
    };
    patcher.method(realm.EventTarget.prototype, 'dispatchEvent', (self, args) => {
      let type = '';
      try {
        type = eventType(args[0]);
      } catch {
        return; // not an event: the native call throws for the page as usual
      }
      // Only activation-like events cost anything more; the page's own custom events pass untouched.
      if (!ANNOUNCED.has(type)) return;
      if (type === 'click') followed(self);
      // Input and change on an address field too: the shop's own address suggestions and branch map set the field
      // and fire them, which the ISOLATED world must not take for a helper sending the coins elsewhere.
      const delivery = (type === 'input' || type === 'change') && site.isDeliveryField(self);
      if (delivery || site.isControl(self)) announce(type, eventTimeStamp(args[0]), undefined, delivery ? (self as object) : undefined);
    });
    // The calls that create their event: the start is the `before` observer's token, the end read as they return.
    const started: Observer = (self) => (site.isControl(self) ? performanceNow() : undefined);
    const clicked: Observer = (self) => {
      followed(self);
      return started(self, []);
    };
    const returned =
      (type: string): Observer =>
      (_self, _args, _result, start) => {
        if (typeof start === 'number') announce(type, start, performanceNow());
      };
    // Who writes a delivery field's value: a stranger's write is what the shop's next event on it carries (above).
    const wrote: Observer = (self) => {
      if (!site.isDeliveryField(self)) return;
      const who = attribution.attribute();
      noteDeliveryWrite(self as object, who, isPageSide(who.actor, site));
    };
    patcher.accessor(realm.HTMLInputElement.prototype, 'value', undefined, wrote);
    patcher.accessor(realm.HTMLTextAreaElement.prototype, 'value', undefined, wrote);
    patcher.accessor(realm.HTMLSelectElement.prototype, 'value', undefined, wrote);
    patcher.accessor(realm.HTMLSelectElement.prototype, 'selectedIndex', undefined, wrote);
    // The select's value by another name: an option's `selected`, its `defaultSelected` (the attribute, which selects
    // it while nobody has chosen), the options' `selectedIndex`, the selected option's own `value` or `text` (its
    // value when it has no attribute). A helper's own accessor on the branch turned the shop's write into one of these,
    // and the shop's change event then vouched for it. Only a write that changed the select's value counts: jQuery's
    // `.val()` writes `selected` on every option, and a stack for each was past the capture budget on a long list,
    // where a write then names nobody (a stranger).
    const beforeOption: Observer = (self) => {
      const select = closest(self as Element, 'select');
      return select !== null && site.isDeliveryField(select) ? [select, selectValue(select)] : undefined;
    };
    const afterOption: Observer = (_self, _args, _result, token) => {
      if (token === undefined) return;
      // By index: destructuring would run the page's array iterator.
      const select = (token as [Element, string])[0];
      if (selectValue(select) !== (token as [Element, string])[1]) wrote(select, []);
    };
    const optionsOf = (self: unknown): Element | null => optionsItem(self as HTMLOptionsCollection, 0);
    for (let i = 0; i < OPTION_WRITES.length; i++)
      patcher.accessor(realm.HTMLOptionElement.prototype, OPTION_WRITES[i]!, undefined, afterOption, beforeOption);
    patcher.accessor(realm.HTMLOptionsCollection.prototype, 'selectedIndex', undefined, afterOption, (self) => {
      const first = optionsOf(self);
      return first === null ? undefined : beforeOption(first, []);
    });
    patcher.method(realm.HTMLElement.prototype, 'click', clicked, returned('click'));
    patcher.method(realm.HTMLFormElement.prototype, 'requestSubmit', started, returned('submit'));
    patcher.method(realm.HTMLFormElement.prototype, 'submit', started, returned('submit'));
  },
};
