/**
 * MAIN-world end of the private channel (see shared/page-protocol.ts for the handshake and why it is
 * safe at document_start). Messages are queued in the port until the ISOLATED world starts it.
 */
import { HELLO_MARKER } from '../../shared/page-protocol.ts';
import type { MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import type { Natives } from './natives.ts';

export function openChannel(natives: Natives): (message: MainToIsolatedMessage) => void {
  const channel = new natives.MessageChannel();
  natives.postMessage(window, { [HELLO_MARKER]: true }, '*', [channel.port2]);
  const port = channel.port1;
  return (message) => {
    try {
      natives.portPostMessage(port, message);
    } catch {
      // A message that cannot be cloned is dropped: a sensor must never throw into page code.
    }
  };
}
