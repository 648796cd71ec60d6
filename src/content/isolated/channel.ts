/**
 * ISOLATED-world end of the private channel: takes the port from the first hello posted by our
 * MAIN-world script (before page code could run) and hides that message from page listeners, then
 * names the lane (a private event type, see LaneMessage) and listens for it.
 * A second hello from the shop's own origin and this document can only come from page code imitating us
 * (or the one answer to an ask that crossed our taking a hello): it is dropped and reported. A hello from
 * another origin is ignored (any site can post into the shop's window), and so is one naming another
 * document: Saq's own in a document this frame showed before (page-protocol.ts, "Whose document").
 * Started after the hello was dispatched (a late injection, see page-protocol.ts), it asks for another.
 */
import {
  againType,
  ASK_MARKER,
  DOCUMENT_FIELD,
  HELLO_MARKER,
  newLaneType,
  parseLaneMessage,
  parseMainBatch,
  PROBE_MARKER,
} from '../../shared/page-protocol.ts';
import { askType, type IsolatedToMainMessage, type MainToIsolatedMessage, type PlacedBy } from '../../shared/page-protocol.ts';
import { after } from '../timer.ts';
import { listenAgain, listenLasting, onReopened } from './lasting-listeners.ts';

/** How long a sync waits for the MAIN world's answer before it gives up (no MAIN world, or a frozen one). */
const SYNC_LIMIT_MS = 2000;
/** Syncs held for a port that has not come: past this, a sync waits out its limit unsent (a flood must not grow the list). */
const MAX_HELD_SYNCS = 32;

export interface MainWorldLink {
  /** A message to the MAIN world (the site profile travels this way); held until the port arrives. */
  send(message: IsolatedToMainMessage): void;
  /**
   * Resolves once every message the MAIN world sent before it read this request has been delivered here (a
   * round trip over the port, behind them), or after SYNC_LIMIT_MS without an answer.
   */
  caughtUp(): Promise<void>;
  /**
   * Who put this field where it is, as the MAIN world says at once (LaneMessage's `ask`): the page's own code
   * (and the field is unchanged since), a stranger, or null when it cannot say — no port yet, a field in a
   * closed shadow root (the window's listener sees only its host), one another world added.
   */
  placedBy(field: Element): PlacedBy | null;
}

