import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRelay, MAX_QUEUE, URGENT_BURST } from '../../../src/content/isolated/relay.ts';
import type { Finding } from '../../../src/shared/findings.ts';
import type { FindingsCStoBG } from '../../../src/shared/protocol.ts';

// The browser's uncancellable timer (content/timer.ts) as setTimeout, whose time the tests fake.
vi.mock('../../../src/content/timer.ts', () => ({ after: (ms: number, fn: () => void) => void setTimeout(fn, ms) }));

const helper = { type: 'script', url: 'https://helper-cdn.test/quiet.js' } as const;
const junk = (i: number): Finding => ({ kind: 'script-inserted', actor: helper, evidence: { src: `/static/none-${i}.js` }, at: i });
const exfil: Finding = { kind: 'exfiltration', actor: helper, evidence: { url: 'https://api.telegram.org/bot1/sendMessage' }, at: 9 };

/** The first flush is a microtask, the later ones timers. */
async function drain(): Promise<void> {
  await Promise.resolve();
  vi.runAllTimers();
}

function relayWithLog() {
  const sent: FindingsCStoBG[] = [];
  const relay = createRelay('page-1', (message) => sent.push(message));
  const findings = () => sent.flatMap((m) => m.findings);
  return { relay, findings, sent };
}

describe('relay: findings to the background under a flood', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('batches a burst into messages of at most 64 and sends everything below the cap', async () => {
    const { relay, findings, sent } = relayWithLog();
    for (let i = 0; i < 200; i++) relay(junk(i));
    await drain();
    expect(findings()).toHaveLength(200);
    expect(sent.every((m) => m.findings.length <= 64 && m.pageId === 'page-1')).toBe(true);
  });

  it('a thousand findings nobody cares about cannot push out the one that matters, queued after them in the same task', async () => {
    const { relay, findings } = relayWithLog();
    for (let i = 0; i < 2000; i++) relay(junk(i));
    relay(exfil);
    await drain();
    expect(findings()).toContainEqual(exfil);
    expect(findings().length).toBeLessThanOrEqual(MAX_QUEUE);
  });

  it('keeps memory bounded: at most MAX_QUEUE findings per flush window, however many kinds', async () => {
    const { relay, findings } = relayWithLog();
    for (let i = 0; i < 5000; i++) relay({ ...junk(i), actor: { type: 'script', url: `https://helper-cdn.test/${i}.js` } });
    await drain();
    expect(findings()).toHaveLength(MAX_QUEUE);
  });

  it('spreads a flood over several windows: no single flush serialises more than 4 batches', async () => {
    const { relay, sent } = relayWithLog();
    for (let i = 0; i < 1000; i++) relay(junk(i));
    await Promise.resolve(); // the first flush: a microtask at the end of the task, before any timer
    expect(sent.flatMap((m) => m.findings)).toHaveLength(256);
    await drain();
    expect(sent.flatMap((m) => m.findings)).toHaveLength(1000);
  });

  it('after a flush the window starts again: a new flood is admitted up to the cap', async () => {
    const { relay, findings } = relayWithLog();
    for (let i = 0; i < 2000; i++) relay(junk(i));
    await drain();
    for (let i = 0; i < 10; i++) relay(junk(i));
    await drain();
    expect(findings()).toHaveLength(MAX_QUEUE + 10);
  });
});

describe('relay: urgent findings (delivered before a navigation away)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends an urgent finding at the end of the task even within a flush window, where an ordinary one waits for a timer', async () => {
    const { relay, findings } = relayWithLog();
    relay(junk(1));
    await Promise.resolve(); // the first flush opens a 10 ms window
    relay(junk(2));
    await Promise.resolve();
    expect(findings()).toHaveLength(1); // within the window: a timer's
    relay(exfil, true);
    await Promise.resolve();
    expect(findings()).toEqual([junk(1), exfil, junk(2)]); // first, and the queue leaves with it
    vi.runAllTimers();
    expect(findings()).toHaveLength(3);
  });

  it('a flood queued before it cannot keep an urgent finding back or push it out', async () => {
    const { relay, sent } = relayWithLog();
    for (let i = 0; i < 3000; i++) relay(junk(i));
    relay(exfil, true);
    await Promise.resolve();
    expect(sent[0]!.findings[0]).toEqual(exfil);
  });

  it('budgets urgency: a page navigating in a loop gets a few end-of-task flushes, then the window again', async () => {
    const { relay, sent } = relayWithLog();
    relay(junk(0));
    await Promise.resolve();
    for (let task = 1; task <= 3 * URGENT_BURST; task++) {
      relay(junk(task), true);
      await Promise.resolve();
    }
    // The first flush and URGENT_BURST hurried ones; the rest wait for the window's timer, in one message.
    expect(sent).toHaveLength(1 + URGENT_BURST);
    vi.runAllTimers();
    expect(sent.flatMap((m) => m.findings)).toHaveLength(1 + 3 * URGENT_BURST);
    expect(sent).toHaveLength(2 + URGENT_BURST);
  });
});
