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
import type { Actor } from '../../shared/findings.ts';
import { eventType, performanceNow, queueTask, regExpExec } from '../main/natives.ts';
import type { MainSensor } from '../main/sensor.ts';

/**
 * The event types the ISOLATED world matches announcements to (untrusted-activation.isolated.ts): pointer
 * precursors (mousedown, pointerup…) are not announced, nobody waits for them.
 */
const ANNOUNCED = /^(?:click|dblclick|submit|keydown|keypress|input|change)$/;
/**
 * The ISOLATED world keeps at most 64 announcements and 64 waiting events: more announcements from one
 * task would only be dropped there, after costing a stack capture and a copy here.
 */
const PER_TASK = 64;

export const syntheticEventsSensor: MainSensor = {
  id: 'synthetic-events',
  install(context, realm) {
    const { patcher, attribution, site } = context;
    let announced = 0;
    const resetCount = (): void => void (announced = 0);
    const announce = (target: unknown, type: string): void => {
      if (!site.isControl(target)) return;
      if (announced === 0) queueTask(resetCount);
      if (++announced > PER_TASK) return;
      const at = performanceNow();
      const who = attribution.attribute();
      // At once: the ISOLATED world then holds the announcement before the event reaches it.
      const send = (actor: Actor): void => context.sendNow({ t: 'synthetic', eventType: type, at, actor });
      if (who.text === undefined) return send(who.actor);
      // An inline script's hash takes a moment (a digest task, late on a busy page): say so now, hash after.
      context.sendNow({ t: 'synthetic', eventType: type, at, actor: who.actor, hashPending: true });
      context.actorOf(who, send);
    };
    patcher.method(realm.HTMLElement.prototype, 'click', (self) => announce(self, 'click'));
    patcher.method(realm.EventTarget.prototype, 'dispatchEvent', (self, args) => {
      let type = '';
      try {
        type = eventType(args[0]);
      } catch {
        return; // not an event: the native call throws for the page as usual
      }
      // Only activation-like events cost anything more; the page's own custom events pass untouched.
      if (regExpExec(ANNOUNCED, type)) announce(self, type);
    });
    for (const method of ['requestSubmit', 'submit'])
      patcher.method(realm.HTMLFormElement.prototype, method, (self) => announce(self, 'submit'));
  },
};
