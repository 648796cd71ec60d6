/**
 * Fills the background's fields of the two purchase-control findings from the tab's recent history
 * (rules/README.md, evidence contract):
 *
 * - `untrusted-activation`: how many untrusted activations of purchase controls this page has seen in
 *   `untrusted_activation_window_ms` (`count`, `windowMs`). The sensor sends one event at a time.
 * - `purchase-cadence`: the sensor sends each *trusted* click on a purchase control (its time, point and
 *   the browser's click count); here the clicks in `purchase_window_ms` become rate and regularity
 *   (`actions`, `ratePerSec`, `intervalCv`, `minIntervalMs`) and `samePointRepeats`: consecutive clicks
 *   faster than a double click at the same point whose click count did not rise. A real mouse makes the
 *   browser count 1, 2, 3…; CDP/WebDriver input (Puppeteer's `page.click`) says 1 every time. Chromium stops
 *   counting at 3 (a person hammering the button gets 1, 2, 3, 3, 3…), so a count that stays at 3 or more after
 *   climbing there is still counting, not a repeat: before, a person's six fast clicks made SAQ-CAD-003 in both
 *   browsers (review of stop 54). A driver that says 3 every time never climbed, and is counted.
 */
import type { Finding } from '../shared/findings.ts';
import { inWindow, seriesStats } from './series.ts';
import type { SignalProfile } from './signal-profile.ts';

/** Where in the page the person (or the driver) clicked, per the sensor's evidence. */
interface Click {
  time: number;
  x: number;
  y: number;
  detail: number;
  pointer: string;
}

const SAME_POINT_PX = 2;
/** Where Chromium stops counting a run of clicks: it reports 3 for every click past the third. */
const CAPPED_CLICK_COUNT = 3;

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The event's own time when the sensor gave it (sub-millisecond, unaffected by message delays). */
function clickOf(finding: Finding): Click {
  const e = finding.evidence;
  return {
    time: num(e.eventTime, finding.at),
    x: num(e.x, Number.NaN),
    y: num(e.y, Number.NaN),
    detail: num(e.detail, 0),
    pointer: typeof e.pointer === 'string' ? e.pointer : '',
  };
}

export function samePointRepeats(clicks: readonly Click[], doubleClickMs: number): number {
  let repeats = 0;
  // Whether the run of clicks at this point climbed to the cap (1, 2, 3): only then is a count held there the
  // browser's own cap, not a driver that says 3 every time.
  let climbed = false;
  for (let i = 1; i < clicks.length; i++) {
    const before = clicks[i - 1]!;
    const after = clicks[i]!;
    const pointerClicks = before.pointer !== 'keyboard' && after.pointer !== 'keyboard' && before.detail >= 1 && after.detail >= 1;
    const samePoint = Math.abs(after.x - before.x) <= SAME_POINT_PX && Math.abs(after.y - before.y) <= SAME_POINT_PX;
    const inRun = pointerClicks && samePoint && after.time - before.time < doubleClickMs;
    if (!inRun) {
      climbed = false;
      continue;
    }
    const rising = after.detail > before.detail;
    if (rising && after.detail >= CAPPED_CLICK_COUNT) climbed = true;
    const capped = climbed && before.detail >= CAPPED_CLICK_COUNT && after.detail >= CAPPED_CLICK_COUNT;
    if (!rising && !capped) {
      repeats++;
      climbed = false;
    }
  }
  return repeats;
}

export function countUntrustedActivation(finding: Finding, history: readonly Finding[], profile: SignalProfile): Finding {
  const windowMs = profile.threshold('untrusted_activation_window_ms');
  const times = history.filter((f) => f.kind === 'untrusted-activation').map((f) => f.at);
  const count = inWindow([...times, finding.at], finding.at, windowMs).length;
  return { ...finding, evidence: { ...finding.evidence, count, windowMs } };
}

export function measureCadence(finding: Finding, history: readonly Finding[], profile: SignalProfile): Finding {
  const windowMs = profile.threshold('purchase_window_ms');
  const latest = clickOf(finding);
  const clicks = [...history.filter((f) => f.kind === 'purchase-cadence').map(clickOf), latest]
    .filter((c) => c.time <= latest.time && latest.time - c.time < windowMs)
    .sort((a, b) => a.time - b.time);
  const stats = seriesStats(clicks.map((c) => c.time));
  return {
    ...finding,
    evidence: {
      ...finding.evidence,
      actions: stats.count,
      windowMs,
      ratePerSec: stats.ratePerSec,
      intervalCv: stats.intervalCv,
      minIntervalMs: stats.minIntervalMs,
      samePointRepeats: samePointRepeats(clicks, profile.threshold('purchase_double_click_ms')),
    },
  };
}
