/**
 * Receives the background's warning command in the top frame and shows the in-page warning. Only the
 * extension itself may command it (sender.id is stamped by the browser; pages cannot send runtime
 * messages to us at all without externally_connectable).
 */
import { isWarningCommand } from './command.ts';
import { createInPageWarning, type WarningDeps } from './warning.ts';

export function listenForWarning(deps: WarningDeps): void {
  if (window !== window.top) return;
  const warning = createInPageWarning(deps);
  const onMessage = (message: unknown, sender: chrome.runtime.MessageSender, reply: (response: unknown) => void): boolean | undefined => {
    if (sender.id !== chrome.runtime.id) return undefined;
    if (isWarningCommand(message)) {
      void warning.show(message).catch(() => undefined);
      return undefined;
    }
    if (warning.probe && (message as { type?: unknown } | null)?.type === 'warning-probe/test') {
      reply(warning.probe());
      return undefined;
    }
    return undefined;
  };
  try {
    chrome.runtime.onMessage.addListener(onMessage);
    deps.signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onMessage));
  } catch {
    // The extension context is gone (updated under this page): nothing to listen for.
  }
}
