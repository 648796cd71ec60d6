/**
 * Receives the background's warning command in the top frame and shows the in-page warning. Only the
 * extension itself may command it (sender.id is stamped by the browser; pages cannot send runtime
 * messages to us at all without externally_connectable).
 */
import type { FindingsCStoBG } from '../../shared/protocol.ts';
import { isWarningCommand } from './command.ts';
import { createInPageWarning } from './warning.ts';

export function listenForWarning(signal: AbortSignal): void {
  /** The page the last command was for: the warning's own tamper reports belong to it. */
  let pageId = '';
  // The page cannot tell who removed the warning, so the actor is unknown; the rule judges the act.
  const reportTamper = (what: string): void => {
    const message: FindingsCStoBG = {
      type: 'findings/cs-to-bg',
      pageId,
      findings: [{ kind: 'defence-tamper', actor: { type: 'unknown' }, evidence: { what }, at: Date.now() }],
    };
    if (pageId) chrome.runtime.sendMessage(message).catch(() => undefined);
  };
  const warning = createInPageWarning({ signal, reportTamper });
  const onMessage = (message: unknown, sender: chrome.runtime.MessageSender, reply: (response: unknown) => void): undefined => {
    if (sender.id !== chrome.runtime.id) return;
    if (isWarningCommand(message)) {
      pageId = message.pageId;
      void warning.show(message).catch(() => undefined);
    } else if (warning.probe && (message as { type?: unknown } | null)?.type === 'warning-probe/test') reply(warning.probe());
  };
  try {
    chrome.runtime.onMessage.addListener(onMessage);
    signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onMessage));
  } catch {
    // The extension context is gone (updated under this page): nothing to listen for.
  }
}
