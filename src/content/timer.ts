/**
 * `after(ms, fn)`: runs `fn` once `ms` have passed, on a timer page code cannot clear — for the ISOLATED world
 * and the in-page warning.
 *
 * Firefox runs a content script's setTimeout on the page's own window, under a small whole-number id the
 * page's clearTimeout reaches. A helper clearing every id in a loop cancelled the relay's flush: every
 * finding after the first stayed in the content script for the rest of the page
 * (tests/e2e/sensors-main-tamper.e2e.ts). Chromium keeps an isolated world's timers apart, but the same code
 * runs in both. AbortSignal.timeout's timer has no id anyone can name, and its signal is Saq's alone.
 * A caller that would have cleared a timer instead ignores a callback that is no longer the current one.
 *
 * Unit tests of the modules that use it replace it with setTimeout (vi.mock), whose time they can fake.
 */
export function after(ms: number, fn: () => void): void {
  AbortSignal.timeout(ms > 0 && ms < 2 ** 31 ? Math.ceil(ms) : 0).addEventListener('abort', () => fn(), { once: true });
}
