/**
 * MAIN-world end of the private channel (see shared/page-protocol.ts for the handshake and why it is
 * safe at document_start). Messages are queued in the port until the ISOLATED world starts it; the
 * ISOLATED world answers on the same port with the site profile.
 *
 * Everything a task reports leaves in one batch (an array), posted from a microtask when the task's
 * code is done: one structured clone and one message event per task instead of one per event, so a
 * page that floods the hooks gets one ISOLATED-world task per flood task, not thousands.
 */
import { HELLO_MARKER, MAX_BATCH, parseIsolatedToMain } from '../../shared/page-protocol.ts';
import type { IsolatedToMainMessage, MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import { portPostMessage, postMessageTo, queueTask } from './natives.ts';

export interface Channel {
  /** Queues a message; returns the number of the batch it leaves in. */
  send(message: MainToIsolatedMessage): number;
  /** How many batches have left: a message in batch n can still be amended while posted() <= n. */
  posted(): number;
}

export function openChannel(onMessage: (message: IsolatedToMainMessage) => void): Channel {
  const { port1, port2 } = new MessageChannel();
  postMessageTo(window, { [HELLO_MARKER]: true }, '*', [port2]);
  // The port is ours alone (page code never holds it): nobody else can post to it or replace `onmessage`.
  port1.onmessage = (event) => {
    const message = parseIsolatedToMain(event.data);
    if (message) onMessage(message);
  };
  let batch: MainToIsolatedMessage[] = [];
  let queued = false;
  let posts = 0;
  const flush = (): void => {
    queued = false;
    const sent = batch;
    batch = [];
    if (sent.length > 0)
      try {
        posts++;
        portPostMessage(port1, sent);
      } catch {
        // A batch that cannot be cloned is dropped: a sensor must never throw into page code.
      }
  };
  return {
    send(message) {
      const number = posts;
      // A full batch leaves at once (nothing is dropped here: flood control is the reporters' job).
      if (batch.push(message) >= MAX_BATCH) flush();
      else if (!queued) {
        queued = true;
        queueTask(flush);
      }
      return number;
    },
    posted: () => posts,
  };
}
