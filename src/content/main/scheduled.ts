/**
 * Who scheduled the callback that is running: the async step a helper uses to launder its act through the shop's
 * own code. Saq names an act by the call stack at the hooked call (attribution.ts); a helper that hands the shop's
 * function — or `fetch` itself — to a timer (`setTimeout(shopAddToCart, 0, 1)`, `setTimeout(fetch, 0, url)`) leaves
 * no frame of its own there, and the act read as the shop's, or nobody's (docs/security.md).
 *
 * So each callback handed to a scheduler Saq hooks is wrapped: the wrapper holds an error made when the callback was
 * scheduled (its stack is written only if it is ever read: stack-capture.ts, `stackNow`) and the scheduling that was
 * running then, and while the callback runs it is the running scheduling. Attribution reads the scheduler's stack
 * only when the act's own stack names no stranger (attribution.ts, `scheduledBy`).
 *
 * A message a window posts to itself is scheduled the same way: its handler runs in a later task, with nothing of the
 * poster's on the stack (`window.postMessage({type: 'shop:add'})` to the shop's own handler). The poster's scheduling
 * is queued with the message's shape (`posted`), taken by the message event of that shape when it is dispatched
 * (`delivered`), and is the running one while that event is the window's current event.
 *
 * Making the error is the cost, 11 µs a stack in Chromium (docs/performance.md); a page that schedules more than
 * the budget a second gets schedulings with no stack past it, which name nobody. Promise reactions are not wrapped
 * (a shop built on promises makes thousands a load), nor are `await`s: those two routes stay open (docs/security.md).
 */
import { tokenBucket } from '../../shared/token-bucket.ts';
import { append, safeList, SafeWeakMap } from './safe-collections.ts';

// Captured when the bundle starts (document_start): page code may replace the globals later.
const { apply } = Reflect;

/**
 * Schedulings a chain keeps: a shop's animation loop schedules each frame from the last, and a chain kept whole would
 * hold every frame's stack since the page loaded. Past this many a scheduling starts a new chain (attribution looks
 * back as far: attribution.ts).
 */
export const MAX_CHAIN = 8;
/** Frames kept of a scheduler's stack: its innermost stranger is what is looked for. */
export const SCHEDULER_FRAMES = 30;
export const STACKS_BURST = 256;
export const STACKS_PER_SECOND = 256;
/** Posted messages waiting for their event: a page that posts more without their events coming drops the oldest. */
const MAX_POSTED = 32;
/** A posted message's event comes in a later task; one that has not come by then never will. */
const POSTED_FOR_MS = 10_000;

export interface Scheduling {
  /** The stack when the callback was scheduled (unwritten), or null past the budget or when the engine refused. */
  readonly error: object | null;
  /** The scheduling that was running when this one was made: a chain of timers leads back to who started it. */
  readonly parent: Scheduling | null;
  /** How many schedulings are behind this one (0: none): below MAX_CHAIN. */
  readonly depth: number;
}

type Callback = (...args: unknown[]) => unknown;

/**
 * `takeStack`: an error holding the stack of now, unwritten (stack-capture.ts, `stackNow`); `now`: the clock of the
 * budget. Pure: tests/unit/content/scheduled.test.ts.
 */
export function createScheduling(takeStack: () => object | null, now: () => number, currentEvent: () => unknown = () => undefined) {
  let running: Scheduling | null = null;
  const mayTake = tokenBucket(STACKS_BURST, STACKS_PER_SECOND, now);
  /**
   * Messages posted and not yet dispatched: a ring of MAX_POSTED slots, the oldest overwritten. A prototype-less list
   * and a SafeWeakMap: this runs in the page's realm, whose Array and WeakMap methods the page may replace.
   */
  const posted = safeList<{ shape: string; scheduling: Scheduling; at: number; taken: boolean }>();
  let nextSlot = 0;
  /** Message events taken for a posted message, while they are dispatched. */
  const byEvent = new SafeWeakMap<object, Scheduling>();
  let events = 0;

  /** The running callback's scheduling, or the poster's while its message's event is the current one. */
  function runningNow(): Scheduling | null {
    if (running !== null || events === 0) return running;
    const event = currentEvent();
    return typeof event === 'object' && event !== null ? (byEvent.get(event) ?? null) : null;
  }

  /** The scheduling of now: who is scheduling, and the chain it continues; null when it would name nobody. */
  function schedulingNow(): Scheduling | null {
    const current = runningNow();
    const parent = current !== null && current.depth < MAX_CHAIN - 1 ? current : null;
    const error = mayTake() ? takeStack() : null;
    return error === null && parent === null ? null : { error, parent, depth: parent ? parent.depth + 1 : 0 };
  }

  /** `callback` as the browser will call it: with its scheduling running for as long as it runs. */
  function wrap(callback: Callback): Callback {
    const scheduling = schedulingNow();
    // No stack and no chain: a scheduling that would name nobody. The callback as it is, with nothing made for it
    // (a page past the budget pays the hook's call alone: docs/performance.md).
    if (scheduling === null) return callback;
    // A method, so the minifier keeps its name: Firefox shows Saq's frames as `<anonymous code>`, and the stack reader
    // drops those named as Saq's wrappers (stack-frames.ts, FIREFOX_WRAPPER), where another name read as another
    // extension's code. A name of its own: a callback with no frame of its own (a promise's resolve function, the
    // browser's own code) has this frame as its caller, and what it reads is not Saq's reading
    // (tests/helpers/hostile/prototype-traps.ts).
    return {
      scheduled(this: unknown): unknown {
        const before = running;
        running = scheduling;
        try {
          // eslint-disable-next-line prefer-rest-params -- no array copy per call; the browser's arguments as given
          return apply(callback, this, arguments);
        } finally {
          running = before;
        }
      },
    }.scheduled;
  }

  return {
    wrap,
    /** A window posted a message to itself, of this shape (scheduled-callbacks.main.ts, `shapeOf`). */
    posted(shape: string): void {
      const scheduling = schedulingNow();
      if (scheduling === null) return;
      const entry = { shape, scheduling, at: now(), taken: false };
      if (posted.length < MAX_POSTED) append(posted, entry);
      else posted[nextSlot] = entry;
      nextSlot = (nextSlot + 1) % MAX_POSTED;
    },
    /** A message event the window posted to itself is being dispatched: the oldest posted message of its shape is its. */
    delivered(event: object, shape: string): void {
      const fresh = now() - POSTED_FOR_MS;
      let oldest: { scheduling: Scheduling; at: number; taken: boolean } | null = null;
      for (let i = 0; i < posted.length; i++) {
        const entry = posted[i]!;
        if (!entry.taken && entry.shape === shape && entry.at >= fresh && (oldest === null || entry.at < oldest.at)) oldest = entry;
      }
      if (oldest === null) return;
      oldest.taken = true;
      byEvent.set(event, oldest.scheduling);
      events++;
    },
    running: runningNow,
  };
}

export type Schedulings = ReturnType<typeof createScheduling>;
