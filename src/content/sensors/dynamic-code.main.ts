/**
 * Code made from strings at run time: `new Function` (and the async/generator variants), string
 * timers, and eval'd code (seen through the stack when it reaches any hook — see attribution.ts for why
 * eval itself is not wrapped). What marks a helper's loader is code that came from the network or from
 * base64: the beginning of every response body the page reads as text, and of every `atob` result, is
 * kept (the last 16 of each) to compare with the code string. The page's own dynamic code (templates,
 * polyfills) is not reported.
 */
import type { Actor } from '../../shared/findings.ts';
import { startsWith } from '../main/natives.ts';
import { safeList, SafeSet, type SafeList } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor, type MainSensorContext } from '../main/sensor.ts';

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
  kept.texts[kept.next] = { prefix: text.slice(0, PREFIX), length: text.length };
  kept.next = (kept.next + 1) % KEPT;
}

/** The code equals a kept text or is its beginning. */
function cameFrom(kept: Kept, code: string): boolean {
  if (code.length < 16) return false;
  const start = code.slice(0, PREFIX);
  for (let i = 0; i < kept.texts.length; i++) {
    const { prefix, length } = kept.texts[i]!;
    if (length >= code.length && startsWith(prefix, start)) return true;
  }
  return false;
}

function report(context: MainSensorContext, api: string, code: string, actor?: Actor): void {
  const who = actor ? { actor } : context.attribution.attribute();
  const key = `${api}|${actorKey(who.actor)}|${code.length}|${code.slice(0, 64)}`;
  if (isPageSide(who.actor, context.site) || reported.has(key)) return;
  if (reported.add(key).size > 256) reported.clear();
  context.report(
    'dynamic-code',
    who,
    { api, fromNetwork: cameFrom(network, code), decoded: cameFrom(decoded, code), length: code.length, text: code.slice(0, 2048) },
    code || undefined,
  );
}

export const dynamicCodeSensor: MainSensor = {
  id: 'dynamic-code',
  install(context, realm, top) {
    const { patcher } = context;
    const onConstruct = (api: string) => (args: unknown[]) => {
      const body = args[args.length - 1];
      // Only a string is read: converting an object here would run the page's toString a second time.
      report(context, api, typeof body === 'string' ? body : '');
    };
    patcher.constructor(realm, 'Function', onConstruct('Function'), [realm.Function.prototype, 'constructor']);
    if (top) {
      // Templates: only their prototype chains (AsyncFunction, GeneratorFunction, …) are used.
      for (const [api, sample] of [
        ['AsyncFunction', async () => {}],
        ['GeneratorFunction', function* () {}],
        ['AsyncGeneratorFunction', async function* () {}],
      ] as const)
        patcher.constructor(Object.getPrototypeOf(sample) as object, 'constructor', onConstruct(api));
      context.attribution.listeners.eval = (by) => report(context, 'eval', '', by);
    }
    for (const api of ['setTimeout', 'setInterval'])
      patcher.method(realm, api, (_self, args) => {
        if (typeof args[0] === 'string') report(context, api, args[0]);
      });
    const keepBody = (_self: unknown, body: unknown): void => remember(network, body);
    for (const key of ['responseText', 'response']) patcher.accessor(realm.XMLHttpRequest.prototype, key, keepBody);
    patcher.method(realm.Response.prototype, 'text', undefined, (_self, _args, result) => {
      (result as Promise<string>).then(
        (text) => remember(network, text),
        () => undefined,
      );
    });
    patcher.method(realm, 'atob', undefined, (_self, _args, result) => remember(decoded, result));
  },
};
