/**
 * The background's feed updater (src/background/feed-updater.ts) with fake alarms and storage and the
 * real rule engine: what happens at every start, on the alarm, on "check now", across restarts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FEED_ALARM, createFeedUpdater } from '../../../src/background/feed-updater.ts';
import type { FeedUpdater, FeedUpdaterDeps } from '../../../src/background/feed-updater.ts';
import { compiledFor } from '../../../src/background/feed-rules.ts';
import { MIN_DELAY_MS, REGULAR_INTERVAL_MS } from '../../../src/shared/feed/backoff.ts';
import type { Finding } from '../../../src/shared/findings.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';
import { evaluate } from '../../../src/shared/rules/match.ts';
import { feedErrorSentenceKey, GENERIC_SENTENCE_KEY } from '../../../src/ui/feed-error-keys.ts';
import { readFeedStatus, UNLISTED_ERROR } from '../../../src/ui/feed-status.ts';
import { DAY, FEED_ID, NOW, TestFeed, iso, makeKey } from './fixtures.ts';

const BASELINE = JSON.parse(readFileSync(new URL('../../../rules/baseline.json', import.meta.url), 'utf8')) as JsonObject;
const NEW_HOST = 'collector.newly-listed.example';

/** v2 of the rules: the same set plus one exfiltration host (a rule change maintainers publish). */
function withNewHost(body: JsonObject): JsonObject {
  const next = structuredClone(body) as { indicators: { hosts: { rule: string; values: string[] }[] } };
  next.indicators.hosts.push({ rule: 'SAQ-EXF-002', values: [NEW_HOST] });
  return next as unknown as JsonObject;
}

/** v3: an allow rule that silences the foreign-destination warning for one host until it expires. */
function withAllowRule(body: JsonObject, expires: string): JsonObject {
  const next = structuredClone(body) as { rules: unknown[] };
  const sample: Finding = { kind: 'exfiltration', actor: { type: 'page' }, evidence: { url: 'https://allowed.example/x' }, at: 0 };
  next.rules.push({
    id: 'SAQ-ALLOW-901',
    kind: 'exfiltration',
    severity: 'info',
    message: 'rule_allow_test',
    references: [],
    allow: true,
    expires,
    suppresses: ['SAQ-EXF-001'],
    when: { evidence: { url: { url_pattern: ['https://allowed.example/**'] } } },
    samples: { positive: [sample], negative: [{ ...sample, evidence: { url: 'https://other.example/x' } }] },
  });
  return next as unknown as JsonObject;
}

const exfilTo = (host: string): Finding => ({
  kind: 'exfiltration',
  actor: { type: 'script', url: 'https://helper-cdn.test/x.js' },
  evidence: { url: `https://${host}/c`, via: 'fetch', method: 'POST', afterSensitiveRead: false, bytes: 0 },
  at: 0,
});

const PAGE = 'https://kazcoins.nationalbank.kz/kz/';

/** What the background itself would say: the engine the updater hands out, not a fresh compile. */
async function engineSays(updater: FeedUpdater, finding: Finding): Promise<string[]> {
  return (await updater.engine()).evaluate(finding, PAGE).map((v) => v.ruleId);
}

async function ruleIds(updater: FeedUpdater, finding: Finding, now: number): Promise<string[]> {
  const active = await updater.active();
  return evaluate(compiledFor(active!), finding, { pageUrl: 'https://kazcoins.nationalbank.kz/kz/', now }).map((v) => v.ruleId);
}

class FakeBrowser {
  readonly alarms = new Map<string, number>();
  schedule: unknown;
  constructor(readonly feed: TestFeed) {}

  updater(over: Partial<FeedUpdaterDeps> = {}): FeedUpdater {
    return createFeedUpdater({
      fetch: this.feed.mirror.fetch,
      now: () => this.feed.clock,
      random: () => 0.5,
      feedId: FEED_ID,
      bundled: this.feed.bundled,
      mirrors: async () => [this.feed.mirror.base],
      storage: this.feed.storage,
      schedule: {
        get: async () => structuredClone(this.schedule),
        set: async (value) => {
          this.schedule = structuredClone(value);
        },
      },
      alarms: {
        get: async (name) => (this.alarms.has(name) ? { scheduledTime: this.alarms.get(name)! } : undefined),
        create: async (name, { when }) => {
          this.alarms.set(name, when);
        },
      },
      clientVersion: '1.0.0',
      ...over,
    });
  }
}

async function setup(): Promise<{ feed: TestFeed; browser: FakeBrowser }> {
  const feed = await TestFeed.create('bg', undefined, BASELINE);
  return { feed, browser: new FakeBrowser(feed) };
}

