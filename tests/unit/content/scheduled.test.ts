/**
 * Who scheduled the running callback (src/content/main/scheduled.ts): the wrapper keeps the callback's behaviour,
 * makes its scheduling the running one only while it runs, chains schedulings made inside one, bounds the chain,
 * and takes stacks only within its budget.
 */
import { describe, expect, it } from 'vitest';
import { createScheduling, MAX_CHAIN, STACKS_BURST, type Scheduling } from '../../../src/content/main/scheduled.ts';

/** Stacks as numbered markers; a clock the test moves. */
function scheduling() {
  let made = 0;
  let clock = 0;
  const schedulings = createScheduling(
    () => ({ stack: ++made }),
    () => clock,
  );
  return { schedulings, made: () => made, tick: (ms: number) => (clock += ms) };
}

const marker = (at: Scheduling | null): unknown => (at?.error as { stack?: number } | null | undefined)?.stack;

describe('scheduled callbacks', () => {
  it('calls the callback with its `this`, arguments and result, and makes its scheduling running only meanwhile', () => {
    const { schedulings } = scheduling();
    let seen = null as Scheduling | null;
    const callback = function (this: unknown, a: number, b: number) {
      seen = schedulings.running();
      return [this, a + b];
    };
    const wrapped = schedulings.wrap(callback as (...args: unknown[]) => unknown);
    expect(schedulings.running()).toBeNull();
    const self = {};
    expect(wrapped.call(self, 2, 3)).toEqual([self, 5]);
    expect(marker(seen)).toBe(1);
    expect(schedulings.running()).toBeNull();
  });

  it('puts the scheduling that was running back after a throw, and lets the throw through', () => {
    const { schedulings } = scheduling();
    const outer = schedulings.wrap(() => {
      const before = schedulings.running();
      const inner = schedulings.wrap(() => {
        throw new Error('the page’s');
      });
      expect(() => inner()).toThrow('the page’s');
      return schedulings.running() === before;
    });
    expect(outer()).toBe(true);
    expect(schedulings.running()).toBeNull();
  });

  it('chains a callback scheduled inside another to the one running, and starts a new chain past MAX_CHAIN', () => {
    const { schedulings } = scheduling();
    let last = null as Scheduling | null;
    // An animation loop: each frame scheduled from the last.
    const frame = (left: number): void => {
      last = schedulings.running();
      if (left > 0) schedulings.wrap(() => frame(left - 1))();
    };
    schedulings.wrap(() => frame(MAX_CHAIN + 2))();
    const chain: number[] = [];
    for (let at: Scheduling | null = last; at !== null; at = at.parent) chain.push(marker(at) as number);
    expect(chain.length).toBeLessThanOrEqual(MAX_CHAIN);
    expect(last!.depth).toBe(chain.length - 1);
    // The newest first, each one's parent the one before it.
    expect(chain).toEqual([...chain].sort((a, b) => b - a));
    expect(chain[0]! - chain[chain.length - 1]!).toBe(chain.length - 1);
  });

  it(`takes no stack past ${STACKS_BURST} schedulings at once, and takes them again as the budget refills`, () => {
    const { schedulings, made, tick } = scheduling();
    const seen: Array<Scheduling | null> = [];
    const record = () => seen.push(schedulings.running());
    // Scheduled while the budget lasts; run after it is spent.
    const outer = schedulings.wrap(() => schedulings.wrap(record)());
    for (let i = 0; i < STACKS_BURST + 10; i++) schedulings.wrap(record)();
    expect(made()).toBe(STACKS_BURST);
    // Past the budget, with no scheduling running, the callback is handed on as it is: nothing would be named.
    expect(seen.at(-1)).toBeNull();
    expect(schedulings.wrap(record)).toBe(record);
    // Inside a running scheduling it is still chained, with no stack of its own.
    outer();
    expect(seen.at(-1)).toMatchObject({ error: null, depth: 1 });
    tick(1_000);
    schedulings.wrap(record)();
    expect(seen.at(-1)!.error).not.toBeNull();
  });

  it("gives a message's event the scheduling of the oldest post of its shape, while that event is the current one", () => {
    let made = 0;
    const clock = 0;
    let current: object | undefined;
    const schedulings = createScheduling(
      () => ({ stack: ++made }),
      () => clock,
      () => current,
    );
    schedulings.posted('object:type,qty,');
    schedulings.posted('object:ping,');
    schedulings.posted('object:type,qty,');
    const first = {};
    const other = {};
    const second = {};
    schedulings.delivered(first, 'object:type,qty,');
    schedulings.delivered(other, 'string:hello'); // nobody posted it through the hook (another world's message)
    schedulings.delivered(second, 'object:type,qty,');
    current = first;
    expect(marker(schedulings.running())).toBe(1);
    current = second;
    expect(marker(schedulings.running())).toBe(3);
    current = other;
    expect(schedulings.running()).toBeNull();
    // After the dispatch: no current event, nothing running.
    current = undefined;
    expect(schedulings.running()).toBeNull();
    // A callback the message's handler schedules continues the poster's chain; while it runs, its own comes first.
    current = first;
    const inner = schedulings.wrap(() => schedulings.running());
    current = undefined;
    const ran = inner() as Scheduling;
    expect(marker(ran)).toBe(4);
    expect(marker(ran.parent)).toBe(1);
  });

  it('lets a posted message whose event never came go after 10 s, and keeps the last 32', () => {
    let clock = 0;
    let current: object | undefined;
    let made = 0;
    const schedulings = createScheduling(
      () => ({ stack: ++made }),
      () => clock,
      () => current,
    );
    schedulings.posted('string:late');
    clock += 10_001;
    const late = {};
    schedulings.delivered(late, 'string:late');
    current = late;
    expect(schedulings.running()).toBeNull();
    for (let i = 0; i < 40; i++) schedulings.posted(`number:${i}`);
    const dropped = {};
    const kept = {};
    schedulings.delivered(dropped, 'number:0');
    schedulings.delivered(kept, 'number:39');
    current = dropped;
    expect(schedulings.running()).toBeNull();
    current = kept;
    expect(marker(schedulings.running())).toBe(41);
  });
});
