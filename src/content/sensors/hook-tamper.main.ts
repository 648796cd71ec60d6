/**
 * Page code replacing Saq's hooks after Saq installed them (`window.fetch = …`,
 * `EventTarget.prototype.addEventListener = …`, `Function.prototype.toString = …`). A data property
 * can be reassigned without any hook running, so the hooks are checked after load and then every
 * second; the author of a plain assignment cannot be seen, so the actor is `unknown` and the evidence
 * says what replaced the hook: a native function from another realm (a pristine copy taken from a
 * fresh iframe — the way to bypass hooks), another native, nothing (deleted), or a script function
 * (its source hashed; a wrapper that calls through still passes every call to Saq).
 */
import { after, functionToString, getPrototypeOf, isNativeCode, listen, reflectApply } from '../main/natives.ts';
import { ownDescriptor } from '../main/descriptors.ts';
import { hookLabel } from '../main/patch.ts';
import { SafeSet } from '../main/safe-collections.ts';
import type { MainSensor } from '../main/sensor.ts';

export const hookTamperSensor: MainSensor = {
  id: 'hook-tamper',
  install(context, _realm, top) {
    if (!top) return;
    const reported = new SafeSet<unknown>();
    const check = (): void => {
      const replaced = context.patcher.replaced();
      for (let i = 0; i < replaced.length; i++) {
        const hook = replaced[i]!;
        if (reported.has(hook)) continue;
        reported.add(hook);
        const now = ownDescriptor(hook.target, hook.key)?.[hook.slot];
        // A copy taken from a frame Saq adopted is Saq's hook of that realm: still a native in the page's eyes.
        const native = isNativeCode(now) || context.patcher.isHook(now);
        const replacement =
          typeof now !== 'function'
            ? 'deleted'
            : !native
              ? 'script'
              : getPrototypeOf(now) !== Function.prototype
                ? 'native-other-realm'
                : 'native';
        const target = hookLabel(hook);
        const what =
          target === 'Function.prototype.toString'
            ? 'tostring-patched'
            : replacement === 'native-other-realm'
              ? 'pristine-iframe'
              : 'hook-overridden';
        let source: string | undefined;
        try {
          if (replacement === 'script') source = reflectApply(functionToString, now, []) as string;
        } catch {
          // A revoked proxy: no source to hash.
        }
        context.report('defence-tamper', { actor: { type: 'unknown' } }, { what, target, replacement }, source);
      }
    };
    listen(window, 'load', check, { once: true, signal: context.signal });
    // Every second for the document's life, on a timer the page cannot clear (natives.ts `after`): an
    // interval's id it could.
    const every = (): void => {
      after(1000, every); // first: a check that throws must not end the round
      check();
    };
    after(1000, every);
  },
};
