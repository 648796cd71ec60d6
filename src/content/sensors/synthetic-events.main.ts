/**
 * Programmatic activation from the page world: `el.click()`, `dispatchEvent(new MouseEvent(...))`,
 * `form.submit()` / `requestSubmit()`. Both produce `isTrusted === false` events, which the ISOLATED
 * world sees on the shared DOM; this sensor tells it *who* dispatched, by sending the actor with the
 * dispatch time (performance.now() shares its time origin with Event.timeStamp). Only activations of
 * purchase, quantity and payment controls are announced (once the profile is known): the ISOLATED
 * world ignores the rest, so they cost no stack capture.
 * Events dispatched from other worlds reach the DOM without passing these hooks — the ISOLATED world
 * reports those with an actor from "another world".
 */
import { eventType, performanceNow } from '../main/natives.ts';
import type { MainSensor } from '../main/sensor.ts';

const ACTIVATION_TYPES = [
  'click',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keypress',
  'keyup',
  'submit',
  'input',
  'change',
];

export const syntheticEventsSensor: MainSensor = {
  id: 'synthetic-events',
  install(context, realm) {
    const { patcher, attribution, site } = context;
    const announce = (target: unknown, type: string): void => {
      if (!site.isControl(target)) return;
      const at = performanceNow();
      // An inline script's hash takes a moment; the ISOLATED world waits for announcements that long.
      void context.actorOf(attribution.attribute()).then((actor) => context.send({ t: 'synthetic', eventType: type, at, actor }));
    };
    patcher.method(realm.HTMLElement.prototype, 'click', (self) => announce(self, 'click'));
    patcher.method(realm.EventTarget.prototype, 'dispatchEvent', (self, [event]) => {
      let type = '';
      try {
        type = eventType(event);
      } catch {
        return; // not an event: the native call throws for the page as usual
      }
      // Only activation-like events cost anything more; the page's own custom events pass untouched.
      if (ACTIVATION_TYPES.includes(type)) announce(self, type);
    });
    for (const method of ['requestSubmit', 'submit'])
      patcher.method(realm.HTMLFormElement.prototype, method, (self) => announce(self, 'submit'));
  },
};
