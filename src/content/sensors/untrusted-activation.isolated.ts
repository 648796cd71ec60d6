/**
 * Activation of purchase controls (add to cart, buy, quantity, checkout submit), whoever did it.
 * DOM events are shared between worlds, so a capture listener here sees clicks from the page world,
 * from another extension's content script and from a MV3 user-script world alike.
 *
 * - Untrusted events (`isTrusted === false`: `click()`, `dispatchEvent`) → `untrusted-activation`. The
 *   MAIN-world hooks announce the page world's dispatches with their actor — dispatchEvent() before the event
 *   reaches this world, click() right after — tied to the event by its timeStamp (dispatch-announcements.ts);
 *   an untrusted event with no such announcement came from a world Saq cannot hook — another extension or a
 *   user script.
 * - Trusted clicks on purchase controls → `purchase-cadence`, one per click, with the click's own time,
 *   point and the browser's click count: the background turns the series into rate and regularity
 *   (a person, or Puppeteer's trusted CDP input at a fixed period?).
 *
 * Pointer precursors (mousedown, pointerdown, mouseup) are not counted: a synthetic "realistic" click
 * dispatches all of them, and one activation must count once.
 *
 * Cost: an event on anything but a purchase control ends at the shared control match (src/content/isolated/hub.ts).
 * Under a flood, untrusted activations of the same control by the same actor within one task leave as one
 * finding with their `count`, and at most 64 events wait for the MAIN world's word at a time.
 */
import type { Actor } from '../../shared/findings.ts';
import { describeElement, type MatchedControl } from '../isolated/controls.ts';
import { announces } from '../isolated/dispatch-announcements.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';
import { after } from '../timer.ts';

const UNTRUSTED_TYPES = ['click', 'dblclick', 'submit', 'keydown', 'keypress', 'input', 'change'] as const;
/**
 * Longest wait for the MAIN world's announcement. It comes over the channel's lane, during the dispatch (a
 * click() call's, as the call returns); until the lane is named announcements travel by port, which can lag
 * (Firefox under load: > 30 ms).
 */
const ATTRIBUTION_WAIT_MS = 250;
/** Announcements kept, events waiting for one, distinct activations gathered per task: bounded under floods. */
const MAX_PENDING = 64;

/**
 * The actors this sensor names itself, made once: under a flood every unannounced event is judged with one
 * of them, and the same object lets `gather` count a repeat without building its key (an allocation per event).
 */
const UNKNOWN: Actor = Object.freeze({ type: 'unknown' });
const OTHER_WORLD: Actor = Object.freeze({ type: 'extension' });

/** The index of the first announcement in `list` that names the event: a loop, no closure per event. */
function indexAnnouncing(list: readonly Announcement[], type: string, timeStamp: number): number {
  for (let i = 0; i < list.length; i++) if (announces(list[i]!, type, timeStamp)) return i;
  return -1;
}

interface Announcement {
  eventType: string;
  at: number;
  until?: number;
  actor: Actor;
}

interface Waiting {
  type: string;
  /** When the event was created: what its announcement names. */
  timeStamp: number;
  control: MatchedControl;
  /** performance.now() after which the event is judged with what is known. */
  deadline: number;
}

/** An event's own time in the page's clock, for a click's cadence: message delays must not blur it. */
const eventTimeOf = (event: Event): number => performance.timeOrigin + event.timeStamp;

/** Mouse, touch, pen, or keyboard (a click the keyboard caused has no pointer and click count 0). */
function pointerOf(event: MouseEvent): string {
  const type = (event as PointerEvent).pointerType;
  if (typeof type === 'string' && type !== '') return type;
  return event.detail === 0 ? 'keyboard' : 'mouse';
}

