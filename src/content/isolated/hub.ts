/**
 * What the ISOLATED sensors share, so that a page's event or DOM change costs one dispatch, not one per
 * sensor: one capture listener per event type on the window, the purchase control matched once per
 * event (one native `closest` for the usual miss), one MutationObserver on the document from
 * document_start, and the MAIN world's messages routed by type.
 */
import type { MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import type { Controls } from './controls.ts';
import type { EventHandler, IsolatedSensorContext } from './sensor.ts';

export function createHub(base: Pick<IsolatedSensorContext, 'signal' | 'report'>, controls: Promise<Controls>) {
  const { signal } = base;
  let compiled: Controls | undefined;
  void controls.then((loaded) => (compiled = loaded));
  const main = new Map<string, Array<(message: never) => void>>();
  const events = new Map<string, EventHandler[]>();
  const mutationHandlers: Array<(records: readonly MutationRecord[]) => void> = [];
  const attributes = new Set<string>();

  const dispatch = (event: Event): void => {
    const control = compiled ? compiled.match(event.target) : undefined;
    for (const handler of events.get(event.type)!) handler(event, control);
  };
  const observer = new MutationObserver((records) => {
    for (const handler of mutationHandlers) handler(records);
  });

  const context: IsolatedSensorContext = {
    ...base,
    controls: () => controls,
    onMain(type, listener) {
      const list = main.get(type) ?? [];
      list.push(listener as (message: never) => void);
      main.set(type, list);
    },
    onEvent(types, handler) {
      for (const type of types) {
        const list = events.get(type);
        if (list) list.push(handler);
        else {
          events.set(type, [handler]);
          window.addEventListener(type, dispatch, { capture: true, signal });
        }
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
      observer.observe(document, { subtree: true, childList: true, ...(attributes.size > 0 ? { attributeFilter: [...attributes] } : {}) });
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    },
    fromMain(message: MainToIsolatedMessage): void {
      for (const listener of main.get(message.t) ?? []) (listener as (message: MainToIsolatedMessage) => void)(message);
    },
  };
}
