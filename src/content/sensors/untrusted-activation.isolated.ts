/**
 * Untrusted activation of purchase controls (add to cart, buy, quantity, checkout submit), whoever
 * dispatched it. DOM events are shared between worlds, so a capture listener here sees clicks from the
 * page world, from another extension's content script and from a MV3 user-script world alike.
 * The MAIN-world hooks announce the page world's dispatches with their actor; an untrusted event with no
 * such announcement came from a world Saq cannot hook — another extension or a user script.
 */
import type { Actor } from '../../shared/findings.ts';
import type { SiteProfileForPage } from '../../shared/protocol.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';

const WATCHED = ['click', 'mousedown', 'pointerdown', 'keydown', 'submit', 'input', 'change'] as const;
/** How long to wait for the MAIN world's announcement (a port message is a later task). */
const ATTRIBUTION_WAIT_MS = 30;
/** Match window between a hook's performance.now() and the event's timeStamp. */
const SAME_DISPATCH_MS = 8;

interface Announcement {
  eventType: string;
  at: number;
  actor: Actor;
}

function matchingControl(target: EventTarget | null, profile: SiteProfileForPage): { element: Element; role: string } | null {
  if (!(target instanceof Element)) return null;
  const groups: Array<[string, string[]]> = [
    ['purchase', profile.purchaseControlSelectors],
    ['quantity', profile.quantitySelectors],
    ['payment', profile.paymentFormSelectors],
  ];
  for (const [role, selectors] of groups) {
    for (const selector of selectors) {
      try {
        const element = target.closest(selector);
        if (element) return { element, role };
      } catch {
        // An invalid selector in the rules is the feed's bug; skip it rather than break the sensor.
      }
    }
  }
  return null;
}

function describe(element: Element): string {
  const attributes = ['data-action', 'data-role', 'id', 'name']
    .map((name) => (element.hasAttribute(name) ? `[${name}="${element.getAttribute(name)}"]` : ''))
    .join('');
  return `${element.tagName.toLowerCase()}${attributes}`.slice(0, 200);
}

export const untrustedActivationSensor: IsolatedSensor = {
  id: 'untrusted-activation',
  install(context) {
    const announcements: Announcement[] = [];
    context.onMain((message) => {
      if (message.t !== 'synthetic') return;
      announcements.push(message);
      if (announcements.length > 64) announcements.shift();
    });

    const attribute = (type: string, timeStamp: number): Actor => {
      const index = announcements.findIndex((a) => a.eventType === type && Math.abs(a.at - timeStamp) <= SAME_DISPATCH_MS);
      if (index < 0) return { type: 'extension' };
      const [announcement] = announcements.splice(index, 1);
      return announcement!.actor;
    };

    const onEvent = (event: Event): void => {
      if (event.isTrusted) return;
      const { type, timeStamp, target } = event;
      void context.profile().then((profile) => {
        const control = matchingControl(target, profile);
        if (!control) return;
        setTimeout(() => {
          const actor = attribute(type, timeStamp);
          context.report('untrusted-activation', actor, {
            eventType: type,
            control: control.role,
            target: describe(control.element),
            world: actor.type === 'extension' && !actor.url ? 'other' : 'page',
          });
        }, ATTRIBUTION_WAIT_MS);
      });
    };
    for (const type of WATCHED) window.addEventListener(type, onEvent, { capture: true, signal: context.signal });
  },
};
