/**
 * Verify + parse + compile of a signed rules file of about 1 MB and of the 4 MiB maximum, the path a
 * feed update takes in the service worker: DSSE envelope → Ed25519 threshold → strict JSON parse and
 * payload schema (verifyRulesBytes) → compileRuleSet. The rule set is synthetic and signed with a
 * throwaway test key; nothing here is trusted by a real client.
 */
import { MAX_RULES_BYTES } from '../src/shared/feed/pointer.ts';
import { verifyEd25519 } from '../src/shared/feed/ed25519.ts';
import { verifyRulesBytes } from '../src/shared/feed/documents.ts';
import { parseRootPayload, type Root } from '../src/shared/feed/root.ts';
import type { JsonObject } from '../src/shared/feed/strict-json.ts';
import { compileRuleSet } from '../src/shared/rules/compile.ts';
import { FEED_ID, NOW, makeKey, rootPayload, rulesPayload, signDoc, signer, type TestKey } from '../tests/unit/feed/fixtures.ts';
import { syntheticRuleSet } from './engine.bench.ts';
import { median } from './lib/stats.ts';

export interface FeedBenchRow {
  label: string;
  envelopeBytes: number;
  rules: number;
  verifyParseMs: number;
  compileMs: number;
  totalMs: number;
}

export interface FeedBenchResult {
  runs: number;
  rows: FeedBenchRow[];
}

async function signedRules(key: TestKey, rules: number): Promise<Uint8Array> {
  const body = syntheticRuleSet(rules) as JsonObject;
  return signDoc('rules', rulesPayload({ version: 1, body }), [signer(key)]);
}

/** The largest synthetic set whose signed envelope stays within `targetBytes` (the size grows linearly). */
async function signedRulesOfSize(key: TestKey, targetBytes: number): Promise<{ bytes: Uint8Array; rules: number }> {
  const probe = 1000;
  const perRule = (await signedRules(key, probe)).length / probe;
  let rules = Math.floor(targetBytes / perRule);
  for (;;) {
    const bytes = await signedRules(key, rules);
    if (bytes.length <= targetBytes) return { bytes, rules: rules + 1 }; // + the one behaviour rule
    rules = Math.floor(rules * (targetBytes / bytes.length)) - 1;
  }
}

async function timeOnce(root: Root, bytes: Uint8Array): Promise<{ verifyParseMs: number; compileMs: number }> {
  const started = performance.now();
  const verified = await verifyRulesBytes(root, bytes, FEED_ID, verifyEd25519);
  const parsed = performance.now();
  compileRuleSet(verified.doc.body, { now: NOW, timeBudgetMs: 60_000 });
  return { verifyParseMs: parsed - started, compileMs: performance.now() - parsed };
}

export async function runFeedBench(options: { runs?: number } = {}): Promise<FeedBenchResult> {
  const runs = options.runs ?? 7;
  const key = await makeKey('bench-feed');
  const root = await parseRootPayload(
    rootPayload({
      version: 1,
      root: { keys: [key], threshold: 1 },
      timestamp: { keys: [key], threshold: 1 },
      rules: { keys: [key], threshold: 1 },
    }),
    FEED_ID,
  );
  const targets: [string, number][] = [
    ['1 MiB', 1024 * 1024],
    ['4 MiB (the maximum)', MAX_RULES_BYTES],
  ];
  const rows: FeedBenchRow[] = [];
  for (const [label, target] of targets) {
    const { bytes, rules } = await signedRulesOfSize(key, target);
    await timeOnce(root, bytes); // warm-up: JIT and first-touch allocation
    const verify: number[] = [];
    const compile: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = await timeOnce(root, bytes);
      verify.push(t.verifyParseMs);
      compile.push(t.compileMs);
    }
    rows.push({
      label,
      envelopeBytes: bytes.length,
      rules,
      verifyParseMs: median(verify),
      compileMs: median(compile),
      totalMs: median(verify.map((v, i) => v + compile[i]!)),
    });
  }
  return { runs, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runFeedBench({ runs: 3 }), null, 2));
}
