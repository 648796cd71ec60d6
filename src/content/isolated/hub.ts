/**
 * What the ISOLATED sensors share, so that a page's event or DOM change costs one dispatch, not one per
 * sensor: one capture listener per event type on the window, the purchase control matched once per
 * event (one native `closest` for the usual miss), one MutationObserver on the document from
 * document_start, and the MAIN world's messages routed by type.
 *
 * While the document is loading the observer watches only the attributes sensors asked for. Watching
 * child lists from document_start made the parser build a mutation record for every element of the shop's
 * markup: ~4 ms of main-thread time on the product page with no sensor listening (npm run bench,
 * page cost). The parser's elements are handed over instead once, as the document root, when parsing
 * ends — before the page's deferred scripts run — and child lists are watched from then on. An attribute
 * a helper changes during the parse still arrives as a change, with the parser's value as `oldValue`.
 *
 * In Chromium the child lists are watched by the MAIN world once it says so (main/child-lists.ts): an observer in
 * this world paid a second wrapper for every record and node (~1.2 µs of each appended element, npm run bench,
 * hooks). It hands over the added elements the sensors want, matched against the lists sent to it here (`among`);
 * this world's observer then watches attributes only. Firefox, where this world sees closed shadow roots the
 * page's world does not, keeps this world's observer.
 *
 * Event types no sensor wants beyond purchase controls (click, dblclick, keydown, keypress) are listened
 * to on the controls themselves once the profile is known and the document parsed: a listener call in
 * this world costs ~5 µs per event (npm run bench, hooks: `click()` on a plain button), and the page's
 * other clicks are none of Saq's business. Controls are found as they are added and when an attribute
 * their selectors name changes. Until then the window's capture listener takes every event, so nothing
 * is missed while the profile is on its way. What this gives up is documented in docs/security.md: page
 * code listening on the window in the capture phase now runs before Saq for those types, and could
 * stop a click from reaching Saq — and with it the shop's own handlers.
 */
import { FOREIGN, type MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import { bucketSelectors } from '../../shared/selector-buckets.ts';
import { selectorAttributes, within, type Controls, type MatchedControl } from './controls.ts';
import { listenLasting, onReopened } from './lasting-listeners.ts';
import type { EventHandler, IsolatedSensorContext, MutationHandler, Mutations } from './sensor.ts';

/** One pass over a callback's records: each read of a record's field costs a wrapper in this world. */
function read(records: MutationRecord[]): Mutations {
  const mutations: Mutations = { attributes: [], added: [] };
  for (const record of records) {
    if (record.type === 'attributes')
      mutations.attributes.push({ target: record.target as Element, name: record.attributeName!, oldValue: record.oldValue });
    else {
      // Indexed, not for…of: a NodeList iterator per record is measurable when a page appends 100,000 nodes.
      const nodes = record.addedNodes;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        if (node.nodeType === 1) mutations.added.push(node as Element);
      }
    }
  }
  return mutations;
}

/**
 * Calls every handler with the same arguments. One that throws on what the page made (its DOM, its stored
 * values, its events) must not keep the others from them: a throw in one sensor's handler used to skip every
 * handler after it, and with a MAIN-world message, the rest of its batch.
 */
function callEach<A, B>(handlers: readonly ((a: A, b: B) => void)[], a: A, b: B): void {
  // Two fixed arguments, no rest array, an index loop (no iterator): this runs for every event the page
  // dispatches (a flood's 100,000).
  for (let i = 0; i < handlers.length; i++)
    try {
      handlers[i]!(a, b);
    } catch {
      // Keep the others running.
    }
}

