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
 * throws, as before (unknown). The report comes in the next task.
 */
import type { Attributed } from '../main/attribution.ts';
import { after, functionToString, getPrototypeOf, isNativeCode, reflectApply } from '../main/natives.ts';
import { ownDescriptor } from '../main/descriptors.ts';
import { hookLabel } from '../main/patch.ts';
import { SafeMap } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor, type MainSensorContext } from '../main/sensor.ts';
import { listenLasting } from '../main/lasting-listeners.ts';

const TO_STRING = 'Function.prototype.toString';
/** Replacements of one hook reported at most: a page that swaps a hooked function every second makes no flood. */
const MAX_REPORTS_PER_HOOK = 8;

/**
 * Who wrote a toString replacement (see the header). The browser calls it from a timer of Saq's that page code cannot
 * clear, through a method of Saq's named `w` — the only frame of Saq's below it, which the stack reader drops in both
 * browsers (Firefox shows Saq's frames as another extension's code, and drops only its wrappers: stack-frames.ts) —
 * on a function only this call passes. Saq's toString takes the stack only while that call runs: a call through
 * deferred to a reaction or a timer (which would run the shop's code alone) names nobody. Unknown when it does not call
 * through, or throws (caught here: nothing reaches the page's onerror).
 */
function toStringAuthor(context: MainSensorContext, replacement: unknown, done: (author: Attributed) => void): void {
  let author: Attributed = { actor: { type: 'unknown' } };
  const probe = {
    w(): void {
      const target = context.patcher.askToString(() => (author = context.attribution.attribute(false, false)));
      try {
        reflectApply(replacement as (...a: unknown[]) => unknown, target, []);
      } catch {
        // The page's function threw, or is a revoked proxy: it stays unknown.
      } finally {
        context.patcher.askToString(null);
      }
      done(author);
    },
  }.w;
  after(0, probe);
}

export const hookTamperSensor: MainSensor = {
  id: 'hook-tamper',
  install(context, _realm, top) {
    if (!top) return;
    // What each replaced hook held when it was last reported, and how often it was: a hook replaced again is reported
    // again. Once per hook, a helper's toString put over the shop's own polyfill's after load (an info note) was never
    // reported at all (review of stop 54).
    const reported = new SafeMap<unknown, { value: unknown; times: number }>();
    const check = (): void => {
      const replaced = context.patcher.replaced();
      for (let i = 0; i < replaced.length; i++) {
        const hook = replaced[i]!;
        const now = ownDescriptor(hook.target, hook.key)?.[hook.slot];
        const before = reported.get(hook);
        if (before !== undefined && (before.value === now || before.times >= MAX_REPORTS_PER_HOOK)) continue;
        reported.set(hook, { value: now, times: (before?.times ?? 0) + 1 });
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
    listenLasting(window, 'load', check, { once: true, signal: context.signal });
    // Every second for the document's life, on a timer the page cannot clear (natives.ts `after`): an
    // interval's id it could.
    const every = (): void => {
      after(1000, every); // first: a check that throws must not end the round
      check();
    };
    after(1000, every);
  },
};
