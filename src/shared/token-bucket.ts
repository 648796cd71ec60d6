/**
 * Budgets for work a page can make Saq repeat: a token bucket holds up to `burst` tokens and refills at
 * `perSecond`; each pass takes one. Pure (the clock is passed in), no built-in the page could replace
 * is called at run time: tests/unit/token-bucket.test.ts.
 */

/** `take()`: whether one more may pass now (and, if so, counts it). */
export function tokenBucket(burst: number, perSecond: number, now: () => number): () => boolean {
  let tokens = burst;
  let refilledAt = now();
  return () => {
    const at = now();
    const refilled = tokens + ((at - refilledAt) * perSecond) / 1000;
    tokens = refilled > burst ? burst : refilled;
    refilledAt = at;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };
}
