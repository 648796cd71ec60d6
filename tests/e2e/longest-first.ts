/**
 * The order end-to-end files start in when two run side by side: longest first, so the run does not end
 * with one long file alone on the machine. Vitest orders by the durations it cached from an earlier run, and
 * CI starts from a clean checkout with no cache: it then runs larger files first, and the hostile-pages file
 * (1.6 KB, its groups in tests/e2e/hostile/, ~170 s) came last. The seconds below are one CI run's (clean
 * clone of 9ca8735, Chromium 156, Firefox ESR 153, files one at a time); they decide only the order, so a
 * stale figure costs minutes of wall time at worst, never a result. A file not listed is weighed by its size.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const MEASURED_SECONDS: Readonly<Record<string, number>> = {
  'lifecycle.e2e.ts': 181,
  'hostile-pages.e2e.ts': 173,
  'sensors-main-exfiltration.e2e.ts': 128,
  'sensors-rest-checkout.e2e.ts': 124,
  'sensors-main-injection.e2e.ts': 98,
  'sensors-main-tamper.e2e.ts': 78,
  'sensors-rest-network.e2e.ts': 78,
  'ui-pages.e2e.ts': 52,
  'sensors-rest-activation.e2e.ts': 51,
  'sensors-main-keylogger.e2e.ts': 50,
  'ui-screenshots.e2e.ts': 42,
  'sensors-main-automation.e2e.ts': 40,
  'ui-warning.e2e.ts': 40,
  'privacy.e2e.ts': 37,
  'sensors-rest-cadence.e2e.ts': 36,
  'sensors-rest-quantity.e2e.ts': 31,
  'vertical-slice.e2e.ts': 28,
  'sensors-rest-inventory.e2e.ts': 19,
  'document-start.e2e.ts': 18,
  'attribution-timers.e2e.ts': 16,
  'sensors-rest-exfil.e2e.ts': 15,
  'feed.e2e.ts': 12,
};

/** Bytes of test file per second of run, read off the same run (the exfiltration file: 47.7 KB, 128 s). */
const BYTES_PER_SECOND = 370;

export function expectedSeconds(file: string): number {
  const measured = MEASURED_SECONDS[basename(file)];
  if (measured !== undefined) return measured;
  try {
    return statSync(file).size / BYTES_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Vitest's order for unit files; e2e files longest first. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // The e2e files keep the places Vitest gave the project; only their order among themselves changes.
    const places = sorted.flatMap((spec, i) => (spec.project.name === 'e2e' ? [i] : []));
    const e2e = places.map((i) => sorted[i]!).sort((a, b) => expectedSeconds(b.moduleId) - expectedSeconds(a.moduleId));
    places.forEach((place, k) => (sorted[place] = e2e[k]!));
    return sorted;
  }
}
