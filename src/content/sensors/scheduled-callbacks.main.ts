/**
 * Wraps each function the page hands to a scheduler, so that attribution can name who scheduled it when the act it
 * does names no stranger (main/scheduled.ts): timers, animation frames, idle callbacks, microtasks and, where the
 * browser has it, `scheduler.postTask`. Reports nothing itself. A string given to a timer is code, not a callback:
 * the dynamic-code sensor reads it (and its code's frames have no URL, so they name a stranger already).
 */
import { onCall } from '../main/calls-observed.ts';
import type { Args } from '../main/patch.ts';
import type { MainSensor } from '../main/sensor.ts';

/** The realm's scheduling methods whose first argument is the callback. */
const ON_WINDOW = ['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback', 'queueMicrotask'] as const;

export const scheduledCallbacksSensor: MainSensor = {
  id: 'scheduled-callbacks',
  install(context, realm) {
    const { patcher, schedulings } = context;
    const wrapFirst = (_self: unknown, args: Args): void => {
      const callback = args[0];
      // Nothing else to wrap: a string is code; anything else the browser refuses, as it would without Saq.
      if (typeof callback === 'function') (args as unknown as unknown[])[0] = schedulings.wrap(callback as (...a: unknown[]) => unknown);
    };
    for (let i = 0; i < ON_WINDOW.length; i++) onCall(patcher, realm, ON_WINDOW[i]!, wrapFirst);
    const prototype = (realm as unknown as { Scheduler?: { prototype?: unknown } }).Scheduler?.prototype;
    if (typeof prototype === 'object' && prototype !== null) onCall(patcher, prototype, 'postTask', wrapFirst);
  },
};
