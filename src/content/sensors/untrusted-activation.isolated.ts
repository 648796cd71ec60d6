/**
 * Activation of purchase controls (add to cart, buy, quantity, checkout submit), whoever did it.
 * DOM events are shared between worlds, so a capture listener here sees clicks from the page world,
 * from another extension's content script and from a MV3 user-script world alike.
 *
 * - Untrusted events (`isTrusted === false`: `click()`, `dispatchEvent`) → `untrusted-activation`. The
 *   MAIN-world hooks announce the page world's dispatches with their actor; an untrusted event with no
 *   such announcement came from a world Saq cannot hook — another extension or a user script.
 * - Trusted clicks on purchase controls → `purchase-cadence`, one per click, with the click's own time,
 *   point and the browser's click count: the background turns the series into rate and regularity
 *   (a person, or Puppeteer's trusted CDP input at a fixed period?).
 *
 * Pointer precursors (mousedown, pointerdown, mouseup) are not counted: a synthetic "realistic" click
 * dispatches all of them, and one activation must count once.
 */
import type { Actor } from '../../shared/findings.ts';
import { matchingControl, describeElement, type MatchedControl } from '../isolated/controls.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';

const UNTRUSTED_TYPES = ['click', 'dblclick', 'submit', 'keydown', 'keypress', 'input', 'change'] as const;
/** Longest wait for the MAIN world's announcement: it usually arrives within milliseconds, but the port can lag (Firefox under load: > 30 ms). */
const ATTRIBUTION_WAIT_MS = 250;
/** Match window between a hook's performance.now() and the event's timeStamp. */
const SAME_DISPATCH_MS = 8;

interface Announcement {
  eventType: string;
  at: number;
  actor: Actor;
}

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
    /** Events still waiting for the MAIN world's word: the port can lag (Firefox under load: > 30 ms). */
    const waiting: Array<{ type: string; timeStamp: number; done: (actor: Actor | null) => void }> = [];
    const take = (type: string, timeStamp: number): Actor | null => {
      const index = announcements.findIndex((a) => a.eventType === type && Math.abs(a.at - timeStamp) <= SAME_DISPATCH_MS);
      return index < 0 ? null : announcements.splice(index, 1)[0]!.actor;
    };
    context.onMain((message) => {
      if (message.t !== 'synthetic') return;
      // One announcement answers at most one waiting event (bounded work when a page floods events).
      const entry = waiting.find((w) => w.type === message.eventType && Math.abs(message.at - w.timeStamp) <= SAME_DISPATCH_MS);
      if (entry) return entry.done(message.actor);
      announcements.push(message);
      if (announcements.length > 64) announcements.shift();
    });

    /** The announcing actor, or `extension` (another world) when none comes within ATTRIBUTION_WAIT_MS. */
    const attribute = (type: string, timeStamp: number): Promise<Actor> =>
      new Promise((resolve) => {
        const now = take(type, timeStamp);
        if (now) return resolve(now);
        // A flood of untrusted events: past 64 waiting, the rest are judged without a name.
        if (waiting.length >= 64) return resolve({ type: 'unknown' });
        const entry = {
          type,
          timeStamp,
          done: (actor: Actor | null) => {
            waiting.splice(waiting.indexOf(entry), 1);
            resolve(actor ?? { type: 'extension' });
          },
        };
        waiting.push(entry);
        setTimeout(() => waiting.includes(entry) && entry.done(null), ATTRIBUTION_WAIT_MS);
      });

    const reportUntrusted = (event: Event, control: MatchedControl): void => {
      const { type, timeStamp } = event;
      void attribute(type, timeStamp).then((actor) => {
        context.report('untrusted-activation', actor, {
          control: control.kind,
          event: type,
          count: 1,
          target: describeElement(control.element),
          world: actor.type === 'extension' && !actor.url ? 'other' : 'page',
        });
      });
    };

    const reportTrustedClick = (event: MouseEvent, control: MatchedControl, eventTime: number): void => {
      if (control.group !== 'purchase') return;
      context.report(
        'purchase-cadence',
        { type: 'unknown' },
        {
          control: control.kind,
          event: 'click',
          actions: 1,
          eventTime,
          x: Math.round(event.clientX * 10) / 10,
          y: Math.round(event.clientY * 10) / 10,
          detail: event.detail,
          pointer: pointerOf(event),
        },
      );
    };

    const onEvent = (event: Event): void => {
      // A person's typing is none of this sensor's business: only their clicks on purchase controls are.
      if (event.isTrusted && event.type !== 'click') return;
      // The click's own time, in the page's clock: message delays must not blur a cadence.
      const eventTime = performance.timeOrigin + event.timeStamp;
      const { target } = event;
      void context.profile().then((profile) => {
        const control = matchingControl(target, profile);
        if (!control) return;
        if (!event.isTrusted) reportUntrusted(event, control);
        else if (event.type === 'click' && event instanceof MouseEvent) reportTrustedClick(event, control, eventTime);
      });
    };
    for (const type of UNTRUSTED_TYPES) window.addEventListener(type, onEvent, { capture: true, signal: context.signal });
  },
};
