/**
 * Script injection through the page world's DOM: insertion methods, `document.write`, and an empty
 * script element that gets its `src` or text after it was inserted. Parser-inserted scripts never pass
 * these hooks; the shop's own lazy chunks do, with first-party frames on the stack (actor `page`), so
 * the rules tell them from a helper's insertions. A script removed again after it ran (to hide) is
 * reported once more with `selfRemoved`. Inline text is hashed (SHA-256) and its first 2 KB kept for
 * the code-token indicators. An external script's text cannot be read without fetching it again — a
 * request the page never made, which Saq must not make — so its `sha256` stays empty.
 *
 * Insertions from other worlds (extensions, user scripts) never pass these hooks; the ISOLATED-world DOM
 * observer catches those, using the `hooked-insertion` keys sent here to avoid double counting.
 * Frames inserted here get Saq's hooks in their realm at once (pristine-frames.main.ts).
 */
import { scriptKey } from '../../shared/page-protocol.ts';
import type { Attributed } from '../main/attribution.ts';
import {
  contentWindow,
  dateNow,
  firstElementChild,
  fragmentQuerySelectorAll,
  getAttribute,
  isConnected,
  NativeURL,
  NativeWeakMap,
  nodeName,
  nodeType,
  pageHref,
  querySelectorAll,
  regExpExec,
  scriptSrc,
  textContent,
} from '../main/natives.ts';
import { isPageSide, type MainSensor, type MainSensorContext } from '../main/sensor.ts';

