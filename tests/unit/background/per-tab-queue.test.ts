import { describe, expect, it } from 'vitest';
import { perTabQueue } from '../../../src/background/per-tab-queue.ts';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("perTabQueue: a tab's work, one piece after another", () => {
  it("runs a tab's pieces in the order asked for, each after the last is done; another tab does not wait", async () => {
    const queue = perTabQueue();
    const seen: string[] = [];
    const slow = queue.run(1, async () => {
      await tick(20);
      seen.push('1a');
      return 'a';
    });
    const fast = queue.run(1, () => void seen.push('1b'));
    const other = queue.run(2, () => void seen.push('2'));
    expect(await slow).toBe('a');
    await Promise.all([fast, other]);
    expect(seen).toEqual(['2', '1a', '1b']);
  });

  it('hands a failure to its caller and runs the next piece anyway', async () => {
    const queue = perTabQueue();
    const failed = queue.run(1, () => Promise.reject(new Error('tab closed')));
    const next = queue.run(1, () => 'ran');
    await expect(failed).rejects.toThrow('tab closed');
    expect(await next).toBe('ran');
  });

  it('idle() resolves once what the tab queued so far is done (at once when nothing is)', async () => {
    const queue = perTabQueue();
    await queue.idle(7);
    let done = false;
    void queue.run(7, async () => {
      await tick(10);
      done = true;
    });
    await queue.idle(7);
    expect(done).toBe(true);
  });
});
