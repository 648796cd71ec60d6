/**
 * Batches findings and sends them once to the background. Batching keeps a hostile page that floods
 * events from flooding the extension's message bus; the cap bounds memory if the background is gone.
 * At most BATCHES_PER_FLUSH message batches per FLUSH_MS, but the first finding after a quiet spell leaves
 * at once: a microtask still gathers what the same task reports, and — unlike a 0 ms timer — does not
 * queue behind the page's other tasks (a loaded Firefox put several ms on the reaction time there);
 * waiting a whole window for it put 10 ms on every reaction time (npm run bench).
 *
 * When the cap is reached within one flush window, repeats give way to news: a finding like one already
 * queued (same kind and actor) is dropped, and a finding unlike any queued one evicts the newest repeat of
 * the most repeated kind. Otherwise a helper could queue a thousand findings no rule cares about and then
 * act in the same task — its exfiltration dropped, the tab shown clean (tests/e2e/hostile-flood.e2e.ts).
 *
 * An urgent finding (one the MAIN world delivered before a navigation away, context.flushNow) goes to the
 * head of the queue and leaves at the end of this task even within a window — a timer may never fire in a
 * document that is going — URGENT_BURST times at once, then a few per second.
 */
import type { Finding } from '../../shared/findings.ts';
import type { FindingsCStoBG } from '../../shared/protocol.ts';
import { tokenBucket } from '../../shared/token-bucket.ts';
import { after } from '../timer.ts';
import { sendToBackground } from './runtime.ts';

const FLUSH_MS = 10;
const MAX_BATCH = 64;
/** Batches sent per flush: the rest waits for the next window, so no single task serialises a whole flood. */
const BATCHES_PER_FLUSH = 4;
export const MAX_QUEUE = 1024;
/** Urgent flushes (findings the MAIN world sent over the lane) outside the window: at once, then per second. */
export const URGENT_BURST = 8;
const URGENT_PER_SECOND = 4;

/** What a finding is about, for flood control: its kind and who did it. */
function shapeOf(finding: Finding): string {
  const { actor } = finding;
  return `${finding.kind}|${actor.type}|${actor.url ?? ''}|${actor.extensionId ?? ''}|${actor.sha256 ?? ''}`;
}

export function createRelay(pageId: string, send: (message: FindingsCStoBG) => unknown = sendToBackground) {
  const queue: Array<{ finding: Finding; shape: string }> = [];
  /** Findings queued per shape. */
  const queued = new Map<string, number>();
  /** A flush is scheduled (a microtask, or a timer while the window of the last flush lasts). */
  let scheduled = false;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const forget = (shape: string): void => {
    const count = queued.get(shape)! - 1;
    if (count > 0) queued.set(shape, count);
    else queued.delete(shape);
  };

  /** The window's timer (its number), while one is pending; a flush before it fires makes it stale. */
  let timer = 0;
  let timers = 0;
  const later = (ms: number): void => {
    const mine = ++timers;
    timer = mine;
    after(ms, () => mine === timer && flush());
  };
  const flush = (): void => {
    scheduled = false;
    timer = 0; // an urgent flush came first: the window starts again from now
    lastFlush = Date.now();
    for (let i = 0; i < BATCHES_PER_FLUSH && queue.length > 0; i++) {
      const batch = queue.splice(0, MAX_BATCH);
      for (const { shape } of batch) forget(shape);
      const message: FindingsCStoBG = { type: 'findings/cs-to-bg', pageId, findings: batch.map(({ finding }) => finding) };
      void send(message);
    }
    if (queue.length > 0) {
      scheduled = true;
      later(FLUSH_MS);
    }
  };
  /** Whether a microtask flush is pending. */
  let soon = false;
  const mayHurry = tokenBucket(URGENT_BURST, URGENT_PER_SECOND, Date.now);
  const flushSoon = (): void => {
    soon = false;
    flush();
  };
  const schedule = (urgent: boolean): void => {
    // Urgent (the document may be about to go): this task's end, whatever the window — a timer might never
    // fire. Budgeted: a page that navigates in a loop cannot make every one of its tasks a message.
    if (urgent && !soon && mayHurry()) {
      soon = true;
      queueMicrotask(flushSoon);
    }
    if (scheduled) return;
    scheduled = true;
    const wait = FLUSH_MS - (Date.now() - lastFlush);
    if (wait > 0) later(wait);
    else if (!soon) {
      soon = true;
      queueMicrotask(flushSoon);
    }
  };

  /** Frees one slot for a new kind of finding; false when this finding is itself the flood. */
  const makeRoom = (shape: string): boolean => {
    // Every queued finding of a different kind (the usual flood of distinct scripts): keep them all, at once.
    if (queued.has(shape) || queued.size === queue.length) return false;
    let top = '';
    let topCount = 1;
    for (const [s, n] of queued) {
      if (n > topCount) [top, topCount] = [s, n];
    }
    for (let i = queue.length - 1; i >= 0; i--) {
      if (queue[i]!.shape === top) {
        queue.splice(i, 1);
        forget(top);
        return true;
      }
    }
    return false;
  };

  /**
   * `urgent`: first in the queue — a flood queued before it cannot keep it past the flush its document may
   * not outlive — and sent at the end of this task even within a flush window (see schedule).
   */
  return (finding: Finding, urgent = false): void => {
    const shape = shapeOf(finding);
    if (queue.length >= MAX_QUEUE && !makeRoom(shape)) {
      if (!urgent) return;
      forget(queue.pop()!.shape); // the newest of the flood gives way
    }
    if (urgent) queue.unshift({ finding, shape });
    else queue.push({ finding, shape });
    queued.set(shape, (queued.get(shape) ?? 0) + 1);
    schedule(urgent);
  };
}
