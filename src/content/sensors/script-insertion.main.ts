/**
 * Script injection through the page world's DOM: insertion methods, `document.write`, and an empty
 * script element that gets its `src` or text after it was inserted. Parser-inserted scripts never pass
 * these hooks; the shop's own lazy chunks do, with first-party frames on the stack (actor `page`), so
 * the rules tell them from a helper's insertions. A script removed again after it ran (to hide) is
 * reported once more with `selfRemoved`. Inline text is hashed (SHA-256) and its first 2 KB kept for
 * the code-token indicators. An external script's text cannot be read without fetching it again — a
 * request the page never made, which Saq must not make — so its `sha256` stays empty.
 *
 * A worker is a script too, started by a constructor instead of inserted (`new Worker`, `new SharedWorker`):
 * its realm has none of Saq's hooks and its requests are on no timeline the page's worlds read, so a helper
 * that sends from a worker is seen only here. It is reported as an inserted script (`how: 'worker'`) when
 * code other than the shop's and its providers' starts one — a blob: or data: worker is then
 * SAQ-INJ-003's; a provider's blob worker (a captcha's proof of work) is none of Saq's business.
 *
 * Insertions from other worlds (extensions, user scripts) never pass these hooks; the ISOLATED-world DOM
 * observer catches those, using the `hooked-insertions` keys sent here to avoid double counting.
 * Frames inserted here get Saq's hooks in their realm at once (pristine-frames.main.ts); one showing a stranger's
 * page (an `<embed>` too) is reported as a request to it (main/stranger-load.ts); and a
 * `<meta http-equiv=refresh>` inserted here is judged as the navigation it starts (main/refresh-report.ts).
 * Inputs inserted here, or made from markup, are told to main/shop-fields.ts with whether the page's own
 * code placed them: the shop's own dialog asking for a password or an SMS code is not a helper's.
 */
import { MAX_KEYS, scriptKey } from '../../shared/page-protocol.ts';
import type { Attributed, InlineSide } from '../main/attribution.ts';
import type { Args, Observer } from '../main/patch.ts';
import {
  dateNow,
  firstElementChild,
  fragmentQuerySelectorAll,
  getAttribute,
  getAttributeNS,
  isConnected,
  mutationTarget,
  NativeMutationObserver,
  nodeName,
  observeMutations,
  nodeType,
  resolveUrl,
  parentNode,
  queueTask,
  querySelectorAll,
  rangeStart,
  regExpExec,
  scriptSrc,
  shadowRootMode,
  textContent,
  trimString,
  trustedScriptUrlText,
} from '../main/natives.ts';
import { hookAttributeWrites } from '../main/attribute-writes.ts';
import { hookMarkup } from '../main/markup.ts';
import { placerOf } from '../main/shop-fields.ts';
import { bare } from '../main/descriptors.ts';
import { insertedEvidence } from '../main/inserted-evidence.ts';
import { refreshReporter } from '../main/refresh-report.ts';
import { madeIntoText, textInPlace } from '../main/text-argument.ts';
import { includes } from '../main/strings.ts';
import { strangerLoad, strangerPageOf } from '../main/stranger-load.ts';
import { adoptInserted } from './pristine-frames.main.ts';
import { append, asArray, safeList, SafeWeakMap, type SafeList } from '../main/safe-collections.ts';
import { isPageSide, undecidedSideOf, type MainSensor, type MainSensorContext, type Ticket } from '../main/sensor.ts';

