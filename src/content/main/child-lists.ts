/**
 * The document's child lists watched in this world for the ISOLATED world, in Chromium (issue #6, appendChild).
 *
 * Chromium gives an observer in an extension's isolated world a second wrapper for every record, list and node
 * it reads: about 1.2 µs of each appended element's cost was that world's observer alone, over the 1 µs budget
 * before any sensor looked (docs/performance.md, stops 55 and 56). So once the ISOLATED world asks (its lane
 * message names a private event type for it), this world observes the child lists from the end of the parse
 * and hands over only the few added elements its sensors want — one event each, dispatched on the window with
 * the element as `relatedTarget` (which crosses worlds, and names a detached element too: one added and removed
 * in one task). What it hands over:
 *
 * - an added element that is, or holds, one the ISOLATED lists name (its purchase controls, destinations,
 *   delivery fields), or an input, a frame, an option, an undefined custom element: what the sensors' own
 *   observer matched (`among`); every added element until the lists are complete (the profile on its way);
 * - one that may host a shadow root (a custom element, an open root, a plain element of the kinds that take
 *   one): at most MAX_MAYBE_HOSTS per OVERLAY_SETTLE_MS, the bound the overlay check keeps anyway;
 * - a script no hooked insertion of this world explains (FOREIGN): another world's. The hooks' keys are counted
 *   here while this world watches (`hooked`), so a flood of the page's own scripts hands nothing over; before,
 *   every key went to the ISOLATED observer.
 *
 * Firefox's content scripts see a closed shadow root as a property of its host, this world does not; there the
 * ISOLATED world keeps its own observer and never asks.
 */
import { SHADOW_HOSTS } from '../../shared/shadow-hosts.ts';
import { FOREIGN, MAX_MAYBE_HOSTS, OVERLAY_SETTLE_MS, scriptKey, type AmongMessage } from '../../shared/page-protocol.ts';
import { bare } from './descriptors.ts';
import {
  addedNodes,
  dispatchEventOn,
  documentElement,
  elementMatches,
  elementQuerySelector,
  elementShadowRoot,
  firstElementChild,
  includes,
  NativeFocusEvent,
  NativeMutationObserver,
  nodeListLength,
  nodeName,
  observeMutations,
  pageDocument,
  querySelectorAll,
  readyState,
  hasAttributes,
  toUpperCase,
  scriptSrc,
  takeMutationRecords,
  textContent,
  after,
} from './natives.ts';
import { append, safeList, SafeMap, SafeWeakSet } from './safe-collections.ts';
import { listenLasting } from './lasting-listeners.ts';

/** Hand-overs kept while the ISOLATED world does not listen (after `document.open()`), until it does again. */
const MAX_WAITING = 1024;
/** Keys of hooked insertions the observer has not met yet (scripts put into containers off the page): a bound. */
const MAX_HOOKED = 4096;
/**
 * What the sensors look at besides their lists, whatever the profile says (checkout-tamper's `mayHoldField`):
 * by an added element's name (a custom element by the hyphen every such name has), and below it by this query.
 */
const ALWAYS_BELOW = 'input,iframe,*:not(:defined)';
/** Added elements the sensors always want whatever their lists say (a field, a frame, an option), by nodeName. */
const ALWAYS = { __proto__: null, INPUT: true, IFRAME: true, OPTION: true } as unknown as Readonly<Record<string, true | undefined>>;

export interface ChildLists {
  /** The ISOLATED world asks for hand-overs on this event type ('' : it watches for itself). */
  ask(type: string): void;
  /** The ISOLATED lists, joined and sorted; `complete` once they hold the profile's controls. */
  among(message: AmongMessage): void;
  /** A hooked insertion's key: true when counted here (this world watches), false when it must go to the ISOLATED world. */
  hooked(key: string): boolean;
  /** Called once, just before this world starts watching: keys still queued for the ISOLATED world go now. */
  beforeStart(fn: () => void): void;
  /** The ISOLATED world listens again (ListeningMessage): what waited is handed over now. */
  redeliver(): void;
}

