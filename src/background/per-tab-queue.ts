/**
 * Work per tab that runs one piece after another, in the order it was asked for: a tab's record changes,
 * its traffic changes and its badge writes each race otherwise (events and messages arrive interleaved, and
 * each piece awaits the browser). A piece that fails does not stop the next. A tab with nothing queued holds
 * no entry. Pure: tests/unit/background/per-tab-queue.test.ts.
 */
export function perTabQueue() {
  const tails = new Map<number, Promise<void>>();
  return {
    /** Runs `work` once the tab's earlier pieces are done; its own result or error is the caller's. */
    run<T>(tabId: number, work: () => T | Promise<T>): Promise<T> {
      const done = (tails.get(tabId) ?? Promise.resolve()).then(work);
      const tail = done.then(
        () => undefined,
        () => undefined,
      );
      tails.set(tabId, tail);
      void tail.then(() => {
        if (tails.get(tabId) === tail) tails.delete(tabId);
      });
      return done;
    },
    /** Resolves once every piece the tab has queued so far is done. */
    idle(tabId: number): Promise<void> {
      return tails.get(tabId) ?? Promise.resolve();
    },
  };
}