export function createHub(
  base: Pick<IsolatedSensorContext, 'signal' | 'report' | 'mainCaughtUp' | 'sendToMain' | 'placedBy'>,
  controls: Promise<Controls>,
  /** The MAIN world was asked to watch child lists for this world (Chromium: main/child-lists.ts). */
  handsOver = false,
) {
  const { signal } = base;
  let compiled: Controls | undefined;
  const main = new Map<string, Array<(message: never) => void>>();
  /** Per event type: handlers for every event, and handlers for events on purchase controls only. */
  const events = new Map<string, [EventHandler[], EventHandler[]]>();
  const mutationHandlers: Array<{ handler: MutationHandler; among: string }> = [];
  /** The selector lists sensors want found among added elements (with the controls, one query: `searched`). */
  const amongLists = new Set<string>();
  const attributes = new Set<string>();

  /**
   * The last event handled, and the control (or window) whose listener handled it: an event passing two nested
   * controls reaches the listener on each, the outer one first (capture). The same event object dispatched
   * again — a page may keep one and dispatch it later — starts over at the outer one, and counts again.
   */
  let lastEvent: Event | null = null;
  let lastAt: Node | null = null;
  const dispatch = (event: Event): void => {
    // A control, or the window (no nodeType), whose listener never sees one dispatch twice.
    const at = typeof (event.currentTarget as Node | null)?.nodeType === 'number' ? (event.currentTarget as Node) : null;
    if (event === lastEvent && at && lastAt && at !== lastAt && lastAt.contains(at)) return;
    lastEvent = event;
    lastAt = at;
    let control = compiled ? compiled.match(event.target) : undefined;
    // A control Saq listens on is still one for its own events when it no longer matches: a helper that takes
    // its selector's attribute off, clicks and puts it back has the shop's handler run, and was seen by no one.
    if (control === null && at) control = attached.get(at as Element) ?? null;
    const lists = events.get(event.type)!;
    callEach(lists[0], event, control);
    // A click on anything else, the usual event, ends here.
    if (control !== null) callEach(lists[1], event, control);
  };

  // Event types only purchase controls matter for: on the window until the controls are known (below).
  const controlTypes = (): string[] => [...events].filter(([, [any]]) => any.length === 0).map(([type]) => type);
  /** Per event type on the window, what takes its listener off (to the controls). */
  const onWindow = new Map<string, () => void>();
  /** The types moved to the controls; null while they are on the window. */
  let onControls: string[] | null = null;
  /** The controls listened on, as each was matched then. */
  const attached = new WeakMap<Element, MatchedControl>();
  /**
   * The controls that have this world's listeners now. `document.open()` erased those of every element in the
   * document, one the page keeps and puts back too: it gets them again when it is added again (lasting-listeners.ts).
   */
  let listened = new WeakSet<Element>();
  onReopened(() => (listened = new WeakSet()));
  const attach = (element: Element): void => {
    if (listened.has(element)) return;
    if (!attached.has(element)) {
      const control = compiled!.match(element);
      if (!control) return;
      attached.set(element, control);
    }
    listened.add(element);
    for (const type of onControls!) element.addEventListener(type, dispatch, { capture: true, signal });
  };
  const attachWithin = (roots: Element[]): void => {
    for (const element of within(roots, compiled!.any)) attach(element);
  };
  /** The attributes the control selectors name, watched from the switch on. */
  let controlAttributes: ReadonlySet<string> = new Set();

  /** The controls' list and every sensor's as one list, so the added subtrees are queried once for all. */
  let searched = '';
  const search = (): void => void (searched = [compiled?.any ?? '', ...amongLists].filter(Boolean).join(','));

  const observer = new MutationObserver((records) => deliver(read(records)));
  /**
   * Chromium: the MAIN world watches child lists (main/child-lists.ts) once it says so, and hands the added
   * elements the sensors want over one by one: gathered here and delivered together when its callback is done.
   */
  let mainWatches = false;
  let handed: Mutations | null = null;
  const deliverHanded = (): void => {
    const mutations = handed!;
    handed = null;
    deliver(mutations);
  };
  const deliver = (mutations: Mutations): void => {
    if (mutations.attributes.length + mutations.added.length + (mutations.foreign?.length ?? 0) === 0) return;
    // The elements any list wants among the added subtrees: one match per added leaf, one query per added
    // subtree, then each (few) hit sorted by list. A query or a match per list cost each appended element
    // that much again (npm run bench, appendChild).
    const hits = mutations.added.length > 0 ? within(mutations.added, searched) : [];
    const among = (list: string): Element[] => (hits.length > 0 ? hits.filter((element) => element.matches(list)) : hits);
    if (compiled?.any) mutations.controls = among(compiled.any);
    if (onControls) {
      for (const { target, name } of mutations.attributes) if (controlAttributes.has(name)) attachWithin([target]);
      for (const element of mutations.controls!) attach(element);
    }
    for (const { handler, among: list } of mutationHandlers)
      try {
        handler(mutations, list ? among(list) : []);
      } catch {
        // One sensor failing on what the page built must not keep the others from it.
      }
  };
  let watchingChildren = false;
  const observe = (): void => {
    const names = [...attributes, ...controlAttributes];
    const childList = watchingChildren && !mainWatches;
    if (!childList && names.length === 0) return observer.disconnect();
    observer.observe(document, {
      subtree: true,
      childList,
      ...(names.length > 0 ? { attributeFilter: names, attributeOldValue: true } : {}),
    });
  };
  /** The lists the MAIN world matches added elements against, while it watches for this world. */
  const tellMain = (): void => {
    if (!handsOver) return;
    const { bare, attributed, tags } = bucketSelectors(searched);
    base.sendToMain({
      t: 'among',
      selector: searched,
      complete: compiled !== undefined,
      bare,
      attributed,
      tags: Object.entries(tags).flat(),
    });
  };

  /**
   * Once the profile is known and the parser done (every control is in the DOM or arrives as an added
   * element): control-only event types move from the window to the controls. `present`: the document's
   * controls, when the caller has just matched them (the parsed document's delivery) — one query of the
   * whole document fewer (~0.6 ms on the product page).
   */
  const moveToControls = (present?: Element[]): void => {
    const root = document.documentElement;
    if (onControls || !compiled || !watchingChildren || !compiled.any || !root) return;
    const types = controlTypes();
    if (types.length === 0) return;
    onControls = types;
    controlAttributes = new Set(selectorAttributes(compiled.any).filter((name) => !attributes.has(name)));
    if (controlAttributes.size > 0) {
      deliver(read(observer.takeRecords()));
      observe();
    }
    if (present) for (const element of present) attach(element);
    else attachWithin([root]);
    for (const type of onControls) onWindow.get(type)?.();
  };
  void controls.then((loaded) => {
    compiled = loaded;
    search();
    tellMain();
    moveToControls();
  });

  const context: IsolatedSensorContext = {
    ...base,
    controls: () => controls,
    onMain(type, listener) {
      const list = main.get(type) ?? [];
      list.push(listener as (message: never) => void);
      main.set(type, list);
    },
    onEvent(types, handler, anyTarget = false) {
      for (const type of types) {
        let lists = events.get(type);
        if (!lists) {
          events.set(type, (lists = [[], []]));
          onWindow.set(type, listenLasting(window, type, dispatch, { capture: true, signal }));
        }
        lists[anyTarget ? 0 : 1].push(handler);
      }
    },
    onMutations(names, handler, among = '') {
      for (const name of names) attributes.add(name);
      if (among) amongLists.add(among);
      mutationHandlers.push({ handler, among });
    },
  };

  return {
    context,
    /** After every sensor subscribed: watch the document from here on. */
    start(): void {
      search();
      tellMain();
      const watchEverything = (): void => {
        // Records of the attributes phase still queued are delivered first: they happened before.
        const pending = observer.takeRecords();
        watchingChildren = true;
        observe();
        deliver(read(pending));
        const root = document.documentElement;
        const parsed: Mutations | null = root ? { attributes: [], added: [root], parsed: true } : null;
        if (parsed) deliver(parsed);
        // The parsed document's controls, if the profile was there to match them: nothing changed since.
        moveToControls(parsed?.controls);
      };
      if (document.readyState !== 'loading') watchEverything();
      else {
        if (attributes.size > 0) observe();
        listenLasting(document, 'readystatechange', watchEverything, { once: true, capture: true, signal });
      }
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    },
    /** An added element the MAIN world hands over (FOREIGN: another world's script). */
    handedOver(element: Element, detail: number): void {
      // Before this world's own start the parsed document, handed over whole then, holds it.
      if (!watchingChildren) return;
      if (!handed) {
        handed = { attributes: [], added: [], foreign: [] };
        queueMicrotask(deliverHanded);
      }
      (detail === FOREIGN ? handed.foreign! : handed.added).push(element);
    },
    fromMain(message: MainToIsolatedMessage): void {
      if (message.t === 'watching' && handsOver && !mainWatches) {
        mainWatches = true;
        // What this world's observer saw up to this moment is its own to deliver; after it, the MAIN world's.
        if (watchingChildren) {
          deliver(read(observer.takeRecords()));
          observe();
        }
        return;
      }
      callEach((main.get(message.t) ?? []) as ((message: MainToIsolatedMessage) => void)[], message, undefined);
    },
  };
}
