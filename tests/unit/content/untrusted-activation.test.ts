import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventHandler, IsolatedSensorContext } from '../../../src/content/isolated/sensor.ts';
import type { MatchedControl } from '../../../src/content/isolated/controls.ts';
import { announces } from '../../../src/content/isolated/dispatch-announcements.ts';
import { untrustedActivationSensor } from '../../../src/content/sensors/untrusted-activation.isolated.ts';
import type { Actor, EvidenceValue } from '../../../src/shared/findings.ts';
import type { SyntheticDispatchMessage } from '../../../src/shared/page-protocol.ts';

// The browser's uncancellable timer (content/timer.ts) as setTimeout, whose time the tests fake.
vi.mock('../../../src/content/timer.ts', () => ({ after: (ms: number, fn: () => void) => void setTimeout(fn, ms) }));

const INLINE: Actor = { type: 'inline', url: 'https://kazcoins.nationalbank.kz/product/1' };
const HASHED: Actor = { ...INLINE, sha256: 'ab'.repeat(32) };
const SCRIPT: Actor = { type: 'script', url: 'https://helper-cdn.test/delayed-dispatch.js' };

/** What the hub gives the sensor: an add-to-cart button, matched. */
const button = {
  tagName: 'BUTTON',
  hasAttribute: (name: string) => name === 'data-action',
  getAttribute: () => 'add-to-cart',
} as unknown as Element;
const control: MatchedControl = { element: button, group: 'purchase', kind: 'add-to-cart' };

/** The sensor installed on a fake context: announcements and events in, findings out, time under the test's hand. */
function installed() {
  const reports: Array<{ actor: Actor; evidence: Record<string, EvidenceValue> }> = [];
  let onSynthetic: ((message: SyntheticDispatchMessage) => void) | undefined;
  let onEvent: EventHandler | undefined;
  const context = {
    signal: new AbortController().signal,
    report: (_kind, actor, evidence) => void reports.push({ actor, evidence }),
    controls: () => new Promise(() => {}),
    mainCaughtUp: async () => undefined,
    sendToMain: () => {},
    placedBy: () => null,
    onMain: (_type, listener) => void (onSynthetic = listener as typeof onSynthetic),
    onEvent: (_types, handler) => void (onEvent = handler),
    onMutations: () => {},
  } satisfies IsolatedSensorContext;
  untrustedActivationSensor.install(context);
  return {
    reports,
    /** `dispatchEvent`'s announcement: the event's own timeStamp. */
    announce: (actor: Actor, at: number) => onSynthetic!({ t: 'synthetic', eventType: 'click', at, actor }),
    /** `click()`'s announcement, after the call: the event was created between `at` and `until`. */
    announceCall: (actor: Actor, at: number, until: number) => onSynthetic!({ t: 'synthetic', eventType: 'click', at, until, actor }),
    /** An untrusted click reaching the ISOLATED world; `timeStamp` is when it was created. */
    click: (timeStamp: number) => onEvent!({ isTrusted: false, type: 'click', timeStamp } as Event, control),
    /** Any untrusted event on any control. */
    event: (type: string, timeStamp: number, on: MatchedControl) => onEvent!({ isTrusted: false, type, timeStamp } as Event, on),
  };
}

/** Let the gathered findings flush (a microtask) after moving the clock. */
async function after(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await Promise.resolve();
}

