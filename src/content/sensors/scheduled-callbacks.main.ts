/**
 * Wraps each function the page hands to a scheduler, so that attribution can name who scheduled it when the act it
 * does names no stranger (main/scheduled.ts): timers, animation frames, idle callbacks, microtasks and, where the
 * browser has it, `scheduler.postTask`. In the page's own window, a message it posts to itself too: its poster is
 * queued with the message's shape, and the message event of that shape, when the window dispatches it, carries the
 * poster's scheduling (a listener of Saq's, first on the window, capture phase). Reports nothing itself. A string
 * given to a timer is code, not a callback: the dynamic-code sensor reads it (and its code's frames have no URL, so
 * they name a stranger already).
 */
import { onCall } from '../main/calls-observed.ts';
import { messageData, messageSource, objectKeys, sliceString } from '../main/natives.ts';
import type { Args } from '../main/patch.ts';
import type { MainSensor } from '../main/sensor.ts';
import { listenLasting } from '../main/lasting-listeners.ts';

/** The realm's scheduling methods whose first argument is the callback. */
const ON_WINDOW = ['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback', 'queueMicrotask'] as const;
/** Keys of a message's shape, and characters of a text message: enough to tell a page's messages apart. */
const SHAPE_KEYS = 16;
const SHAPE_TEXT = 64;

/**
 * A message's shape, the same for what was posted and the copy its event carries (a structured clone keeps an
 * object's own enumerable keys, in order): its type, and its first keys or the start of its text.
 */
function shapeOf(data: unknown): string {
  if (typeof data === 'string') return `string:${sliceString(data, 0, SHAPE_TEXT)}`;
  // A number, a boolean, null or undefined as it is; a function or a symbol (the browser refuses to post either) by type.
  if (typeof data !== 'object' || data === null)
    return typeof data === 'function' || typeof data === 'symbol' ? typeof data : `${typeof data}:${data as string}`;
  const keys = objectKeys(data);
  let shape = 'object:';
  for (let i = 0; i < keys.length && i < SHAPE_KEYS; i++) shape += `${keys[i]!},`;
  return shape;
}

export const scheduledCallbacksSensor: MainSensor = {
  id: 'scheduled-callbacks',
  install(context, realm, top) {
    const { patcher, schedulings } = context;
    const wrapFirst = (_self: unknown, args: Args): void => {
      const callback = args[0];
      // Nothing else to wrap: a string is code; anything else the browser refuses, as it would without Saq.
      if (typeof callback === 'function') (args as unknown as unknown[])[0] = schedulings.wrap(callback as (...a: unknown[]) => unknown);
    };
    for (let i = 0; i < ON_WINDOW.length; i++) onCall(patcher, realm, ON_WINDOW[i]!, wrapFirst);
    const prototype = (realm as unknown as { Scheduler?: { prototype?: unknown } }).Scheduler?.prototype;
    if (typeof prototype === 'object' && prototype !== null) onCall(patcher, prototype, 'postTask', wrapFirst);
    // The window's current event, which tells a message's handler, is the top window's (main-world.iife.ts).
    if (!top) return;
    // A message to this window — `window.postMessage`, or a bare call — is queued once the browser took it: a post
    // that threw (a message it cannot clone) makes no event. Only this realm's method: a wrapper Saq made here and
    // put on an adopted frame's `postMessage` would be this realm's function, and the browser takes the source of a
    // message from the realm of the function that posts it (the incumbent) — every message a frame posted would have
    // come from this window (Firefox: each shop frame's own Saq read its channel's hello as forged, SAQ-DEF-006).
    // So another realm's `postMessage` called on this window is not matched (docs/security.md).
    patcher.method(realm, 'postMessage', undefined, (self, args) => {
      if ((self === realm || self === undefined) && args.length > 0) schedulings.posted(shapeOf(args[0]));
    });
    listenLasting(
      realm,
      'message',
      (event) => {
        // A message event the page made and dispatched itself is no posted message's (and must not take one's place).
        if (event.isTrusted && messageSource(event as MessageEvent) === realm)
          schedulings.delivered(event, shapeOf(messageData(event as MessageEvent)));
      },
      { capture: true },
    );
  },
};
