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
 * Making the error is the cost, ~1 µs a scheduled callback (docs/performance.md); a page that schedules more than
 * the budget a second gets schedulings with no stack past it, which name nobody. Promise reactions are not wrapped
 * (a shop built on promises makes thousands a load), nor are `await`s: those two routes stay open (docs/security.md).
 */
import { tokenBucket } from '../../shared/token-bucket.ts';

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
export function createScheduling(takeStack: () => object | null, now: () => number) {
  let running: Scheduling | null = null;
  const mayTake = tokenBucket(STACKS_BURST, STACKS_PER_SECOND, now);

  /** `callback` as the browser will call it: with its scheduling running for as long as it runs. */
  function wrap(callback: Callback): Callback {
    const parent = running !== null && running.depth < MAX_CHAIN - 1 ? running : null;
    const error = mayTake() ? takeStack() : null;
    // No stack and no chain: a scheduling that would name nobody. The callback as it is, with nothing made for it
    // (a page past the budget pays the hook's call alone: docs/performance.md).
    if (error === null && parent === null) return callback;
    const scheduling: Scheduling = { error, parent, depth: parent ? parent.depth + 1 : 0 };
    // Named `w`, as the hooks' wrappers are (patch.ts): Firefox shows Saq's frames as `<anonymous code>`, and the
    // stack reader drops those of that name as Saq's own, where another name read as another extension's code
    // (stack-frames.ts, FIREFOX_WRAPPER). A method: the minifier keeps its name.
    return {
      w(this: unknown): unknown {
        const before = running;
        running = scheduling;
        try {
          // eslint-disable-next-line prefer-rest-params -- no array copy per call; the browser's arguments as given
          return apply(callback, this, arguments);
        } finally {
          running = before;
        }
      },
    }.w;
  }

  return { wrap, running: (): Scheduling | null => running };
}

export type Schedulings = ReturnType<typeof createScheduling>;