describe('H. background feed updater', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('first start: the signed baseline judges at once; the overdue first check picks up v2; the verdict changes after the commit', async () => {
    const { feed, browser } = await setup();
    await feed.release(2, { body: withNewHost(BASELINE) });
    const updater = browser.updater();
    expect((await updater.active())?.version).toBe(1);
    expect(await ruleIds(updater, exfilTo(NEW_HOST), feed.clock)).toEqual(['SAQ-EXF-001']);
    await updater.settled();
    expect(feed.storage.writes).toBe(1);
    expect((await updater.engine()).version).toBe('2');
    expect(await ruleIds(updater, exfilTo(NEW_HOST), feed.clock)).toEqual(['SAQ-EXF-002', 'SAQ-EXF-001']);
    expect(browser.alarms.get(FEED_ALARM)).toBe(NOW + REGULAR_INTERVAL_MS);
    expect(await updater.status()).toMatchObject({ state: 'ok', rulesVersion: 2, lastError: null, lastCheck: NOW });
  });

  it('#53 a lost alarm is recreated at start for the saved time; an overdue check runs at start', async () => {
    const { feed, browser } = await setup();
    await browser.updater().settled();
    const nextAt = browser.alarms.get(FEED_ALARM)!;
    browser.alarms.clear(); // browser restart / extension reload lost it
    feed.clock += 60_000;
    const fetches = feed.mirror.requests.length;
    await browser.updater().settled();
    expect(browser.alarms.get(FEED_ALARM)).toBe(nextAt);
    expect(feed.mirror.requests.length).toBe(fetches); // not due yet: no network
    // A start after the due time (the worker slept through it) checks at once.
    browser.alarms.clear();
    feed.clock = nextAt + 1;
    await browser.updater().settled();
    expect(feed.mirror.requests.length).toBeGreaterThan(fetches);
    expect(browser.alarms.get(FEED_ALARM)).toBe(feed.clock + REGULAR_INTERVAL_MS);
  });

  it('an existing alarm is kept at start: restarting the worker does not postpone the check', async () => {
    const { feed, browser } = await setup();
    await browser.updater().settled();
    const when = browser.alarms.get(FEED_ALARM);
    feed.clock += 3 * 3600_000;
    await browser.updater().settled();
    expect(browser.alarms.get(FEED_ALARM)).toBe(when);
  });

  it('#33 failures back off and survive a restart; the alarm fires the retry; status keeps the last error', async () => {
    const { feed, browser } = await setup();
    feed.mirror.put('timestamp.json', new Uint8Array(0), {}, 500);
    await browser.updater().settled();
    expect(browser.alarms.get(FEED_ALARM)).toBe(NOW + MIN_DELAY_MS * 0.75); // 1 failure: 15 min, jitter 0.5
    feed.clock = browser.alarms.get(FEED_ALARM)!;
    const restarted = browser.updater(); // the worker was stopped meanwhile
    await restarted.settled(); // due ⇒ checks at start: second failure
    expect(await restarted.status()).toMatchObject({ state: 'error', failures: 2, lastError: { code: 'HTTP_STATUS' } });
    expect(browser.alarms.get(FEED_ALARM)).toBe(feed.clock + MIN_DELAY_MS * 2 * 0.75);
    await feed.release(2, { body: withNewHost(BASELINE) });
    feed.clock = browser.alarms.get(FEED_ALARM)!;
    await restarted.onAlarm(FEED_ALARM);
    expect(await restarted.status()).toMatchObject({ state: 'ok', failures: 0, lastError: null, rulesVersion: 2 });
    await restarted.onAlarm('someone-elses-alarm'); // ignored
  });

  it('a check the alarm started leaves a retry alarm while it runs: a worker stopped mid-fetch is woken again', async () => {
    const { feed, browser } = await setup();
    await browser.updater().settled();
    feed.clock = browser.alarms.get(FEED_ALARM)! - 1000; // the worker starts just before the alarm ...
    let answer: ((response: Response) => void) | undefined;
    const updater = browser.updater({ fetch: () => new Promise<Response>((resolve) => (answer = resolve)) });
    await updater.settled(); // not due at start: no check
    browser.alarms.delete(FEED_ALARM); // ... which fires and is gone
    const checking = updater.onAlarm(FEED_ALARM);
    await vi.waitFor(() => expect(answer).toBeDefined()); // the check waits on the mirror ...
    expect(browser.alarms.get(FEED_ALARM)).toBe(feed.clock + MIN_DELAY_MS); // ... with a retry set
    answer!(new Response('', { status: 500 }));
    await checking;
    expect(await updater.status()).toMatchObject({ failures: 1, lastError: { code: 'HTTP_STATUS' } });
    expect(browser.alarms.get(FEED_ALARM)).toBe(feed.clock + MIN_DELAY_MS * 0.75);
  });

  it('#54 start-up check, alarm and "check now" at once: one network sequence', async () => {
    const { feed, browser } = await setup();
    await feed.release(2, { body: withNewHost(BASELINE) });
    const updater = browser.updater();
    const statuses = await Promise.all([updater.checkNow(), updater.onAlarm(FEED_ALARM), updater.settled()]);
    expect(statuses[0]).toMatchObject({ rulesVersion: 2 });
    expect(feed.storage.writes).toBe(1);
    // start-up sequence (root/2 404, pointer, blob), then check-now's (root/2, pointer unchanged) and the alarm's joins one
    expect(feed.mirror.paths().filter((p) => p === 'timestamp.json').length).toBeLessThanOrEqual(3);
    expect(feed.mirror.paths().filter((p) => p.startsWith('rules/')).length).toBe(1);
  });

  it('#52 a failed storage write keeps the previous engine in force', async () => {
    const { feed, browser } = await setup();
    await feed.release(2, { body: withNewHost(BASELINE) });
    feed.storage.failWrites = true;
    const updater = browser.updater();
    await updater.settled();
    expect((await updater.engine()).version).toBe('1');
    expect(await updater.status()).toMatchObject({ lastError: { code: 'STORAGE' } });
    feed.storage.failWrites = false;
    expect(await updater.checkNow()).toMatchObject({ rulesVersion: 2, lastError: null });
    expect((await updater.engine()).version).toBe('2');
  });

  it('#55 tampered storage at start: the signed baseline judges, the error is reported', async () => {
    const { feed, browser } = await setup();
    await feed.release(2, { body: withNewHost(BASELINE) });
    await browser.updater().settled();
    const text = feed.storage.value!.rules;
    const at = text.indexOf('"payload":"') + 5000; // one base64 character deep inside the signed payload
    feed.storage.value!.rules = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    feed.clock += 60_000; // not due: the start-up load alone decides
    const restarted = browser.updater();
    expect((await restarted.engine()).version).toBe('1');
    expect(await restarted.status()).toMatchObject({ lastError: { code: 'STORED_INVALID' } });
  });

  it('#58 allow rules stop at their own expiry and once the rules payload expires, in the engine too', async () => {
    const { feed, browser } = await setup();
    const allowUntil = NOW + 20 * DAY;
    await feed.release(2, {
      expires: NOW + 10 * DAY,
      body: withAllowRule(BASELINE, new Date(allowUntil).toISOString().replace('.000', '')),
    });
    const updater = browser.updater();
    await updater.settled();
    expect(await ruleIds(updater, exfilTo('allowed.example'), feed.clock)).toEqual([]);
    feed.clock = NOW + 11 * DAY; // rules payload expired, allow entry not yet: a frozen allowlist must not keep working
    expect(await ruleIds(updater, exfilTo('allowed.example'), feed.clock)).toEqual(['SAQ-EXF-001']);
    expect((await updater.active())?.allowRulesActive).toBe(false);
  });

  it('#21 after a rules key rotation, the same version with new content reaches the engine without a restart', async () => {
    const { feed, browser } = await setup();
    await feed.release(2, { body: BASELINE });
    const updater = browser.updater();
    await updater.settled();
    expect(await engineSays(updater, exfilTo(NEW_HOST))).toEqual(['SAQ-EXF-001']); // engine for v2 built and cached
    // The old rules key is retired; the new one legitimately restarts the numbering at the same version.
    const rules2 = await makeKey('bg-rules-rotated');
    await feed.rotateRoot({ rules: { keys: [rules2], threshold: 1 } });
    const blob = await feed.publishRules({ version: 2, body: withNewHost(BASELINE) }, [rules2]);
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: blob } });
    expect(await updater.checkNow()).toMatchObject({ state: 'ok', rulesVersion: 2, rootVersion: 2, lastError: null });
    expect(await engineSays(updater, exfilTo(NEW_HOST))).toEqual(['SAQ-EXF-002', 'SAQ-EXF-001']);
  });

  it('#19 a device clock set back does not revive an expired allow rule, in the engine or the compiled set', async () => {
    const { feed, browser } = await setup();
    // The device clock is what Date.now() reads; the engine must not consult it directly.
    vi.spyOn(Date, 'now').mockImplementation(() => feed.clock);
    await feed.release(2, { body: withAllowRule(BASELINE, iso(NOW + 5 * DAY)), expires: NOW + 30 * DAY });
    let updater = browser.updater();
    await updater.settled();
    expect(await engineSays(updater, exfilTo('allowed.example'))).toEqual([]); // allow rule in force
    // A pointer issued at NOW+6d is accepted: the time floor moves past the allow rule's expiry.
    feed.clock = NOW + 6 * DAY;
    await feed.publishPointer({
      version: 3,
      rules: { version: 2, bytes: feed.rulesBlobs.get(2)! },
      issued: NOW + 6 * DAY,
      expires: NOW + 13 * DAY,
    });
    expect(await updater.checkNow()).toMatchObject({ state: 'ok', pointerVersion: 3 });
    expect(await engineSays(updater, exfilTo('allowed.example'))).toEqual(['SAQ-EXF-001']);
    // The clock is set back to NOW+1d: the running engine still judges by max(now, timeFloor) = NOW+6d…
    feed.clock = NOW + DAY;
    expect(await engineSays(updater, exfilTo('allowed.example'))).toEqual(['SAQ-EXF-001']);
    // …and so does the worker after a restart, which compiles the stored rules afresh.
    updater = browser.updater();
    await updater.settled();
    expect(await engineSays(updater, exfilTo('allowed.example'))).toEqual(['SAQ-EXF-001']);
    expect((await updater.active())?.rules.compiled.rules.has('SAQ-ALLOW-901')).toBe(false);
  });

  it('an unconfigured test build (no mirrors) checks nothing and reports no failure', async () => {
    const { feed, browser } = await setup();
    const updater = browser.updater({ mirrors: async () => [] });
    await updater.settled();
    expect(feed.mirror.requests).toEqual([]);
    expect(await updater.status()).toMatchObject({ state: 'ok', failures: 0, lastError: null, rulesVersion: 1 });
    expect(browser.alarms.get(FEED_ALARM)).toBe(NOW + REGULAR_INTERVAL_MS);
  });

  it('an error that quotes the mirror at length is stored cut: the backoff and the status survive a restart', async () => {
    const { feed, browser } = await setup();
    const envelope = { ['k'.repeat(3000)]: 1, payloadType: 'x'.repeat(3000), payload: '', signatures: [] };
    feed.mirror.put('timestamp.json', new TextEncoder().encode(JSON.stringify(envelope)), {}, 200);
    const updater = browser.updater();
    await updater.settled();
    const failed = await updater.status();
    expect(failed).toMatchObject({ state: 'error', failures: 1 });
    const asked = feed.mirror.paths().length;
    const restarted = browser.updater(); // not due yet: the status comes from the stored record
    await restarted.settled();
    // The record was read back: the backoff holds (a rejected record meant a check at once, every start).
    expect(feed.mirror.paths().length).toBe(asked);
    const kept = await restarted.status();
    expect(kept).toMatchObject({ state: 'error', failures: 1, lastError: { code: failed.lastError!.code } });
    expect(kept.lastError!.message.length).toBeLessThanOrEqual(2048);
    expect(browser.alarms.get(FEED_ALARM)).toBe(NOW + MIN_DELAY_MS * 0.75);
  });

  it('a stored error whose code this version lacks stays unlisted: the panel says the generic sentence, not "network"', async () => {
    const { browser } = await setup();
    // A record written by another version (a code renamed or removed since), not due yet: the status comes from it.
    const lastError = { code: 'A_CODE_OF_ANOTHER_VERSION', message: 'rules are up to date: you are safe' };
    browser.schedule = { nextAt: NOW + 3600_000, lastCheck: NOW - 60_000, lastSuccess: null, lastError, failures: 1 };
    const restarted = browser.updater();
    await restarted.settled();
    const view = readFeedStatus(await restarted.status());
    expect(view).toMatchObject({ state: 'error', rulesVersion: '1', error: UNLISTED_ERROR });
    expect(feedErrorSentenceKey(view.error)).toBe(GENERIC_SENTENCE_KEY);
    // A code it has is still named as stored.
    browser.schedule = {
      nextAt: NOW + 3600_000,
      lastCheck: NOW - 60_000,
      lastSuccess: null,
      lastError: { code: 'TIMEOUT', message: '' },
      failures: 1,
    };
    expect(readFeedStatus(await browser.updater().status()).error).toBe('TIMEOUT');
  });

  it('a corrupted schedule record is ignored (checks at once)', async () => {
    const { feed, browser } = await setup();
    browser.schedule = { nextAt: 'soon', failures: -1 };
    await browser.updater().settled();
    expect(feed.mirror.paths()).toContain('timestamp.json');
  });
});
