import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_DELAYS_MS, sendToBackground } from '../../../src/content/isolated/runtime.ts';

// The browser's uncancellable timer (content/timer.ts) as setTimeout, whose time the tests fake.
vi.mock('../../../src/content/timer.ts', () => ({ after: (ms: number, fn: () => void) => void setTimeout(fn, ms) }));

/** A stand-in for the one extension API the content scripts call: refuses `refusals` times, then answers. */
function fakeRuntime(refusals: number): { attempts: number[]; runtime: { id?: string; sendMessage: (m: unknown) => Promise<unknown> } } {
  const attempts: number[] = [];
  const runtime = {
    id: 'saq' as string | undefined,
    sendMessage(message: unknown): Promise<unknown> {
      attempts.push(Date.now());
      if (attempts.length <= refusals) return Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'));
      return Promise.resolve({ got: message });
    },
  };
  return { attempts, runtime };
}

describe('sendToBackground', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps sending a refused message for ~8 s (a worker slow to restart), then delivers it', async () => {
    const { attempts, runtime } = fakeRuntime(RETRY_DELAYS_MS.length);
    vi.stubGlobal('chrome', { runtime });
    const reply = sendToBackground({ type: 'findings' });
    await vi.runAllTimersAsync();
    expect(await reply).toEqual({ got: { type: 'findings' } });
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(attempts.at(-1)).toBe(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    expect(attempts.at(-1)).toBeGreaterThanOrEqual(7_000);
  });

  it('gives up (undefined) past the last retry', async () => {
    const { attempts, runtime } = fakeRuntime(Number.POSITIVE_INFINITY);
    vi.stubGlobal('chrome', { runtime });
    const reply = sendToBackground({ type: 'findings' });
    await vi.runAllTimersAsync();
    expect(await reply).toBeUndefined();
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
  });

  it('stops retrying once the extension was reloaded under the page (orphaned: no runtime id)', async () => {
    const { attempts, runtime } = fakeRuntime(Number.POSITIVE_INFINITY);
    vi.stubGlobal('chrome', { runtime });
    const reply = sendToBackground({ type: 'findings' });
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]! + RETRY_DELAYS_MS[1]! + 1);
    runtime.id = undefined;
    await vi.runAllTimersAsync();
    expect(await reply).toBeUndefined();
    expect(attempts).toHaveLength(3);
  });
});
