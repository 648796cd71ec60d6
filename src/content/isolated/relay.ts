/**
 * Batches findings and sends them once to the background. Batching keeps a hostile page that floods
 * events from flooding the extension's message bus; the cap bounds memory if the background is gone.
 */
import type { Finding } from '../../shared/findings.ts';
import type { FindingsCStoBG } from '../../shared/protocol.ts';
import { sendToBackground } from './runtime.ts';

const FLUSH_MS = 10;
const MAX_BATCH = 64;
const MAX_QUEUE = 1024;

export function createRelay(pageId: string) {
  const queue: Finding[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    timer = null;
    while (queue.length > 0) {
      const message: FindingsCStoBG = { type: 'findings/cs-to-bg', pageId, findings: queue.splice(0, MAX_BATCH) };
      void sendToBackground(message);
    }
  };

  return (finding: Finding): void => {
    if (queue.length >= MAX_QUEUE) return;
    queue.push(finding);
    timer ??= setTimeout(flush, FLUSH_MS);
  };
}