export const untrustedActivationSensor: IsolatedSensor = {
  id: 'untrusted-activation',
  install(context) {
    const announcements: Announcement[] = [];
    const waiting: Waiting[] = [];
    const early: Array<{ event: Event; eventTime: number }> = [];
    const described = new WeakMap<Element, string>();
    /** Activations gathered in this task: one finding each, with how many times it happened. */
    const gathered = new Map<string, { actor: Actor; control: MatchedControl; type: string; target: string; count: number }>();
    /** The pending expiry timer's number (0: none); one it replaced fires and is ignored. */
    let expiry = 0;
    let expiries = 0;
    let expiryAt = Infinity;

    const flush = (): void => {
      for (const { actor, control, type, target, count } of gathered.values()) {
        context.report('untrusted-activation', actor, {
          control: control.kind,
          event: type,
          count,
          target,
          world: actor.type === 'extension' && !actor.url ? 'other' : 'page',
        });
      }
      gathered.clear();
      last = null;
    };
    /** The entry the last `gather` of this task counted, and what it was for: repeats skip the key. */
    let last: { actor: Actor; element: Element; type: string; entry: { count: number } } | null = null;
    /** Same actor, event and control (by its description, computed once per element): one finding, counted. */
    const gather = (actor: Actor, control: MatchedControl, type: string): void => {
      if (last && last.actor === actor && last.element === control.element && last.type === type) return void last.entry.count++;
      let target = described.get(control.element);
      if (target === undefined) described.set(control.element, (target = describeElement(control.element)));
      const key = `${actor.type}|${actor.url ?? ''}|${actor.sha256 ?? ''}|${actor.extensionId ?? ''}|${type}|${target}`;
      let entry = gathered.get(key);
      if (!entry) {
        if (gathered.size >= MAX_PENDING) return;
        // After the task (a microtask waits for the page's script that dispatched), not behind other tasks.
        if (gathered.size === 0) queueMicrotask(flush);
        gathered.set(key, (entry = { actor, control, type, target, count: 0 }));
      }
      entry.count++;
      last = { actor, element: control.element, type, entry };
    };

    /**
     * Waiting events past their deadline, never announced: judged as another world's (which Saq's hooks cannot see). At most 64 wait, so the scan is bounded.
     */
    const expire = (): void => {
      expiry = 0;
      expiryAt = Infinity;
      const now = performance.now();
      let next = Infinity;
      for (let i = 0; i < waiting.length;) {
        const { control, type, deadline } = waiting[i]!;
        if (deadline > now) {
          next = Math.min(next, deadline);
          i++;
          continue;
        }
        waiting.splice(i, 1);
        gather(OTHER_WORLD, control, type);
      }
      if (next !== Infinity) expireBy(next);
    };
    /** One timer, at the earliest deadline. */
    const expireBy = (deadline: number): void => {
      if (deadline >= expiryAt) return;
      expiryAt = deadline;
      const mine = (expiry = ++expiries);
      after(deadline - performance.now(), () => mine === expiry && expire());
    };

    /** The waiting event an announcement names. */
    const answered = (message: Announcement): number => {
      for (let i = 0; i < waiting.length; i++) if (announces(message, waiting[i]!.type, waiting[i]!.timeStamp)) return i;
      return -1;
    };

    context.onMain('synthetic', (message) => {
      // One announcement answers at most one waiting event (bounded work when a page floods events).
      const index = answered(message);
      if (index >= 0) {
        const entry = waiting.splice(index, 1)[0]!;
        return gather(message.actor, entry.control, entry.type);
      }
      announcements.push(message);
      if (announcements.length > MAX_PENDING) announcements.shift();
    });

    const untrusted = (type: string, timeStamp: number, control: MatchedControl): void => {
      // An announcement the event never came for (its propagation stopped, a click() on a disabled button)
      // stays here, but names only that event: another world's cannot take it.
      const index = indexAnnouncing(announcements, type, timeStamp);
      const announcement = index >= 0 ? announcements.splice(index, 1)[0]! : null;
      if (announcement) return gather(announcement.actor, control, type);
      // A flood of untrusted events: past 64 waiting, the rest are judged with what is known now.
      if (waiting.length >= MAX_PENDING) return gather(UNKNOWN, control, type);
      const entry: Waiting = { type, timeStamp, control, deadline: performance.now() + ATTRIBUTION_WAIT_MS };
      waiting.push(entry);
      expireBy(entry.deadline);
    };

    const judge = (event: Event, control: MatchedControl | null, eventTime?: number): void => {
      if (!control) return;
      if (!event.isTrusted) return untrusted(event.type, event.timeStamp, control);
      if (event.type !== 'click' || control.group !== 'purchase' || !(event instanceof MouseEvent)) return;
      context.report(
        'purchase-cadence',
        { type: 'unknown' },
        {
          control: control.kind,
          event: 'click',
          actions: 1,
          eventTime: eventTime ?? eventTimeOf(event),
          x: Math.round(event.clientX * 10) / 10,
          y: Math.round(event.clientY * 10) / 10,
          detail: event.detail,
          pointer: pointerOf(event),
        },
      );
    };

    context.onEvent(UNTRUSTED_TYPES, (event, control) => {
      // A person's typing is none of this sensor's business: only their clicks on purchase controls are.
      if (event.isTrusted && event.type !== 'click') return;
      // Judged now, the click's time is read only for a cadence (judge); kept for later, it is read now.
      if (control !== undefined) judge(event, control);
      else if (early.length < MAX_PENDING) early.push({ event, eventTime: eventTimeOf(event) });
    });
    // Activations before the background's answer are judged once the profile is known.
    void context.controls().then((controls) => {
      for (const { event, eventTime } of early.splice(0)) judge(event, controls.match(event.target), eventTime);
    });
  },
};
