/**
 * MAIN-world end of the private channel (see shared/page-protocol.ts for the handshake and why it is
 * safe at document_start). Messages are queued in the port until the ISOLATED world starts it; the
 * ISOLATED world answers on the same port: first the lane's event type, then the site profile. If the
 * ISOLATED world started after the hello went out, it asks, and gets a new port with what was sent so far.
 *
 * Everything a task reports leaves in one batch (an array), posted from a microtask when the task's
 * code is done: one structured clone and one message event per task instead of one per event, so a
 * page that floods the hooks gets one ISOLATED-world task per flood task, not thousands.
 * A message that another world's event is waiting on leaves at once over the lane instead (sendNow).
 * A `sync` from the ISOLATED world is answered in the same queue, after everything sent before it.
 */
import { againType, ASK_MARKER, DOCUMENT_FIELD, HELLO_MARKER, MAX_BATCH, MAX_LANE_TEXT } from '../../shared/page-protocol.ts';
import type {
  AmongMessage,
  ClosedFocusMessage,
  LaneMessage,
  ListeningMessage,
  MainToIsolatedMessage,
  ProfileMessage,
} from '../../shared/page-protocol.ts';
import { parseIsolatedToMain } from './profile-message.ts';
import { bare } from './descriptors.ts';
import { append, safeList, type SafeList } from './safe-collections.ts';
import {
  dispatchEventOn,
  documentTimeOrigin,
  isArray,
  hasOwn,
  jsonStringify,
  mathRandom,
  messageData,
  messageSource,
  NativeCustomEvent,
  NativeMessageChannel,
  channelPort1,
  channelPort2,
  createElement,
  NativeFocusEvent,
  pageDocument,
  objectKeys,
  portClose,
  portPostMessage,
  postMessageTo,
  queueTask,
  setPortListener,
  stopImmediatePropagation,
} from './natives.ts';
import { listenLasting } from './lasting-listeners.ts';

// Captured when the bundle starts: the page may replace the global Symbol later.
const ITERATOR: typeof Symbol.iterator = Symbol.iterator;

/**
 * A one-item list the engine iterates (a transfer list is a WebIDL sequence) through nothing the page can
 * reach: an array literal's iteration runs Array.prototype[Symbol.iterator] and its iterator's `next`, both the
 * page's to replace after it has run — and an offer may come then (an ask answered late), handing over the port.
 */
function onlyItem<T>(item: T): T[] {
  let given = false;
  const iterator = bare({
    next: () => {
      const step = bare({ value: given ? undefined : item, done: given });
      given = true;
      return step;
    },
  });
  return bare({ [ITERATOR]: () => iterator }) as unknown as T[];
}

export interface Channel {
  /** Queues a message; returns the number of the batch it leaves in. */
  send(message: MainToIsolatedMessage): number;
  /**
   * Delivers a message before this call returns (over the lane): for an announcement the ISOLATED world
   * must hold before the event it announces reaches it. Over the port until the lane is known.
   */
  sendNow(message: MainToIsolatedMessage): void;
  /**
   * Delivers what is queued before this call returns (over the lane): for facts the document may not
   * outlive. A port message waits for a task of its own, and a navigation's commit may come first — the
   * document, and the message with it, are then gone.
   */
  flushNow(): void;
  /** How many batches have left: a message in batch n can still be amended while posted() <= n. */
  posted(): number;
  /**
   * The document was re-opened, or an event for the ISOLATED world went undelivered: it is asked to listen again, at
   * once over its element (againType), by port until it has taken that.
   */
  relisten(): void;
}

/**
 * JSON text of a lane message, written here rather than by JSON.stringify on the message: JSON.stringify
 * looks up `toJSON` on every object and array it is given, prototype chain included, where page code can
 * put one that reads, or rewrites, what leaves (say, the actor). Only primitives — never looked up — go to
 * the captured JSON.stringify; records and lists are walked with captured natives.
 */
function laneJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return jsonStringify(value) ?? 'null';
  let out = '';
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${laneJson(value[i])}`;
    return `[${out}]`;
  }
  const names = objectKeys(value);
  for (let i = 0; i < names.length; i++) {
    const item = (value as Record<string, unknown>)[names[i]!];
    if (item !== undefined) out += `${out ? ',' : ''}${jsonStringify(names[i]!)}:${laneJson(item)}`;
  }
  return `{${out}}`;
}

/** Hellos offered in all: the first, and one per ask of a late ISOLATED world (page-protocol.ts, "A late ISOLATED world"). */
const MAX_OFFERS = 3;
/** Times the ISOLATED world is asked to listen again in one document (each `document.open()` takes one). */
const MAX_RELISTENS = 16;
/** Batches kept for a port offered later, until the ISOLATED world answers: the first ones. */
const MAX_UNANSWERED = 8;

/** What the ISOLATED world tells the sensors (syncs, and the lane's own type, are the channel's business). */
export type FromIsolated = ProfileMessage | ClosedFocusMessage | LaneMessage | AmongMessage | ListeningMessage;

export function openChannel(onMessage: (message: FromIsolated) => void): Channel {
  /** Ports offered with a hello and not yet answered; the answered one, once the ISOLATED world has spoken. */
  const offered = safeList<MessagePort>();
  let answered: MessagePort | null = null;
  /** What left before the answer (up to MAX_UNANSWERED batches), posted again on a port offered later. */
  let unanswered: SafeList<SafeList<MainToIsolatedMessage>> | null = safeList();
  /** The current hello's mark, and whether its message has been dispatched (this world's listener saw it). */
  let helloMark = '';
  let helloDispatched = false;
  /** The lane's private event type, once the ISOLATED world has named it. */
  let lane: string | null = null;

  const offer = (): void => {
    const pair = new NativeMessageChannel();
    const port1 = channelPort1(pair);
    const port2 = channelPort2(pair);
    append(offered, port1);
    // The port is ours alone (page code never holds it): nobody else can post to it.
    setPortListener(port1, (event) => {
      if (answered !== null && answered !== port1) return;
      const message = parseIsolatedToMain(messageData(event));
      if (message?.t === 'lane') {
        const first = lane === null;
        lane ??= message.type;
        if (answered === null) {
          answered = port1;
          unanswered = null;
          for (let i = 0; i < offered.length; i++) if (offered[i] !== port1) portClose(offered[i]!);
        }
        // Its `ask` and `handover` are the sensors' business; told once the lane is set, so a sensor may use it at once.
        if (first) {
          handAnchor();
          onMessage(message);
        }
      } else if (message?.t === 'sync') send({ t: 'synced', n: message.n });
      else if (message?.t === 'listening') {
        relistening = false;
        handAnchor();
        onMessage(message);
      } else if (message) onMessage(message);
    });
    if (unanswered) for (let i = 0; i < unanswered.length; i++) portPostMessage(port1, unanswered[i]);
    // The count leads: the ISOLATED world tells the first offer ("1:…") from an answer to its ask.
    helloMark = `${offered.length}:${mathRandom()}`;
    helloDispatched = false;
    postMessageTo(window, { [HELLO_MARKER]: helloMark, [DOCUMENT_FIELD]: documentTimeOrigin }, '*', onlyItem(port2));
  };
  offer();
  // Registered before any page script (document_start), so this listener runs first: it sees its own hello
  // go out and hides the ISOLATED world's ask from page listeners.
  listenLasting(
    window,
    'message',
    (event) => {
      if (answered !== null) return;
      const data = messageData(event as MessageEvent);
      if (typeof data !== 'object' || data === null || messageSource(event as MessageEvent) !== window) return;
      if (hasOwn(data, HELLO_MARKER)) {
        if ((data as Record<string, unknown>)[HELLO_MARKER] === helloMark) helloDispatched = true;
      } else if (hasOwn(data, ASK_MARKER)) {
        // Another document's ask (this window shows a newer one now: page-protocol.ts, "Whose document").
        if ((data as Record<string, unknown>)[ASK_MARKER] !== documentTimeOrigin) return;
        stopImmediatePropagation(event);
        // An ask that overtook our hello (this script started late) is answered by that hello.
        if (helloDispatched && offered.length < MAX_OFFERS) offer();
      }
    },
    { capture: true },
  );

  let batch = safeList<MainToIsolatedMessage>();
  let queued = false;
  let posts = 0;
  const flush = (): void => {
    queued = false;
    const sent = batch;
    batch = safeList();
    if (sent.length > 0)
      try {
        posts++;
        if (answered) portPostMessage(answered, sent);
        else {
          // Unanswered yet: every port offered may be the one the ISOLATED world holds.
          for (let i = 0; i < offered.length; i++) portPostMessage(offered[i]!, sent);
          if (unanswered && unanswered.length < MAX_UNANSWERED) append(unanswered, sent);
        }
      } catch {
        // A batch that cannot be cloned is dropped: a sensor must never throw into page code.
      }
  };
  const send = (message: MainToIsolatedMessage): number => {
    const number = posts;
    // A full batch leaves at once (nothing is dropped here: flood control is the reporters' job).
    if (append(batch, message) >= MAX_BATCH) flush();
    else if (!queued) {
      queued = true;
      queueTask(flush);
    }
    return number;
  };
  /**
   * Set when a lane or hand-over event went undelivered, until the ISOLATED world says it listens again: lane
   * messages go by port meanwhile (RelistenMessage).
   */
  let relistening = false;
  let relistens = 0;
  /** This world's element the ISOLATED world listens on to add its listeners again at once (againType), once it took it. */
  const anchor = createElement(pageDocument, 'i');
  let anchored = false;
  const handAnchor = (): void => {
    if (anchored || lane === null) return;
    try {
      const init = bare({ relatedTarget: anchor, cancelable: true }) as FocusEventInit;
      // Untaken when a `document.open()` came first: handed again when the ISOLATED world says it listens.
      anchored = !dispatchEventOn(window, new NativeFocusEvent(againType(lane), init));
    } catch {
      // The port's way still works.
    }
  };
  /** The ISOLATED world adds its listeners again before this returns: true when it did. */
  const relistenNow = (): boolean => {
    if (!anchored) return false;
    try {
      return !dispatchEventOn(anchor, new NativeCustomEvent(againType(lane!), bare({ cancelable: true }) as CustomEventInit));
    } catch {
      return false;
    }
  };
  const askByPort = (): void => {
    // Bounded: an ISOLATED world that answers and still takes nothing must not keep both worlds asking.
    if (relistening || relistens >= MAX_RELISTENS) return;
    relistening = true;
    relistens++;
    send({ t: 'relisten' });
  };
  const relisten = (): void => {
    if (!relistenNow()) askByPort();
  };
  /**
   * Dispatches a message on the lane; false when there is none yet, the message is too long for it, or nobody took
   * it: the ISOLATED world cancels each lane event it reads, and `document.open()` erases its listener.
   */
  const viaLane = (message: MainToIsolatedMessage): boolean => {
    if (lane === null || relistening) return false;
    try {
      const detail = laneJson(message);
      // Longer than the ISOLATED world reads from the lane (long URLs): the port carries it.
      if (detail.length > MAX_LANE_TEXT) return false;
      const init = { __proto__: null, detail, cancelable: true } as CustomEventInit<string>;
      if (!dispatchEventOn(window, new NativeCustomEvent(lane, init))) return true;
      // Erased by a `document.open()` this world's hook did not see (another world's call): added again, at once if
      // the ISOLATED world can be asked so.
      if (relistenNow() && !dispatchEventOn(window, new NativeCustomEvent(lane, init))) return true;
      askByPort();
      return false;
    } catch {
      return false; // the port still works
    }
  };
  return {
    send,
    sendNow(message) {
      if (!viaLane(message)) send(message);
    },
    flushNow() {
      if (lane === null || batch.length === 0) return;
      const queuedNow = batch;
      batch = safeList();
      posts++;
      for (let i = 0; i < queuedNow.length; i++) if (!viaLane(queuedNow[i]!)) send(queuedNow[i]!);
    },
    posted: () => posts,
    relisten,
  };
}
