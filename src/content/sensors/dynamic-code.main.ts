/**
 * Code made from strings at run time: `new Function` (and the async/generator variants), string
 * timers, eval'd code (seen through the stack when it reaches any hook — see attribution.ts for why
 * eval itself is not wrapped), and event-handler attributes (`onerror="…"`) set by script or in markup
 * (main/handler-attributes.ts: their code runs as the document's own, so they are judged when written).
 * What marks a helper's loader is code that came from the network or from base64: the beginning of every
 * response body the page reads as text, and of every `atob` result, is kept (the last 16 of each) to
 * compare with the code string. The page's own dynamic code (templates, polyfills, inline handlers) is not
 * reported.
 */
import type { Attributed } from '../main/attribution.ts';
import { hookAttributeWrites } from '../main/attribute-writes.ts';
import { onCall } from '../main/calls-observed.ts';
import { handlerName, handlersIn, HANDLER_IN_MARKUP } from '../main/handler-attributes.ts';
import { hookMarkupText } from '../main/markup.ts';
import { getAttribute, getPrototypeOf, sliceString, startsWith, trustedScriptText, whenSettled, windowBrand } from '../main/natives.ts';
import type { Args } from '../main/patch.ts';
import { safeList, SafeSet, type SafeList } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor, type MainSensorContext } from '../main/sensor.ts';
import { reachesConversion, textInPlace } from '../main/text-argument.ts';

const PREFIX = 256;

/** The last texts read from the network / decoded from base64, by beginning and length. */
interface Kept {
  texts: SafeList<{ prefix: string; length: number }>;
  next: number;
}
const KEPT = 16;
const network: Kept = { texts: safeList(), next: 0 };
const decoded: Kept = { texts: safeList(), next: 0 };
const reported = new SafeSet<string>();

/** A ring of the last 16, written and read by index: the page's push, shift and some() are never called. */
function remember(kept: Kept, text: unknown): void {
  if (typeof text !== 'string' || text.length < 16) return;
  kept.texts[kept.next] = { prefix: sliceString(text, 0, PREFIX), length: text.length };
  kept.next = (kept.next + 1) % KEPT;
}

/** The code equals a kept text or is its beginning. */
function cameFrom(kept: Kept, code: string): boolean {
  if (code.length < 16) return false;
  const start = sliceString(code, 0, PREFIX);
  for (let i = 0; i < kept.texts.length; i++) {
    const { prefix, length } = kept.texts[i]!;
    if (length >= code.length && startsWith(prefix, start)) return true;
  }
  return false;
}

/** `named`: the actor when it was named already (default: the caller on the stack now). */
function report(context: MainSensorContext, api: string, code: string, named?: Attributed): void {
  const who = named ?? context.attribution.attribute();
  const key = `${api}|${actorKey(who.actor)}|${code.length}|${sliceString(code, 0, 64)}`;
  if (isPageSide(who.actor, context.site)) return;
  context.attribution.claim(code);
  if (reported.has(key)) return;
  if (reported.add(key).size > 256) reported.clear();
  context.report(
    'dynamic-code',
    who,
    { api, fromNetwork: cameFrom(network, code), decoded: cameFrom(decoded, code), length: code.length, text: sliceString(code, 0, 2048) },
    code || undefined,
  );
}

/**
 * The code text of argument `index`: a string as it is; an object is code too — the browser runs what its
 * toString makes — and is turned into text in place (main/text-argument.ts). A TrustedScript keeps its place
 * (a page enforcing Trusted Types accepts only it) and is read natively. A function is not code text (a
 * timer calls it).
 */
function codeArgument(args: Args, index: number): string {
  const code = args[index];
  if (typeof code === 'string') return code;
  if (typeof code !== 'object' || code === null) return '';
  return textInPlace(args, index, trustedScriptText) ?? '';
}

export const dynamicCodeSensor: MainSensor = {
  id: 'dynamic-code',
  install(context, realm, top) {
    const { patcher } = context;
    const onConstruct = (api: string) => (args: unknown[]) =>
      report(context, api, args.length > 0 ? codeArgument(args, args.length - 1) : '');
    // Callable without `new` (`Function('…')` makes code too), unlike the DOM's constructors.
    patcher.globalConstructor(realm, 'Function', onConstruct('Function'), [], undefined, true);
    if (top) {
      // Templates: only their prototype chains (AsyncFunction, GeneratorFunction, …) are used.
      const template = (api: string, sample: object): void =>
        patcher.constructor(getPrototypeOf(sample) as object, 'constructor', onConstruct(api), [], undefined, true);
      template('AsyncFunction', async () => {});
      template('GeneratorFunction', function* () {});
      template('AsyncGeneratorFunction', async function* () {});
      context.attribution.listeners.eval = (by) => report(context, 'eval', '', { actor: by });
    }
    // One wrapper per timer, shared with the scheduling of callbacks (scheduled-callbacks.main.ts).
    const timer = (api: string): void =>
      onCall(patcher, realm, api, (self, args) => {
        // An object becomes code (its toString) only once the browser has found the timer called on a window.
        if (typeof args[0] === 'object' && args[0] !== null && !reachesConversion(windowBrand, self, args, 1)) return;
        const code = codeArgument(args, 0);
        if (code !== '') report(context, api, code);
      });
    timer('setTimeout');
    timer('setInterval');
    const keepBody = (_self: unknown, body: unknown): void => remember(network, body);
    patcher.accessor(realm.XMLHttpRequest.prototype, 'responseText', keepBody);
    patcher.accessor(realm.XMLHttpRequest.prototype, 'response', keepBody);
    patcher.method(realm.Response.prototype, 'text', undefined, (_self, _args, result) => {
      // Not the page's Promise.prototype.then: it would be handed the body first (or never call back).
      whenSettled(result as Promise<unknown>, (text) => remember(network, text));
    });
    patcher.method(realm, 'atob', undefined, (_self, _args, result) => remember(decoded, result));

    // An event handler written as an attribute: the code is the text the element now holds.
    hookAttributeWrites(patcher, realm, {
      name: handlerName,
      written(element, name, value) {
        const code = typeof value === 'string' ? value : getAttribute(element as Element, name);
        if (code) report(context, `${name} attribute`, code);
      },
    });
    // Handlers in markup: the actor first (the shop's own markup is not parsed again), then what it holds.
    hookMarkupText(patcher, realm, HANDLER_IN_MARKUP, (html) => {
      const who = context.attribution.attribute();
      if (isPageSide(who.actor, context.site)) return;
      const handlers = handlersIn(html);
      if (handlers === null) return report(context, 'handler in markup', html, who);
      for (let i = 0; i < handlers.length; i++) report(context, `${handlers[i]!.name} in markup`, handlers[i]!.code, who);
    });
  },
};
