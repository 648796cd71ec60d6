/**
 * This run of the extension, as content scripts learn it from the hello reply and send it back with every
 * later message. storage.session keeps it across service-worker restarts and loses it when the extension
 * is reloaded or updated — when every content script of the previous run is orphaned. Chromium cuts an
 * orphan off from the extension API only a moment later (seconds on a loaded machine), and a message it
 * sends meanwhile reaches the new background: findings from a tab the new run does not watch would make
 * that tab look watched ("clean" instead of "not checked yet"; tests/e2e/lifecycle.e2e.ts, the reload
 * case). Such a message carries the previous run's id, and is ignored.
 */
import browser from '../platform/browser.ts';

const KEY = 'run-id';
const UUID = /^[0-9a-f-]{36}$/;

/** The run's id, made once per run; null when storage cannot tell (then no message is turned away). */
export async function loadRunId(
  storage: Pick<typeof browser.storage.session, 'get' | 'set'> = browser.storage.session,
): Promise<string | null> {
  try {
    const stored = (await storage.get(KEY))[KEY];
    if (typeof stored === 'string' && UUID.test(stored)) return stored;
    const made = crypto.randomUUID();
    await storage.set({ [KEY]: made });
    return made;
  } catch {
    return null;
  }
}

/** Whether a content script's message belongs to this run: one that carries another run's id does not. */
export const fromThisRun = (carried: string | undefined, run: string | null): boolean => !carried || !run || carried === run;
