/**
 * Page code replacing Saq's hooks after Saq installed them (`window.fetch = …`,
 * `EventTarget.prototype.addEventListener = …`, `Function.prototype.toString = …`). A data property
 * can be reassigned without any hook running, so the hooks are checked after load and then every
 * second; the author of a plain assignment cannot be seen, so the actor is `unknown` and the evidence
 * says what replaced the hook: a native function from another realm (a pristine copy taken from a
 * fresh iframe — the way to bypass hooks), another native, nothing (deleted), or a script function
 * (its source hashed; a wrapper that calls through still passes every call to Saq).
 *
 * `Function.prototype.toString` replaced by a script function is a stealth kit's disguise (SAQ-DEF-004) — unless the
 * shop's own code did it: polyfills do it to make their own functions look native (core-js's make-built-in, in most
 * Babel builds; zone.js, in every Angular app), and each warned on every page. The browser is made to call the
 * replacement once, in a task of its own (`toStringAuthor`), and if it calls through to Saq's toString the
 * stack there holds its frames and none of Saq's below them: its author. The shop's own is reported as any other
 * wrapped hook (SAQ-DEF-005, info, naming it); a stranger's as before, now named; one that never calls through, or
 * throws, as before (unknown). The report comes up to 20 ms later.
 */
import type { Attributed } from '../main/attribution.ts';
import { after, bindFunction, functionToString, getPrototypeOf, isNativeCode, listen, reflectApply } from '../main/natives.ts';
import { ownDescriptor } from '../main/descriptors.ts';
import { hookLabel } from '../main/patch.ts';
import { SafeSet } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor, type MainSensorContext } from '../main/sensor.ts';

const TO_STRING = 'Function.prototype.toString';

/** How long a toString replacement asked who wrote it has to answer: its task comes first (a 0 ms timer). */
const PROBE_MS = 20;

/**
 * Who wrote a toString replacement (see the header): the browser calls it, from a timer of Saq's that page code cannot
 * clear, on a function only this call passes, with no frame of Saq's below it (Firefox shows Saq's frames as another
 * extension's code); if it calls through to Saq's toString, the stack there names it. Unknown when it does not, or
 * throws (its error is the page's).
 */
function toStringAuthor(context: MainSensorContext, replacement: unknown, done: (author: Attributed) => void): void {
  let author: Attributed = { actor: { type: 'unknown' } };
  const target = context.patcher.askToString(() => (author = context.attribution.attribute()));
  after(0, bindFunction(replacement as (...a: unknown[]) => unknown, target));
  after(PROBE_MS, () => {
    context.patcher.askToString(null);
    done(author);
  });
}

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
        let source: string | undefined;
        try {
          if (replacement === 'script') source = reflectApply(functionToString, now, []) as string;
        } catch {
          // A revoked proxy: no source to hash.
        }
        const report = (who: Attributed): void => {
          const what =
            target === TO_STRING && !isPageSide(who.actor, context.site)
              ? 'tostring-patched'
              : replacement === 'native-other-realm'
                ? 'pristine-iframe'
                : 'hook-overridden';
          context.report('defence-tamper', who, { what, target, replacement }, source);
        };
        if (target === TO_STRING && replacement === 'script') toStringAuthor(context, now, report);
        else report({ actor: { type: 'unknown' } });
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