export function createChildLists(sendWatching: () => void, askAgain: () => void): ChildLists {
  let type = '';
  let watching = false;
  /** The lists (AmongMessage): every added element goes over until they are complete. */
  let below = ALWAYS_BELOW;
  let forAny = '';
  let forAttributed = '';
  let byName = { __proto__: null } as unknown as Record<string, string | undefined>;
  let complete = false;
  let flushKeys: () => void = () => undefined;
  const hookedKeys = new SafeMap<string, number>();
  let maybeHosts = 0;

  /**
   * Hand-overs nobody took (the ISOLATED world cancels each it reads): `document.open()` erased its listener. Kept
   * until it listens again (`redeliver`), the oldest dropped past MAX_WAITING.
   */
  let waiting = safeList<Element | number>();
  const handOver = (element: Element, detail: number): void => {
    try {
      const init = bare({ relatedTarget: element, detail, cancelable: true }) as FocusEventInit;
      if (!dispatchEventOn(window, new NativeFocusEvent(type, init))) return;
    } catch {
      return; // nothing of the page's runs here; a throw would only skip one element
    }
    if (waiting.length < 2 * MAX_WAITING) {
      append(waiting, element);
      append(waiting, detail);
    }
    askAgain();
  };
  /** Scripts judged once: one the shop moves later (a widget re-mounted) is no new insertion, and has no new key. */
  const judged = new SafeWeakSet<Element>();
  /** A script the hooks did not insert goes over as another world's. */
  const judgeScript = (script: Element): void => {
    if (judged.has(script)) return;
    judged.add(script);
    const src = scriptSrc(script);
    const key = scriptKey(src, src ? '' : (textContent(script) ?? ''));
    const count = hookedKeys.get(key) ?? 0;
    if (count === 0) return handOver(script, FOREIGN);
    if (count === 1) hookedKeys.delete(key);
    else hookedKeys.set(key, count - 1);
  };
  /** Whether the sensors' lists want the element itself (the cheapest tests first: this runs for every one added). */
  const wanted = (element: Element, name: string): boolean => {
    const byType = byName[name];
    return (
      (byType !== undefined && elementMatches(element, byType)) ||
      (forAttributed !== '' && hasAttributes(element) && elementMatches(element, forAttributed)) ||
      (forAny !== '' && elementMatches(element, forAny))
    );
  };
  /** `name`: its nodeName (an HTML element's in upper case, an SVG one's as written). */
  const consider = (element: Element, name: string): void => {
    // An SVG <script> ("script") has no `src` the key could read, and runs nothing here.
    if (name === 'SCRIPT') return judgeScript(element);
    const parent = firstElementChild(element) !== null;
    if (parent) {
      const scripts = querySelectorAll(element, 'script');
      const count = nodeListLength(scripts);
      for (let i = 0; i < count; i++) if (nodeName(scripts[i]!) === 'SCRIPT') judgeScript(scripts[i]!);
    }
    const host = SHADOW_HOSTS[name] === true;
    let take = !complete || ALWAYS[name] === true || (!host && includes(name, '-'));
    if (!take)
      try {
        take = wanted(element, name) || (parent && elementQuerySelector(element, below) !== null);
      } catch {
        take = true; // a list the engine refuses: everything goes over, as before the lists came
      }
    // A shadow host: in Chromium a closed root this world never saw made may be on any (a bounded number go over
    // per settle time, as the overlay check takes them), and one with an open root now is looked into.
    if (!take && host)
      if (!parent && maybeHosts < MAX_MAYBE_HOSTS) {
        if (maybeHosts++ === 0) after(OVERLAY_SETTLE_MS, () => (maybeHosts = 0));
        take = true;
      } else take = elementShadowRoot(element) !== null;
    if (take) handOver(element, 0);
  };
  const observer = new NativeMutationObserver((records) => {
    // By index, with captured getters: the records and lists are the page's realm's objects.
    // Child lists are all it observes. An element's nodeName never starts with "#" (text's, a comment's do); a
    // processing instruction's is its target, and the element getters throw on it: caught, so that the next
    // node (a script inserted behind it) is still looked at.
    for (let i = 0; i < records.length; i++) {
      const nodes = addedNodes(records[i]!);
      const count = nodeListLength(nodes);
      for (let j = 0; j < count; j++) {
        const node = nodes[j]!;
        const name = nodeName(node);
        if (name[0] !== '#')
          try {
            consider(node as Element, name);
          } catch {
            // Not an element.
          }
      }
    }
  });
  const start = (): void => {
    if (watching || !type) return;
    watching = true;
    flushKeys();
    observeMutations(observer, pageDocument, bare({ childList: true, subtree: true }));
    // From here the ISOLATED world stops watching child lists itself (takes its records first): nothing added
    // before this line is this observer's, nothing after it that one's.
    takeMutationRecords(observer);
    sendWatching();
  };
  // From the end of the parse: the parser's elements are handed over by the ISOLATED world as one document.
  const parsed = (): boolean => readyState(pageDocument) !== 'loading' && documentElement(pageDocument) !== null;
  listenLasting(pageDocument, 'readystatechange', () => parsed() && start(), bare({ capture: true }));

  return {
    ask(given) {
      if (type || !given) return;
      type = given;
      if (parsed()) start();
    },
    among(message) {
      below = `${ALWAYS_BELOW}${message.selector ? `,${message.selector}` : ''}`;
      forAny = message.bare;
      forAttributed = message.attributed;
      byName = { __proto__: null } as unknown as Record<string, string | undefined>;
      // By nodeName: an HTML element's is its local name in upper case, another's (SVG) as written. A type selector
      // matches HTML elements whatever its case, others only as written (here in lower case, as the buckets keep it).
      for (let i = 0; i + 1 < message.tags.length; i += 2) {
        const type = message.tags[i]!;
        byName[toUpperCase(type)] = byName[type] = message.tags[i + 1]!;
      }
      complete = message.complete;
    },
    hooked(key) {
      if (!watching) return false;
      if (hookedKeys.size >= MAX_HOOKED) hookedKeys.clear();
      hookedKeys.set(key, (hookedKeys.get(key) ?? 0) + 1);
      return true;
    },
    beforeStart(fn) {
      flushKeys = fn;
    },
    redeliver() {
      const list = waiting;
      waiting = safeList();
      for (let i = 0; i + 1 < list.length; i += 2) handOver(list[i] as Element, list[i + 1] as number);
    },
  };
}