/** Removal within this long of the insertion counts as the script hiding itself. */
const SELF_REMOVAL_MS = 10_000;
const WRITTEN_SCRIPT = /<script\b([^>]*)>([\s\S]*?)(?:<\/script|$)/i;
const WRITTEN_SRC = /\ssrc\s*=\s*["']?([^"'\s>]+)/i;
/** `type` values that run as script; anything else (JSON, templates) is data and never runs. */
const RUNNABLE_TYPE = /^(?:|module|(?:text|application)\/(?:x-)?(?:java|ecma)script)$/i;

interface Inserted {
  who: Attributed;
  src: string;
  text: string;
  /** Insertion time; -1 once a removal no longer matters. */
  at: number;
  reported?: boolean;
  /** Inserted with no code yet: giving it a src or text later makes it run. */
  empty?: boolean;
}

/** Scripts and iframes in inserted nodes; cheap for the common case of a leaf element that is neither. */
function collect(nodes: unknown[]): Element[] {
  const found: Element[] = [];
  for (const node of nodes) {
    let type = 0;
    try {
      type = nodeType(node);
    } catch {
      continue; // not a DOM node (a string argument to append(), say)
    }
    if (type === 1) {
      const name = nodeName(node);
      if (name === 'SCRIPT' || name === 'IFRAME') found.push(node as Element);
      if (!firstElementChild(node)) continue;
    } else if (type !== 11) continue;
    found.push(...(type === 1 ? querySelectorAll : fragmentQuerySelectorAll)(node as Element & DocumentFragment, 'script,iframe'));
  }
  return found;
}

function report(context: MainSensorContext, record: Inserted, how: string, selfRemoved: boolean): void {
  const { who, src, text } = record;
  record.reported = true;
  context.report(
    'script-inserted',
    who,
    { src, inline: !src, selfRemoved, sha256: '', text: text.slice(0, 2048), how },
    src ? undefined : text,
  );
  // A script from a foreign host with a query is also a request that carries data out (a "script pixel").
  if (src.includes('?') && !isPageSide(who.actor, context.site) && context.site.originOf(src) === 'foreign')
    context.report('page-request', who, { via: 'script', url: src, method: 'GET', bytes: 0, sensitiveReadMsAgo: -1 });
}

export const scriptInsertionSensor: MainSensor = {
  id: 'script-insertion',
  install(context, realm) {
    const { patcher, attribution } = context;
    const inserted = new NativeWeakMap<object, Inserted>();

    /** Records each new script before it is inserted, so its own hooked calls can already name it. */
    function before(_self: unknown, args: unknown[]): void {
      let who: Attributed | undefined;
      for (const script of collect(args)) {
        if (nodeName(script) !== 'SCRIPT' || inserted.has(script) || isConnected(script)) continue; // moved: it will not run again
        if (!regExpExec(RUNNABLE_TYPE, (getAttribute(script, 'type') ?? '').trim())) continue;
        who ??= attribution.attribute();
        const src = scriptSrc(script);
        const text = src ? '' : (textContent(script) ?? '');
        context.send({ t: 'hooked-insertion', key: scriptKey(src, text) });
        if (!src) attribution.inlineScripts.set(script, { page: isPageSide(who.actor, context.site), text });
        inserted.set(script, { who, src, text, at: dateNow(), empty: !src && !text });
      }
    }

    /** After the insertion an inline script has run: if it is already gone, it removed itself. */
    function after(self: unknown, args: unknown[]): void {
      grew(self, 'text-set'); // a text node put into an empty script
      for (const node of collect(args)) {
        const record = inserted.get(node);
        if (record && !record.reported && !record.empty) {
          const gone = !record.src && !isConnected(node);
          if (gone) record.at = -1;
          report(context, record, 'insert', gone);
        } else if (nodeName(node) === 'IFRAME') context.adopt(contentWindow(node));
      }
    }

    /** An empty inserted script that now gets code runs now: this is its real insertion. */
    function grew(script: unknown, how: string): void {
      const record = inserted.get(script as object);
      if (!record?.empty || !isConnected(script as Node)) return;
      record.empty = false;
      record.src = scriptSrc(script);
      record.text = record.src ? '' : (textContent(script) ?? '');
      report(context, record, how, false);
    }

    function removed(node: unknown): void {
      const record = inserted.get(node as object);
      if (record?.reported && record.at >= 0 && dateNow() - record.at < SELF_REMOVAL_MS) {
        record.at = -1;
        report(context, record, 'insert', true);
      }
    }

    const { Node, Element, Document, DocumentFragment, HTMLScriptElement } = realm;
    for (const [proto, methods] of [
      [Node.prototype, ['appendChild', 'insertBefore', 'replaceChild']],
      [Element.prototype, ['append', 'prepend', 'after', 'before', 'replaceWith', 'insertAdjacentElement']],
      [Document.prototype, ['append', 'prepend']],
      [DocumentFragment.prototype, ['append', 'prepend']],
    ] as const)
      for (const method of methods) patcher.method(proto, method, before, after);
    patcher.method(Node.prototype, 'removeChild', (_self, args) => removed(args[0]));
    patcher.method(Element.prototype, 'remove', removed);
    patcher.accessor(HTMLScriptElement.prototype, 'src', undefined, (self) => grew(self, 'src-set'));
    for (const [proto, key] of [
      [HTMLScriptElement.prototype, 'text'],
      [Node.prototype, 'textContent'],
    ] as const)
      patcher.accessor(proto, key, undefined, (self) => grew(self, 'text-set'));

    // document.write of a <script> during the parse runs it like the page's own: only the stack tells.
    const write = (_self: unknown, args: unknown[]): void => {
      const tag = typeof args[0] === 'string' && regExpExec(WRITTEN_SCRIPT, args[0]);
      if (!tag) return;
      const raw = regExpExec(WRITTEN_SRC, tag[1]!)?.[1];
      let src = '';
      try {
        if (raw) src = new NativeURL(raw, pageHref()).href;
      } catch {
        // An unparsable src fails to load; the text is still worth reporting.
      }
      report(context, { who: attribution.attribute(), src, text: src ? '' : tag[2]!, at: -1 }, 'document.write', false);
    };
    patcher.method(Document.prototype, 'write', write);
    patcher.method(Document.prototype, 'writeln', write);
  },
};