export function acceptChannel(
  signal: AbortSignal,
  /** `urgent`: it came over the lane — the MAIN world wants it out before its task ends (flushNow). */
  onMessage: (message: MainToIsolatedMessage, urgent: boolean) => void,
  onForgery: (what: string) => void,
  /** Called once, when the MAIN world's port arrives: the page hooks are installed in this document. */
  onOpen?: () => void,
  /**
   * Given: the MAIN world is asked to watch the document's child lists, and hands each added element the
   * sensors want to this (main/child-lists.ts), with its `detail` (FOREIGN: a script of another world's).
   */
  onHandedOver?: (element: Element, detail: number) => void,
): MainWorldLink {
  let port: MessagePort | null = null;
  /** Sent before the port arrived (the profile, syncs), in order. */
  const pending: IsolatedToMainMessage[] = [];
  let syncs = 0;
  const syncing = new Map<number, () => void>();
  let asked = false;
  /** The MAIN world's answer to our ask may still come after we took a hello: one hello then passes unreported. */
  let answerExpected = false;
  /** The private type the MAIN world answers on (LaneMessage), once it has been told. */
  let ask: string | null = null;
  const thisDocument = performance.timeOrigin;
  /** One message handled: a throw on one (page data in it) must not drop the rest of its batch. */
  // `document.open()` erases every world's listeners on the window, the lane's and the hand-over's too: they are
  // added again when this world sees the document re-opened, or when the MAIN world, seeing its events go untaken,
  // asks by port (`relisten`). Either way the MAIN world is told, and hands over what waited (lasting-listeners.ts).
  onReopened(() => port?.postMessage({ t: 'listening' } satisfies IsolatedToMainMessage));
  const deliver = (message: MainToIsolatedMessage, urgent: boolean): void => {
    if (message.t === 'relisten') return listenAgain();
    if (message.t === 'synced') {
      syncing.get(message.n)?.();
      syncing.delete(message.n);
      return;
    }
    try {
      onMessage(message, urgent);
    } catch {
      // The next message still goes through.
    }
  };
  listenLasting<MessageEvent>(
    window,
    'message',
    (event) => {
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null) return;
      if (PROBE_MARKER in data) {
        if (event.source !== window) return;
        event.stopImmediatePropagation();
        // Our probe came back before any hello: the MAIN world's went out before we listened.
        if (!port && !asked) {
          asked = true;
          window.postMessage({ [ASK_MARKER]: thisDocument }, '*');
        }
        return;
      }
      if (!(HELLO_MARKER in data)) return;
      // Another site's window (an opener, a cross-origin frame) can post into this one but never reach our
      // worlds: its hello is noise, and reporting it would let any site raise an alarm on the shop
      // (tests/e2e/hostile-channel.e2e.ts). Only code of the shop's own origin can be spoofing us. The document's
      // origin, not its address's: an about:blank document a form made in Firefox (which runs Saq there) has the
      // shop's origin and an address whose origin is "null" — the channel never opened, and every finding of the
      // MAIN world there was lost (tests/e2e/sensors-main-tamper.e2e.ts, a form targeting a frame).
      if (event.origin !== window.origin) return;
      event.stopImmediatePropagation();
      const offered = event.ports[0];
      const named = (data as Record<string, unknown>)[DOCUMENT_FIELD];
      if (typeof named === 'number' && named !== thisDocument && event.source === window) return;
      if (port && answerExpected && named === thisDocument && event.source === window && offered) {
        answerExpected = false;
        return;
      }
      if (port || event.source !== window || !offered || named !== thisDocument) {
        onForgery('channel-hello');
        return;
      }
      port = offered;
      // The MAIN world's first offer (its marks count offers: page-protocol.ts) taken after we asked.
      answerExpected = asked && String((data as Record<string, unknown>)[HELLO_MARKER]).startsWith('1:');
      // The lane first: the MAIN world may use it as soon as it knows the profile, which follows. Each event taken is
      // cancelled: the MAIN world's dispatch returns false then, and true when nobody listened (listenAgain).
      const lane = newLaneType();
      const onLane = (laneEvent: Event): void => {
        const message = parseLaneMessage((laneEvent as CustomEvent<unknown>).detail);
        if (!message) return onForgery('channel-lane');
        laneEvent.preventDefault();
        deliver(message, true);
      };
      ask = newLaneType();
      const handover = onHandedOver ? newLaneType() : '';
      const onHandover = (event: Event): void => {
        // Only the MAIN world knows the type; what it names is still checked to be an element.
        if (!(event instanceof FocusEvent)) return;
        const element = event.relatedTarget;
        if (!(element instanceof Element)) return;
        event.preventDefault();
        onHandedOver!(element, event.detail);
      };
      // The MAIN world's element to be asked on, at once, to listen again (againType): the first one handed over.
      let anchored = false;
      const onAnchor = (event: Event): void => {
        const anchor = (event as FocusEvent).relatedTarget;
        if (anchored || !(anchor instanceof Element)) return;
        anchored = true;
        event.preventDefault();
        const again = (againEvent: Event): void => {
          againEvent.preventDefault();
          listenAgain();
        };
        anchor.addEventListener(againType(lane), again, { signal });
      };
      listenLasting(window, lane, onLane, { capture: true, signal });
      listenLasting(window, againType(lane), onAnchor, { capture: true, signal });
      if (handover) listenLasting(window, handover, onHandover, { capture: true, signal });
      port.postMessage({ t: 'lane', type: lane, ask, handover } satisfies IsolatedToMainMessage);
      onOpen?.();
      for (const message of pending.splice(0)) port.postMessage(message);
      port.onmessage = (portEvent) => {
        // The MAIN world sends what one task reported as one array (src/content/main/channel.ts).
        for (const message of parseMainBatch(portEvent.data)) {
          if (message) deliver(message, false);
          else onForgery('channel-message');
        }
      };
      signal.addEventListener('abort', () => port?.close(), { once: true });
    },
    { capture: true, signal },
  );
  window.postMessage({ [PROBE_MARKER]: true }, '*');
  const send = (message: IsolatedToMainMessage): void => {
    if (port) port.postMessage(message);
    else pending.push(message);
  };
  return {
    send,
    caughtUp: () =>
      new Promise<void>((resolve) => {
        const n = ++syncs;
        syncing.set(n, resolve);
        if (port || pending.length < MAX_HELD_SYNCS) send({ t: 'sync', n });
        after(SYNC_LIMIT_MS, () => {
          if (syncing.delete(n)) resolve();
        });
      }),
    placedBy(field) {
      if (ask === null) return null;
      // Not bubbling: the capture phase still reaches the MAIN world's listener on the window. Composed, out of
      // a shadow root the field may be in: the MAIN world reads the field off the event's path (an open root's).
      const yes = (by: PlacedBy): boolean => !field.dispatchEvent(new CustomEvent(askType(ask!, by), { cancelable: true, composed: true }));
      return yes('page') ? 'page' : yes('stranger') ? 'stranger' : null;
    },
  };
}