/** Removal within this long of the insertion counts as the script hiding itself. */
const SELF_REMOVAL_MS = 10_000;
/** What collect() looks for inside inserted nodes (inputs: for main/shop-fields.ts). */
const INSERTED_SELECTOR = 'script,iframe,frame,object,embed,meta[http-equiv],input';
/** Elements whose window is adopted when they are inserted (pristine-frames.main.ts); an <object>'s may come later. */
const holdsWindow = (name: string): boolean => name === 'IFRAME' || name === 'FRAME' || name === 'OBJECT';
/** Markup that may make an input (main/shop-fields.ts). */
const HAS_INPUT = /<input\b/i;
/** Past this many characters of keys a message leaves (the lane reads at most 8 KiB of JSON). */
const KEY_CHARS_PER_MESSAGE = 4096;
const WRITTEN_SCRIPT = /<script\b([^>]*)>([\s\S]*?)(?:<\/script|$)/i;
const WRITTEN_SRC = /\ssrc\s*=\s*["']?([^"'\s>]+)/i;
/**
 * What the observer of empty scripts is told: their children, their text children's text, their attributes
 * (all of them: an `attributeFilter` list is read through the page's array iterator). No prototype: the
 * options the browser reads and this object lacks would otherwise be the page's `Object.prototype`'s.
 */
const FILLED_BY: MutationObserverInit = bare({ childList: true, characterData: true, subtree: true, attributes: true });

/** `src` in any ASCII case (an HTML element's attribute names fold). */
const SRC_NAME = /^src$/i;
const XLINK = 'http://www.w3.org/1999/xlink';
/**
 * The `type` values both browsers run (trimmed, any case: measured in Chromium 150 and Firefox ESR 140): the HTML
 * standard's JavaScript MIME types — `text/jscript`, `text/livescript` and `text/javascript1.0`–`1.5` among them — and
 * `module`; anything else (JSON, templates) is data, and runs only if its type is changed. A helper's script typed
 * `text/jscript` ran with no report before (review of stop 56).
 */
const RUNNABLE_TYPE = /^(?:|module|(?:text|application)\/(?:x-)?(?:java|ecma)script|text\/(?:javascript1\.[0-5]|jscript|livescript))$/i;

/**
 * An HTML `<script>` (nodeName SCRIPT) or an SVG one (nodeName `script`: SVG names keep their case), which
 * runs as well when inserted into an HTML page's `<svg>`; a helper's way past a check of HTML scripts only.
 */
const isScript = (name: string): boolean => name === 'SCRIPT' || name === 'script';

/**
 * The address a script loads, '' for inline code. An SVG script has no `src`: it loads its `href`, or its
 * older `xlink:href`, resolved against the document as the browser does.
 */
function sourceOf(script: Element): string {
  if (nodeName(script) === 'SCRIPT') return scriptSrc(script);
  const href = getAttribute(script, 'href') ?? getAttributeNS(script, XLINK, 'href');
  if (!href) return '';
  try {
    return resolveUrl(href);
  } catch {
    return ''; // not a URL: nothing loads
  }
}

/**
 * Whether a script element runs as JavaScript when it is connected: by its `type`, or with none by its `language`
 * (`language="jscript"` runs as `text/jscript`, `language="vbscript"` not at all; an empty one runs).
 */
function runs(script: Element): boolean {
  const type = getAttribute(script, 'type');
  if (type !== null) return regExpExec(RUNNABLE_TYPE, trimString(type)) !== null;
  const language = getAttribute(script, 'language');
  return !language || regExpExec(RUNNABLE_TYPE, `text/${trimString(language)}`) !== null;
}

/** Every field always set: a record is an object of the page's realm, and one left out would be the page's `Object.prototype`'s. */
interface Inserted {
  who: Attributed;
  src: string;
  text: string;
  /** Insertion time (-1 for a `document.write` or a worker, which are never tracked for removal). */
  at: number;
  /** The report sent for it, while it has not left yet (a removal then amends it instead of a second report). */
  sent: Ticket | undefined;
  /**
   * Inserted with no code yet (giving it a src or text later makes it run), or as data (`dormant`: it runs once its type
   * is one that runs and it is prepared again — given a node, a src, or connected anew).
   */
  empty: boolean;
  dormant: boolean;
}

/**
 * What an inserted script's entry becomes once nothing more can come of it (it was removed after it ran):
 * the entry still says "seen" (a moved script does not run again), but no longer holds the script's text,
 * actor and evidence. A script element stays alive until a full collection, so under a flood of scripts
 * that insert and remove themselves each one's record survived every minor collection and was copied by
 * each (npm run bench, flood).
 */
const SPENT: Inserted = {
  who: { actor: { type: 'unknown' } },
  src: '',
  text: '',
  at: -1,
  sent: undefined,
  empty: false,
  dormant: false,
};

/** Whether a node's name is one collect() keeps: a script, an element that holds a window, an embed, a meta, an input. */
const collected = (name: string): boolean => isScript(name) || holdsWindow(name) || name === 'EMBED' || name === 'META' || name === 'INPUT';

/**
 * Scripts, iframes and `<meta http-equiv>` (a refresh is a navigation: main/refresh-report.ts) in inserted
 * nodes, or null (no allocation) for the common case: leaf elements that are none of them, text, strings.
 * A leaf element costs two native reads, its name and its first child (npm run bench, hooks: every appended
 * <div>): the node's type is read only for a name collect() keeps, since a processing instruction's name is its
 * target and may be SCRIPT. A name that starts with "#" is never an element's: text, a comment, a fragment.
 */
function collect(nodes: Args, count: number): SafeList<Element> | null {
  let found: SafeList<Element> | null = null;
  for (let i = 0; i < count; i++) {
    const node = nodes[i];
    let fragment = false;
    try {
      const name = nodeName(node);
      if (name === '#document-fragment') fragment = true;
      else if (name[0] === '#') continue;
      else {
        if (collected(name) && nodeType(node) === 1) append((found ??= safeList()), node as Element);
        // Throws for what is not an element (a processing instruction, a doctype): nothing inside it can run.
        if (firstElementChild(node) === null) continue;
      }
    } catch {
      continue; // not a DOM node (a string argument to append(), say)
    }
    const inner = fragment
      ? fragmentQuerySelectorAll(node as DocumentFragment, INSERTED_SELECTOR)
      : querySelectorAll(node as Element, INSERTED_SELECTOR);
    for (let j = 0; j < inner.length; j++) append((found ??= safeList()), inner[j]!);
  }
  return found;
}

function report(context: MainSensorContext, record: Inserted, how: string, selfRemoved: boolean): void {
  const { who, src, text } = record;
  const evidence = insertedEvidence(src, text, how, selfRemoved);
  record.sent = context.report('script-inserted', who, evidence, src ? undefined : text);
  // A script from a foreign host with a query is also a request that carries data out (a "script pixel").
  if (includes(src, '?')) strangerLoad(context, who, 'script', src);
}

export const scriptInsertionSensor: MainSensor = {
  id: 'script-insertion',
  install(context, realm, top) {
    const { patcher, attribution } = context;
    const inserted = new SafeWeakMap<object, Inserted>();
    const refreshed = refreshReporter(context);
    /** Inserted scripts still without code: while there are none, text and src writes cost one comparison. */
    let empties = 0;

    /**
     * The task's insertion keys leave together over the lane when its code is done (a microtask), so the
     * ISOLATED observer holds them before its settle time ends. By port they came a task later and, in
     * Firefox under load, past that wait: the page's own insertions were then reported again as another
     * extension's. One lane message per task, not per insertion (~36 µs each under a flood).
     */
    let keys = safeList<string>();
    let keyChars = 0;
    const sendKeys = (): void => {
      if (keys.length > 0) context.sendNow({ t: 'hooked-insertions', keys: asArray(keys) });
      keys = safeList();
      keyChars = 0;
    };
    // Once the MAIN world watches child lists itself (Chromium), the keys are counted there and none are sent.
    context.childLists.beforeStart(sendKeys);
    const noteKey = (key: string): void => {
      if (context.childLists.hooked(key)) return;
      if (keys.length === 0) queueTask(sendKeys);
      append(keys, key);
      keyChars += key.length;
      if (keys.length >= MAX_KEYS || keyChars > KEY_CHARS_PER_MESSAGE) sendKeys();
    };

    /**
     * An empty script runs once it gets code, by any route: the hooked ones report at once; the rest
     * (`innerText`, `innerHTML`, `setHTMLUnsafe`, `insertAdjacentText`, a text node's `data` or
     * `appendData` in Firefox, a route no browser has yet) are told by this observer when the page's code
     * is done, the script having run. Only empty scripts are observed: a page with none pays nothing.
     * The source text is the script's own text children, so a change two levels down changes nothing.
     */
    const filled = new NativeMutationObserver((records) => {
      for (let i = 0; i < records.length; i++) {
        const target = mutationTarget(records[i]!);
        grew(target, null);
        grew(parentNode(target), null);
      }
    });
    const watchEmpty = (script: Element): void => {
      try {
        observeMutations(filled, script, FILLED_BY);
      } catch {
        // Not observable (a node of a realm gone): its hooked routes are still watched.
      }
    };

    /**
     * Whether the shop's side put in an inline script (or code that may run as one: `text`, '' when not known), decided
     * once the profile names the shop's providers (page-inline.ts); `record`, the script's own, told too. One put in
     * by an inline script whose side is not decided yet goes the way that one does.
     */
    function decideSide(who: Attributed, text: string, record?: InlineSide): void {
      const shops = attribution.pageInline.inserted(text);
      const actor = who.actor;
      const parent = undecidedSideOf(who);
      context.site.whenKnown(() => {
        const page = isPageSide(actor, context.site) || parent?.page === true;
        if (record) {
          record.page = page;
          record.decided = true;
        }
        shops(page);
      });
    }

    /** Records each new script before it is inserted, so its own hooked calls can already name it. */
    /** `appendChild`, `insertBefore`, `replaceChild`: only the first argument is inserted (the others stay or leave). */
    const beforeFirst = (self: unknown, args: Args): SafeList<Element> | null => before(self, args, 1);
    const beforeAll = (self: unknown, args: Args): SafeList<Element> | null => before(self, args, args.length);

    function before(_self: unknown, args: Args, count: number): SafeList<Element> | null {
      const found = collect(args, count);
      if (!found) return null;
      let who: Attributed | undefined;
      let fields = false;
      for (let i = 0; i < found.length; i++) {
        const script = found[i]!;
        const name = nodeName(script);
        if (name === 'INPUT') fields = true;
        if (!isScript(name) || inserted.has(script) || isConnected(script)) continue; // moved: it will not run again
        if (!runs(script)) {
          // Data now, and a stranger's can be made to run later (its type taken off, then a node put into it): kept
          // as an empty script is, and reported when it runs (`grew`). Firefox cannot tell such code's frames from the
          // shop's tags' (page-inline.ts).
          who ??= attribution.attribute();
          if (sourceOf(script) === '' && textContent(script)) decideSide(who, '');
          empties++;
          watchEmpty(script);
          inserted.set(script, { who, src: '', text: '', at: dateNow(), sent: undefined, empty: true, dormant: true });
          continue;
        }
        who ??= attribution.attribute();
        const src = sourceOf(script);
        const text = src ? '' : (textContent(script) ?? '');
        noteKey(scriptKey(src, text));
        const page = isPageSide(who.actor, context.site);
        // Which side inserted it is decided once the profile names the shop's providers: a cached tag manager inserts
        // its tags before. Its first run's findings wait for that (MainSensorContext.actorOf), and the code it leaves
        // behind (listeners, timers) is the shop's side's too: Chromium knows its frames by their hash, Firefox only
        // while no other inline script may have run (page-inline.ts). An inline script inserted by one whose side is
        // not decided yet (a tag's pixel, in its first run) goes the way that one does.
        if (!src) {
          const record = { page, text, decided: false };
          attribution.inlineScripts.set(script, record);
          decideSide(who, text, record);
        }
        // Before it runs: a URL its text claims must not pass for the shop's script, even on its first call.
        if (!src && !page) attribution.claim(text);
        const empty = !src && !text;
        if (empty) {
          empties++;
          watchEmpty(script);
        }
        inserted.set(script, { who, src, text, at: dateNow(), sent: undefined, empty, dormant: false });
      }
      if (fields) {
        who ??= attribution.attribute();
        context.shopFields.placed(found, placerOf(who.actor, context.site));
      }
      return found;
    }

    /** After the insertion an inline script has run: if it is already gone, it removed itself. */
    function after(self: unknown, _args: Args, _result: unknown, found: unknown): void {
      if (empties > 0) grew(self, 'text-set'); // a text node put into an empty script
      if (!found) return;
      const list = found as SafeList<Element>;
      for (let i = 0; i < list.length; i++) {
        const node = list[i]!;
        const record = inserted.get(node);
        if (record === SPENT) continue;
        // Inserted empty into a container off the page, given code there, and connected with it now: it runs now.
        if (record?.empty) {
          grew(node, 'insert', true);
          continue;
        }
        if (record && !record.sent && !record.empty) {
          const connected = isConnected(node);
          const gone = !record.src && !connected;
          // Put into a container off the page (it has a parent still; one that ran and removed itself has none), it
          // runs when that is connected, with whatever code it has then.
          if (gone && parentNode(node) !== null) attribution.pageInline.stranger();
          report(context, record, 'insert', gone);
          if (gone) inserted.set(node, SPENT); // it ran and removed itself while running: nothing more can come
          // Connected, an inline script has run: `currentScript` never names it again, so its entry can go
          // now rather than at a major GC (a flood's 10,000 entries otherwise outlive every minor GC).
          if (connected && !record.src) attribution.inlineScripts.delete(node);
        } else {
          const name = nodeName(node);
          if (holdsWindow(name)) {
            adoptInserted(context, node);
            strangerPageOf(context, node, name);
          } else if (name === 'EMBED') strangerPageOf(context, node, name);
          else if (name === 'META' && isConnected(node)) refreshed(node);
          else if (name === 'INPUT') context.shopFields.connected(node);
        }
      }
    }

    /**
     * An empty inserted script that now gets code runs now: this is its real insertion. `onlyWithCode`: the
     * caller does not know whether code came (a Range edit near the script), so a script still empty waits.
     */
    function grew(script: unknown, how: string | null, onlyWithCode = false): void {
      if (empties === 0 || script === null) return;
      const record = inserted.get(script as object);
      if (!record?.empty || !isConnected(script as Node)) return;
      // Data still: it has not run.
      if (record.dormant && !runs(script as Element)) return;
      const src = sourceOf(script as Element);
      const text = src ? '' : (textContent(script) ?? '');
      // Told by the observer (`how` null): what changed is read from what the script now has.
      if ((onlyWithCode || how === null) && !src && !text) return;
      how ??= src ? 'src-set' : 'text-set';
      if (record.dormant) how = 'type-set';
      record.empty = false;
      empties--;
      record.src = src;
      record.text = text;
      // Given its code by a write no stack was taken for: Firefox cannot tell its frames from the shop's tags'.
      if (!src) attribution.pageInline.stranger();
      // The key of the code it runs: the ISOLATED observer, which reads the script after this task, keys it so.
      noteKey(scriptKey(src, text));
      report(context, record, how, false);
    }

    /**
     * A Range puts nodes where it starts — possibly into an empty script (`insertNode` of a text node) — and
     * `surroundContents` fills its new parent with the range's text after inserting it: either way a script
     * inserted empty may hold code only once the call is done.
     */
    function afterRange(self: unknown, args: Args, result: unknown, found: unknown): void {
      after(self, args, result, found);
      if (empties === 0) return;
      const start = rangeStart(self);
      // Three calls, not a loop over an array: the page's array iterator must not decide what is seen.
      grew(args[0], 'text-set', true);
      grew(start, 'text-set', true);
      grew(parentNode(start), 'text-set', true);
    }

    function removed(node: unknown): void {
      const record = inserted.get(node as object);
      const sent = record?.sent;
      if (!sent) return;
      if (dateNow() - record.at < SELF_REMOVAL_MS) {
        // Removed in the same task it was inserted in (a hiding script's usual way): one finding says both.
        // The evidence that leaves: the finding's own, or that of the fold it joined (main/text-folds.ts).
        if (context.unsent(sent)) sent.evidence.selfRemoved = true;
        else report(context, record, 'insert', true);
      }
      inserted.set(node as object, SPENT);
    }

    const { Node, Element, Document, DocumentFragment, HTMLScriptElement, Range } = realm;
    // Every DOM method that inserts nodes it is given: one left out is a way to run a script, or to reach
    // an iframe's fresh realm, unseen (tests/e2e/hostile/tamper.ts inserts frames through each).
    // Loops by index: a same-origin frame's realm is hooked after page code could replace the array iterator.
    const hook = (proto: object, methods: string[], before: Observer, then: Observer): void => {
      for (let i = 0; i < methods.length; i++) patcher.method(proto, methods[i]!, before, then);
    };
    hook(Node.prototype, ['appendChild', 'insertBefore', 'replaceChild'], beforeFirst, after);
    hook(Range.prototype, ['insertNode', 'surroundContents'], beforeFirst, afterRange);
    const everyArgument = ['append', 'prepend', 'replaceChildren'];
    hook(Element.prototype, ['after', 'before', 'replaceWith', 'insertAdjacentElement'], beforeAll, after);
    hook(Element.prototype, everyArgument, beforeAll, after);
    hook(Document.prototype, everyArgument, beforeAll, after);
    hook(DocumentFragment.prototype, everyArgument, beforeAll, after);
    patcher.method(Node.prototype, 'removeChild', (_self, args) => removed(args[0]));
    patcher.method(Element.prototype, 'remove', removed);
    patcher.accessor(HTMLScriptElement.prototype, 'src', undefined, (self) => grew(self, 'src-set'));
    const textSet = (self: unknown): void => grew(self, 'text-set');
    patcher.accessor(HTMLScriptElement.prototype, 'text', undefined, textSet);
    patcher.accessor(Node.prototype, 'textContent', undefined, textSet);
    // An empty script given its address as an attribute (`setAttribute('src', …)`, an Attr; an SVG script's
    // `href`): it ran with no report. Gated by `grew`: with no empty script waiting, one comparison.
    hookAttributeWrites(patcher, realm, {
      name: (given, folds) =>
        given === 'src' || (folds && given.length === 3 && regExpExec(SRC_NAME, given) !== null) ? 'src' : given === 'href' ? 'href' : null,
      written: (element, name) => grew(element, 'src-set', name === 'href'),
    });

    // Inputs made from markup are placed by the call that gave it (main/shop-fields.ts). The query may also
    // return inputs that were there before: placed() keeps what it knew of each.
    hookMarkup(patcher, realm, HAS_INPUT, 'input', (inputs) => {
      if (inputs.length > 0) context.shopFields.placed(inputs, placerOf(attribution.attribute().actor, context.site));
    });
    // Fields in a closed shadow root are asked about inside it (this document's own: the question comes to its window).
    if (top)
      patcher.method(realm.Element.prototype, 'attachShadow', undefined, (_self, _args, root) => {
        if (shadowRootMode(root) === 'closed') context.shopFields.closedRoot(root as ShadowRoot);
      });

    // document.write of a <script> during the parse runs it like the page's own: only the stack tells.
    const write = (_self: unknown, args: Args): void => {
      const tag = typeof args[0] === 'string' && regExpExec(WRITTEN_SCRIPT, args[0]);
      // Firefox names a written script as it does an inserted one: a stranger's write — of a script, or of its pieces
      // over several arguments or calls, which the match above does not see — ends its trust of those (page-inline.ts).
      if (!tag) return void (args.length > 0 && decideSide(attribution.attribute(), ''));
      const raw = regExpExec(WRITTEN_SRC, tag[1]!)?.[1];
      let src = '';
      try {
        if (raw) src = resolveUrl(raw);
      } catch {
        // An unparsable src fails to load; the text is still worth reporting.
      }
      const who = attribution.attribute();
      if (!src && !isPageSide(who.actor, context.site)) attribution.claim(tag[2]!);
      decideSide(who, '');
      report(
        context,
        { who, src, text: src ? '' : tag[2]!, at: -1, sent: undefined, empty: false, dormant: false },
        'document.write',
        false,
      );
    };
    patcher.method(Document.prototype, 'write', write);
    patcher.method(Document.prototype, 'writeln', write);

    // Workers: the script URL as the constructor will take it (an object turned into text in place; a
    // TrustedScriptURL keeps its place and is read natively). Other primitives are left alone: converting
    // them here would put an argument where the page gave none.
    const started =
      (how: string) =>
      (args: unknown[]): void => {
        const input = args[0];
        const raw = typeof input === 'string' ? input : madeIntoText(input) ? textInPlace(args, 0, trustedScriptUrlText) : null;
        if (raw === null) return; // none, or its toString threw: so does the constructor, and nothing starts
        let src: string;
        try {
          src = resolveUrl(raw);
        } catch {
          return; // not a URL: the constructor throws
        }
        const who = attribution.attribute();
        // A provider's script is known as one only once the profile is here (a worker can start before it).
        context.site.whenKnown(() => {
          if (!isPageSide(who.actor, context.site))
            report(context, { who, src, text: '', at: -1, sent: undefined, empty: false, dormant: false }, how, false);
        });
      };
    patcher.globalConstructor(realm, 'Worker', started('worker'));
    patcher.globalConstructor(realm, 'SharedWorker', started('shared-worker'));
  },
};
