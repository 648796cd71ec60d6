/**
 * The last lines of every successful run: what was verified or produced, in a fixed, greppable
 * shape. Only values read back from verified documents go here.
 */
import { formatFeedDate } from '../../src/shared/feed/dates.ts';
import type { Io } from './io.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface SummaryItem {
  role: string;
  version: number;
  expires?: number;
  detail?: string;
}

interface Dated {
  version: number;
  expires: number;
}

/** The three links of a verified feed — root, timestamp pointer, rules — as summary lines. */
export function chainItems(root: Dated, pointer: Dated, rules: Dated): SummaryItem[] {
  return [
    { role: 'root', version: root.version, expires: root.expires },
    { role: 'timestamp', version: pointer.version, expires: pointer.expires },
    { role: 'rules', version: rules.version, expires: rules.expires },
  ];
}

export function daysLeft(expires: number, now: number): string {
  const d = (expires - now) / DAY;
  return d < 0 ? `expired ${Math.ceil(-d)} d ago` : `in ${Math.floor(d)} d`;
}

export function printSummary(io: Io, feedId: string, items: readonly SummaryItem[], counts?: string): void {
  io.out('---');
  io.out(`feed ${feedId}`);
  for (const item of items) {
    const exp = item.expires === undefined ? '' : `  expires ${formatFeedDate(item.expires)} (${daysLeft(item.expires, io.now())})`;
    io.out(`${item.role.padEnd(9)} v${item.version}${exp}${item.detail ? `  ${item.detail}` : ''}`);
  }
  if (counts) io.out(counts);
}
