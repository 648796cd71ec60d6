import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventHandler, IsolatedSensorContext } from '../../../src/content/isolated/sensor.ts';
import type { MatchedControl } from '../../../src/content/isolated/controls.ts';
import { untrustedActivationSensor } from '../../../src/content/sensors/untrusted-activation.isolated.ts';
import type { Actor, EvidenceValue } from '../../../src/shared/findings.ts';
import type { SyntheticDispatchMessage } from '../../../src/shared/page-protocol.ts';

const INLINE: Actor = { type: 'inline', url: 'https://kazcoins.nationalbank.kz/product/1' };
const HASHED: Actor = { ...INLINE, sha256: 'ab'.repeat(32) };

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
    onMain: (_type, listener) => void (onSynthetic = listener as typeof onSynthetic),
    onEvent: (_types, handler) => void (onEvent = handler),
    onMutations: () => {},
  } satisfies IsolatedSensorContext;
  untrustedActivationSensor.install(context);
  return {
    reports,
    announce: (actor: Actor, at: number, hashPending?: true) =>
      onSynthetic!({ t: 'synthetic', eventType: 'click', at, actor, ...(hashPending ? { hashPending } : {}) }),
    click: (timeStamp: number) => onEvent!({ isTrusted: false, type: 'click', timeStamp } as Event, control),
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
    sensor.click(now + 1);
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

  it('waits past the usual wait for an inline actor whose hash was announced to follow', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.announce(INLINE, at, true);
    sensor.click(at + 1);
    // A busy page: the digest's task runs 600 ms later. The event must not be given to another world.
    await after(600);
    expect(sensor.reports).toEqual([]);
    sensor.announce(HASHED, at);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([HASHED]);
    await after(5_000);
    expect(sensor.reports).toHaveLength(1);
  });

  it('holds an event that came first once its late announcement says a hash follows', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.click(at + 1);
    await after(40);
    sensor.announce(INLINE, at, true);
    await after(900);
    sensor.announce(HASHED, at);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([HASHED]);
  });

  it('gives the inline actor without its hash when the hash never comes', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.announce(INLINE, at, true);
    sensor.click(at);
    await after(1_999);
    expect(sensor.reports).toEqual([]);
    await after(1);
    expect(sensor.reports.map((r) => r.actor)).toEqual([INLINE]);
  });

  it('keeps only the hashed announcement when both arrive before the event', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.announce(INLINE, at, true);
    sensor.announce(HASHED, at);
    sensor.click(at + 2);
    await after(3_000);
    expect(sensor.reports.map((r) => r.actor)).toEqual([HASHED]);
  });

  it('does not let an event waiting for a hash delay the judgement of an unannounced one', async () => {
    const sensor = installed();
    const at = performance.now();
    sensor.announce(INLINE, at, true);
    sensor.click(at);
    await after(100);
    sensor.click(performance.now());
    await after(250);
    expect(sensor.reports.map((r) => r.actor)).toEqual([{ type: 'extension' }]);
    sensor.announce(HASHED, at);
    await after(0);
    expect(sensor.reports.map((r) => r.actor)).toEqual([{ type: 'extension' }, HASHED]);
  });
});
