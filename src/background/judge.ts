/**
 * One batch of findings into a tab's record: the aggregators fill the (bg) evidence fields and derive
 * what raw facts stand for, the rules in force judge every resulting finding, the record keeps both.
 * Pure, so the content-script path and the network observer share exactly one way of judging.
 */
import type { Finding } from '../shared/findings.ts';
import { MAX_STRING } from '../shared/page-protocol.ts';
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
  const judged = aggregate(batch, record.findings, engine.signals, context.traffic);
  const findings = judged.map(keptOf);
  // Judged on the whole text, kept (and shown, and saved) with its first MAX_STRING.
  const verdicts = judged.flatMap((finding, i) => {
    const found = engine.evaluate(finding, context.pageUrl);
    const kept = findings[i]!;
    return kept === finding ? found : found.map((verdict) => ({ ...verdict, finding: kept }));
  });
  return addToRecord(record, findings, verdicts);
}

/**
 * The finding as the tab's record keeps it: a flood's folded code texts (up to MAX_CODE_TEXT) cut to what any
 * other finding may hold, so 500 kept findings stay the size they were and every write of the record with them.
 */
export function keptOf(finding: Finding): Finding {
  const { text } = finding.evidence;
  if (typeof text !== 'string' || text.length <= MAX_STRING) return finding;
  return { ...finding, evidence: { ...finding.evidence, text: text.slice(0, MAX_STRING) } };
}
