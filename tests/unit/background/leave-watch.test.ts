import { describe, expect, it } from 'vitest';
import { createLeaveWatch, subscription } from '../../../src/background/leave-watch.ts';

/** A browser event as the extension API has it: a set of listeners. */
function fakeEvent() {
  const listeners = new Set<() => void>();
  return {
    listeners,
    addListener: (l: () => void) => void listeners.add(l),
    removeListener: (l: () => void) => void listeners.delete(l),
    hasListener: (l: () => void) => listeners.has(l),
  };
}

function setup(records: number[]) {
  const updated = fakeEvent();
  const removed = fakeEvent();
  let answer: (ids: number[]) => void = () => undefined;
  let held = false;
  const watch = createLeaveWatch({
    subscriptions: [subscription(updated, () => undefined), subscription(removed, () => undefined)],
    tabsWithRecords: () => (held ? new Promise<number[]>((resolve) => (answer = resolve)) : Promise.resolve(records)),
  });
  return {
    watch,
    updated,
    removed,
    records,
    hold: () => (held = true),
    answer: (ids: number[]) => answer(ids),
  };
}

describe('watching tabs leave the shop only while a tab has a record', () => {
  it('listens from the start, and stops once storage shows no record', async () => {
    const t = setup([]);
    t.watch.watch();
    expect(t.updated.listeners.size).toBe(1);
    expect(t.removed.listeners.size).toBe(1);
    await t.watch.unwatchIfIdle();
    expect(t.updated.listeners.size).toBe(0);
    expect(t.removed.listeners.size).toBe(0);
  });

  it('keeps listening while any tab has a record', async () => {
    const t = setup([7]);
    t.watch.watch();
    await t.watch.unwatchIfIdle();
    expect(t.updated.listeners.size).toBe(1);
    expect(t.removed.listeners.size).toBe(1);
  });

  it('a shop page starting while the check reads storage keeps the listeners (the check is stale)', async () => {
    const t = setup([]);
    t.watch.watch();
    t.hold();
    const check = t.watch.unwatchIfIdle();
    t.watch.watch(); // a hello: its record is not in the answer the check is waiting for
    t.answer([]);
    await check;
    expect(t.updated.listeners.size).toBe(1);
    expect(t.removed.listeners.size).toBe(1);
  });

  it('adds each listener once, however many pages start', () => {
    const t = setup([1]);
    for (let i = 0; i < 5; i++) t.watch.watch();
    expect(t.updated.listeners.size).toBe(1);
    expect(t.removed.listeners.size).toBe(1);
  });

  it('keeps listening when storage cannot be read (missing a tab leaving costs more than an idle event)', async () => {
    const updated = fakeEvent();
    const watch = createLeaveWatch({
      subscriptions: [subscription(updated, () => undefined)],
      tabsWithRecords: () => Promise.reject(new Error('storage gone')),
    });
    watch.watch();
    await watch.unwatchIfIdle();
    expect(updated.listeners.size).toBe(1);
  });
});
