/**
 * One batch of findings into a tab's record: the aggregators fill the (bg) evidence fields and derive
 * what raw facts stand for, the rules in force judge every resulting finding, the record keeps both.
 * Pure, so the content-script path and the network observer share exactly one way of judging.
 */
import type { Finding } from '../shared/findings.ts';
import { aggregate } from './aggregate.ts';
import type { CartTrafficView } from './derive.ts';
import type { Engine } from './engine.ts';
import { addToRecord, type TabRecord } from './tab-findings.ts';

export function judgeIntoRecord(
  engine: Pick<Engine, 'signals' | 'evaluate'>,
  record: TabRecord,
  batch: readonly Finding[],
  context: { pageUrl: string; traffic: CartTrafficView },
): TabRecord {
  if (batch.length === 0) return record;
  const findings = aggregate(batch, record.findings, engine.signals, context.traffic);
  const verdicts = findings.flatMap((finding) => engine.evaluate(finding, context.pageUrl));
  return addToRecord(record, findings, verdicts);
}
