/**
 * Programmatic activation from the page world: `el.click()`, `dispatchEvent(new MouseEvent(...))`,
 * `form.submit()` / `requestSubmit()`. Both produce `isTrusted === false` events, which the ISOLATED
 * world sees on the shared DOM; this sensor tells it *who* dispatched, by sending the actor with the
 * dispatch time (performance.now() shares its time origin with Event.timeStamp).
 * Events dispatched from other worlds reach the DOM without passing these hooks — the ISOLATED world
 * reports those with an actor from "another world".
 */
import type { MainSensor } from '../main/sensor.ts';

const ACTIVATION_TYPES = new Set([
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
]);

export const syntheticEventsSensor: MainSensor = {
  id: 'synthetic-events',
  install(context) {
    const { natives, patcher, attribution } = context;
    const announce = (eventType: string): void => {
      if (context.signal.aborted) return;
      const { actor } = attribution.actorFromStack(context.pageOrigin);
      context.send({ t: 'synthetic', eventType, at: natives.performanceNow(natives.performance), actor });
    };
    patcher.wrapMethod(HTMLElement.prototype, 'click', () => announce('click'));
    patcher.wrapMethod(EventTarget.prototype, 'dispatchEvent', (_self, args) => {
      const event = args[0];
      // Only activation-like events cost a stack capture; the page's own custom events pass untouched.
      const type = event instanceof Event ? event.type : '';
      if (ACTIVATION_TYPES.has(type)) announce(type);
    });
    patcher.wrapMethod(HTMLFormElement.prototype, 'requestSubmit', () => announce('submit'));
    patcher.wrapMethod(HTMLFormElement.prototype, 'submit', () => announce('submit'));
  },
};
