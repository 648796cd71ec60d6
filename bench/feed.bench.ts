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
  /** Medians, wall clock. */
  verifyParseMs: number;
  compileMs: number;
  totalMs: number;
  /** The same in CPU time of this process (what an idle machine's wall clock would show). */
  verifyParseCpuMs: number;
  compileCpuMs: number;
  totalCpuMs: number;
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

function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface Once {
  verifyParseMs: number;
  compileMs: number;
  verifyParseCpuMs: number;
  compileCpuMs: number;
}

async function timeOnce(root: Root, bytes: Uint8Array): Promise<Once> {
  const started = performance.now();
  const cpuStarted = cpuNowMs();
  const verified = await verifyRulesBytes(root, bytes, FEED_ID, verifyEd25519);
  const parsed = performance.now();
  const cpuParsed = cpuNowMs();
  compileRuleSet(verified.doc.body, { now: NOW, timeBudgetMs: 60_000 });
  return {
    verifyParseMs: parsed - started,
    compileMs: performance.now() - parsed,
    verifyParseCpuMs: cpuParsed - cpuStarted,
    compileCpuMs: cpuNowMs() - cpuParsed,
  };
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
    const samples: Once[] = [];
    for (let i = 0; i < runs; i++) samples.push(await timeOnce(root, bytes));
    const med = (f: (o: Once) => number): number => median(samples.map(f));
    rows.push({
      label,
      envelopeBytes: bytes.length,
      rules,
      verifyParseMs: med((o) => o.verifyParseMs),
      compileMs: med((o) => o.compileMs),
      totalMs: med((o) => o.verifyParseMs + o.compileMs),
      verifyParseCpuMs: med((o) => o.verifyParseCpuMs),
      compileCpuMs: med((o) => o.compileCpuMs),
      totalCpuMs: med((o) => o.verifyParseCpuMs + o.compileCpuMs),
    });
  }
  return { runs, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runFeedBench({ runs: 5 });
  console.log('verify + parse + compile of a signed rules file (median of 5; CPU time of this process, wall clock in brackets)');
  for (const r of result.rows) {
    console.log(
      `${r.label.padEnd(20)} ${String(r.envelopeBytes).padStart(8)} B ${String(r.rules).padStart(6)} rules  verify+parse ${r.verifyParseCpuMs.toFixed(0)} ms (${r.verifyParseMs.toFixed(0)})  compile ${r.compileCpuMs.toFixed(0)} ms (${r.compileMs.toFixed(0)})  total ${r.totalCpuMs.toFixed(0)} ms (${r.totalMs.toFixed(0)})`,
    );
  }
}
