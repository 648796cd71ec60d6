import { describe, expect, it } from 'vitest';
import { after } from '../../../src/content/timer.ts';

const waited = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('after: a timer page code cannot clear', () => {
  it('runs its function once the time has passed, and once only', async () => {
    let runs = 0;
    after(20, () => runs++);
    expect(runs).toBe(0);
    await waited(60);
    expect(runs).toBe(1);
    await waited(30);
    expect(runs).toBe(1);
  });

  it('has no id for clearTimeout to reach: clearing every id leaves it running', async () => {
    let ran = false;
    after(10, () => (ran = true));
    const last = setTimeout(() => undefined, 0) as unknown as { [Symbol.toPrimitive](): number };
    for (let id = 1; id <= Number(last); id++) clearTimeout(id);
    await waited(50);
    expect(ran).toBe(true);
  });

  it('runs at once (in a task of its own) for a time AbortSignal.timeout would refuse, instead of throwing', async () => {
    const ran: number[] = [];
    for (const ms of [-5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40, 0.4]) expect(() => after(ms, () => ran.push(ms))).not.toThrow();
    expect(ran).toEqual([]);
    await waited(20);
    expect(ran.length).toBe(5);
  });
});
