/**
 * Script injection through the page world's DOM methods. Attribution comes from the stack at the call,
 * so the shop's own lazy chunks (first-party frames) are told apart from a helper's insertions.
 * Insertions from other worlds (extensions, user scripts) never pass through these hooks; the
 * ISOLATED-world DOM observer catches those and uses the `hooked-insertion` keys sent here to avoid
 * double counting.
 */
import { scriptKey } from '../../shared/page-protocol.ts';
import type { MainSensor, MainSensorContext } from '../main/sensor.ts';

const INSERTION_METHODS: Array<[() => object, string[]]> = [
  [() => Node.prototype, ['appendChild', 'insertBefore', 'replaceChild']],
  [() => Element.prototype, ['append', 'prepend', 'after', 'before', 'replaceWith', 'insertAdjacentElement']],
  [() => Document.prototype, ['append', 'prepend']],
  [() => DocumentFragment.prototype, ['append', 'prepend']],
];

const ELEMENT_NODE = 1;
const FRAGMENT_NODE = 11;

function scriptsIn(context: MainSensorContext, node: unknown): HTMLScriptElement[] {
  const { natives } = context;
  if (typeof node !== 'object' || node === null) return [];
  let type: number;
  try {
    type = natives.nodeTypeGetter(node as Node);
  } catch {
    return []; // not a DOM node (a string argument to append(), say)
  }
  if (type === ELEMENT_NODE) {
    if (natives.nodeNameGetter(node as Node) === 'SCRIPT') return [node as HTMLScriptElement];
    return Array.from(natives.querySelectorAll(node as Element, 'script')) as HTMLScriptElement[];
  }
  if (type === FRAGMENT_NODE) {
    return Array.from(natives.fragmentQuerySelectorAll(node as DocumentFragment, 'script')) as HTMLScriptElement[];
  }
  return [];
}

function describeSource(src: string): string {
  if (!src) return 'inline';
  const scheme = src.slice(0, src.indexOf(':'));
  return scheme === 'blob' || scheme === 'data' ? scheme : 'url';
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const scriptInsertionSensor: MainSensor = {
  id: 'script-insertion',
  install(context) {
    const { natives, patcher, attribution } = context;
    const onInsert = (_self: unknown, args: unknown[]): void => {
      if (context.signal.aborted) return;
      for (const arg of args) {
        for (const script of scriptsIn(context, arg)) {
          const src = natives.scriptSrcGetter(script);
          const text = src ? '' : (natives.textContentGetter(script) ?? '');
          context.send({ t: 'hooked-insertion', key: scriptKey(src, text) });
          const { actor } = attribution.actorFromStack(context.pageOrigin);
          const evidence = {
            source: describeSource(src),
            src: src.slice(0, 512),
            textLength: text.length,
            world: 'page',
          };
          if (src) {
            context.report('script-inserted', actor, evidence);
          } else {
            // Hash inline code so evidence can name it without carrying the code itself.
            void sha256Hex(text).then(
              (sha256) => context.report('script-inserted', actor, { ...evidence, sha256 }),
              () => context.report('script-inserted', actor, evidence),
            );
          }
        }
      }
    };
    for (const [prototypeOf, methods] of INSERTION_METHODS) {
      for (const method of methods) patcher.wrapMethod(prototypeOf(), method, onInsert);
    }
  },
};
