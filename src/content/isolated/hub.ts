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
 */
import type { MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import type { Controls } from './controls.ts';
import type { EventHandler, IsolatedSensorContext, Mutations } from './sensor.ts';

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

export function createHub(base: Pick<IsolatedSensorContext, 'signal' | 'report'>, controls: Promise<Controls>) {
  const { signal } = base;
  let compiled: Controls | undefined;
  void controls.then((loaded) => (compiled = loaded));
  const main = new Map<string, Array<(message: never) => void>>();
  /** Per event type: handlers for every event, and handlers for events on purchase controls only. */
  const events = new Map<string, [EventHandler[], EventHandler[]]>();
  const mutationHandlers: Array<(mutations: Mutations) => void> = [];
  const attributes = new Set<string>();

  const dispatch = (event: Event): void => {
    const control = compiled ? compiled.match(event.target) : undefined;
    const [any, onControls] = events.get(event.type)!;
    for (const handler of any) handler(event, control);
    // A click on anything else, the usual event, ends here.
    if (control !== null) for (const handler of onControls) handler(event, control);
  };
  const observer = new MutationObserver((records) => deliver(read(records)));
  const deliver = (mutations: Mutations): void => {
    if (mutations.attributes.length + mutations.added.length > 0) for (const handler of mutationHandlers) handler(mutations);
  };

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
          window.addEventListener(type, dispatch, { capture: true, signal });
        }
        lists[anyTarget ? 0 : 1].push(handler);
      }
    },
    onMutations(names, handler) {
      for (const name of names) attributes.add(name);
      mutationHandlers.push(handler);
    },
  };

  return {
    context,
    /** After every sensor subscribed: watch the document from here on. */
    start(): void {
      const watched = attributes.size > 0 ? { attributeFilter: [...attributes], attributeOldValue: true } : null;
      const watchEverything = (): void => {
        // Records of the attributes phase still queued are delivered first: they happened before.
        const pending = observer.takeRecords();
        observer.observe(document, { subtree: true, childList: true, ...watched });
        deliver(read(pending));
        if (document.documentElement) deliver({ attributes: [], added: [document.documentElement], parsed: true });
      };
      if (document.readyState !== 'loading') watchEverything();
      else {
        if (watched) observer.observe(document, { subtree: true, ...watched });
        document.addEventListener('readystatechange', watchEverything, { once: true, capture: true, signal });
      }
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    },
    fromMain(message: MainToIsolatedMessage): void {
      for (const listener of main.get(message.t) ?? []) (listener as (message: MainToIsolatedMessage) => void)(message);
    },
  };
}
