import { describe, expect, it } from 'vitest';
import { countUntrustedActivation, measureCadence } from '../../../src/background/activation-counts.ts';
import { fakeProfile, finding } from './fakes.ts';

const profile = fakeProfile();

/** A trusted click on "add to cart" as the sensor reports it. */
const click = (time: number, x = 100, y = 40, detail = 1, pointer = 'mouse') =>
  finding('purchase-cadence', Math.round(time), {
    control: 'add-to-cart',
    event: 'click',
    actions: 1,
    eventTime: time,
    x,
    y,
    detail,
    pointer,
  });

function cadenceOf(times: number[], point: (i: number) => [number, number] = () => [100, 40], detail: (i: number) => number = () => 1) {
  const history = [];
  let last = null;
  for (const [i, time] of times.entries()) {
    const [x, y] = point(i);
    last = measureCadence(click(time, x, y, detail(i)), history, profile);
    history.push(last);
  }
  return last!.evidence;
}

describe('untrusted activation count', () => {
  it('counts this page’s untrusted activations inside the window, this one included', () => {
    const history = [finding('untrusted-activation', 0), finding('untrusted-activation', 9_000), finding('script-inserted', 9_500)];
    const counted = countUntrustedActivation(
      finding('untrusted-activation', 12_000, { control: 'add-to-cart', count: 1 }),
      history,
      profile,
    );
    expect(counted.evidence).toMatchObject({ count: 2, windowMs: 10_000, control: 'add-to-cart' });
  });
});

describe('purchase cadence', () => {
  it('catches a driver clicking the same point at a fixed period (Puppeteer page.click in a loop)', () => {
    const evidence = cadenceOf([0, 105, 212, 318, 421, 530, 634, 740]);
    expect(evidence).toMatchObject({ actions: 8, windowMs: 10_000, samePointRepeats: 7 });
    expect(evidence.ratePerSec).toBeGreaterThan(9);
    expect(evidence.intervalCv).toBeLessThan(0.05);
  });

  it('leaves a fast person alone: irregular timing, a slightly different point each time', () => {
    const times = [0, 340, 910, 1180, 1930, 2260, 3100];
    const evidence = cadenceOf(times, (i) => [100 + ((i * 7) % 11), 40 + ((i * 5) % 9)]);
    expect(evidence.samePointRepeats).toBe(0);
    expect(evidence.ratePerSec).toBeLessThan(3);
    expect(evidence.intervalCv).toBeGreaterThan(0.3);
  });

  it('does not count a real double click, where the browser counts 1 then 2', () => {
    const evidence = cadenceOf([0, 180, 900, 1080], undefined, (i) => (i % 2 === 0 ? 1 : 2));
    expect(evidence.samePointRepeats).toBe(0);
  });

  it('does not count a person hammering the button where the browser stops counting at 3 (1, 2, 3, 3, 3, 3)', () => {
    const counts = [1, 2, 3, 3, 3, 3];
    const evidence = cadenceOf([0, 160, 330, 480, 650, 810], undefined, (i) => counts[i]!);
    expect(evidence.samePointRepeats).toBe(0);
    // A count that falls back is a repeat, and a driver that says 3 every time never climbed: each is counted.
    expect(cadenceOf([0, 160, 330, 480], undefined, (i) => [1, 2, 3, 1][i]!).samePointRepeats).toBe(1);
    expect(cadenceOf([0, 160, 330, 480], undefined, () => 3).samePointRepeats).toBe(3);
  });

  it('ignores keyboard activation (no point, click count 0)', () => {
    let history = [] as ReturnType<typeof click>[];
    for (const t of [0, 100, 200, 300]) history = [...history, measureCadence(click(t, 0, 0, 0, 'keyboard'), history, profile)];
    expect(history.at(-1)!.evidence.samePointRepeats).toBe(0);
  });

  it('forgets clicks older than the window', () => {
    const evidence = cadenceOf([0, 100, 200, 20_000]);
    expect(evidence.actions).toBe(1);
  });
});
