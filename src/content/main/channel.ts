/**
 * MAIN-world end of the private channel (see shared/page-protocol.ts for the handshake and why it is
 * safe at document_start). Messages are queued in the port until the ISOLATED world starts it; the
 * ISOLATED world answers on the same port with the site profile.
 */
import { HELLO_MARKER, parseIsolatedToMain } from '../../shared/page-protocol.ts';
import type { IsolatedToMainMessage, MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import { portPostMessage, postMessageTo } from './natives.ts';

export function openChannel(onMessage: (message: IsolatedToMainMessage) => void): (message: MainToIsolatedMessage) => void {
  const { port1, port2 } = new MessageChannel();
  postMessageTo(window, { [HELLO_MARKER]: true }, '*', [port2]);
  // The port is ours alone (page code never holds it): nobody else can post to it or replace `onmessage`.
  port1.onmessage = (event) => {
    const message = parseIsolatedToMain(event.data);
    if (message) onMessage(message);
  };
  return (message) => {
    try {
      portPostMessage(port1, message);
    } catch {
      // A message that cannot be cloned is dropped: a sensor must never throw into page code.
    }
  };
}