describe('untrusted activation: naming who clicked', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('names the announced actor at once when the announcement comes before the event', async () => {
    const sensor = installed();
    const now = performance.now();
    sensor.announce({ type: 'script', url: 'https://helper-cdn.test/a.js' }, now);
    sensor.click(now);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([{ type: 'script', url: 'https://helper-cdn.test/a.js' }]);
  });

  it('names another world when no announcement comes within the wait (negative: no page-world actor invented)', async () => {
    const sensor = installed();
    sensor.click(performance.now());
    await after(249);
    expect(sensor.reports).toEqual([]);
    await after(1);
    expect(sensor.reports.map((r) => [r.actor, r.evidence.world])).toEqual([[{ type: 'extension' }, 'other']]);
  });

  it('names an inline actor with its hash from its one announcement (the MAIN world hashes before it announces)', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.click(at);
    await after(40);
    sensor.announce(HASHED, at);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([HASHED]);
  });

  it('names the page-world actor of a click created 50 ms before it was dispatched, and of its dispatch again later', async () => {
    const sensor = installed();
    const created = performance.now();
    await after(50);
    sensor.announce(SCRIPT, created);
    sensor.click(created);
    await after(150);
    sensor.announce(SCRIPT, created);
    sensor.click(created);
    await after(300);
    expect(sensor.reports.map((r) => [r.actor, r.evidence.world])).toEqual([
      [SCRIPT, 'page'],
      [SCRIPT, 'page'],
    ]);
  });

  it('waits its full time for the announcement of an event created long before its dispatch (the port is slow)', async () => {
    const sensor = installed();
    const created = performance.now();
    await after(1_000);
    sensor.click(created);
    await after(100);
    sensor.announce(SCRIPT, created);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([SCRIPT]);
  });

  it("never gives another world's click the announcement of a page dispatch made 2 ms earlier (negative)", async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.announce(SCRIPT, at); // the page's event never reached the control (its propagation was stopped)
    sensor.click(at + 2);
    await after(250);
    expect(sensor.reports.map((r) => [r.actor, r.evidence.world])).toEqual([[{ type: 'extension' }, 'other']]);
  });

  it('names the page-world caller of click(): the event was created during the call, announced after it', async () => {
    const sensor = installed();
    const start = performance.now();
    sensor.click(start + 0.1);
    sensor.announceCall(SCRIPT, start, start + 0.2);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([SCRIPT]);
  });

  it("never gives a click() call's announcement to another world's click created before or after the call (negative)", async () => {
    const sensor = installed();
    const start = performance.now();
    sensor.click(start - 0.5); // another world's, waiting for its announcement
    sensor.announceCall(SCRIPT, start, start + 0.2); // a click() on a disabled button: no event
    sensor.click(start + 1); // another world's, 1 ms after the call
    await after(250);
    expect(sensor.reports.map((r) => [r.actor, r.evidence.count])).toEqual([[{ type: 'extension' }, 2]]);
  });

  it('counts a flood by actor, event and control: one finding each, however the events interleave', async () => {
    const sensor = installed();
    const quantityField = { tagName: 'INPUT', hasAttribute: (name: string) => name === 'data-role', getAttribute: () => 'quantity' };
    const quantity: MatchedControl = { element: quantityField as unknown as Element, group: 'quantity', kind: 'quantity' };
    const now = performance.now();
    sensor.announce(SCRIPT, now); // names the first click only
    for (let i = 0; i < 300; i++) {
      sensor.event('click', now, control);
      sensor.event('input', now + 1 + i, quantity);
      if (i % 3 === 0) sensor.event('click', now + 1 + i, control);
    }
    await after(250);
    const found = sensor.reports.map((r) => [r.actor.type, r.evidence.event, r.evidence.target, r.evidence.count]);
    // The announced click by its script; 64 waited for an announcement and are another world's; the rest unknown.
    expect(found.sort()).toEqual([
      ['extension', 'click', 'button[data-action="add-to-cart"]', 36],
      ['extension', 'input', 'input[data-role="quantity"]', 28],
      ['script', 'click', 'button[data-action="add-to-cart"]', 1],
      ['unknown', 'click', 'button[data-action="add-to-cart"]', 363],
      ['unknown', 'input', 'input[data-role="quantity"]', 272],
    ]);
  });
});

describe('announces: which event an announcement of the MAIN world names', () => {
  const dispatched = { eventType: 'click', at: 1000.1 };
  const called = { eventType: 'click', at: 1000.1, until: 1000.4 };

  it("matches a dispatchEvent announcement to the event's own timeStamp, exactly", () => {
    expect(announces(dispatched, 'click', 1000.1)).toBe(true);
    expect(announces(dispatched, 'click', 1000.2)).toBe(false);
    expect(announces(dispatched, 'click', 1000)).toBe(false);
  });

  it('matches a click() or requestSubmit() announcement to an event created during the call, bounds included', () => {
    expect(announces(called, 'click', 1000.1)).toBe(true);
    expect(announces(called, 'click', 1000.25)).toBe(true);
    expect(announces(called, 'click', 1000.4)).toBe(true);
    expect(announces(called, 'click', 1000)).toBe(false);
    expect(announces(called, 'click', 1000.5)).toBe(false);
  });

  it('never matches another event type', () => {
    expect(announces(dispatched, 'submit', 1000.1)).toBe(false);
    expect(announces(called, 'keydown', 1000.2)).toBe(false);
  });
});
