import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DAY, NOW, TestFeed } from './fixtures.ts';
import type { Compiled } from './fixtures.ts';
import { compileFeedRules } from '../../../src/background/feed-rules.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';

describe('I. rule content', () => {
  it('#56 over-budget rules: the compiler refuses, current set stays', async () => {
    const { feed } = await syncedFeed();
    const client = feed.client({
      compile: (body: JsonObject, info) => {
        if (Array.isArray(body.rules) && body.rules.length > 1000) throw new Error('rule count over budget');
        return { body, version: info.version };
      },
    });
    await client.load();
    await feed.release(3, { body: { rules: Array.from({ length: 1001 }, (_, i) => i) } });
    await expectRejected(feed, client, 'COMPILE_FAILED');
  });

  it('#57 min_client too new / unknown schema major', async () => {
    const { feed, client } = await syncedFeed();
    await feed.release(3, { minClient: '2.0.0' });
    await expectRejected(feed, client, 'CLIENT_TOO_OLD');
    await feed.release(4, { schema: 2 });
    await expectRejected(feed, client, 'UNSUPPORTED_SCHEMA');
    await feed.release(5, { minClient: '1.0.0' });
    await expectAccepted(client, 5);
  });

  it('#58 stale allowlist under a freeze: allow rules off once rules expire, even with fresh pointers', async () => {
    const { feed, client } = await syncedFeed();
    await feed.release(3, { expires: NOW + 10 * DAY, body: { allow: ['shop.example'] } });
    await expectAccepted(client, 3);
    expect(client.active()?.allowRulesActive).toBe(true);
    feed.clock = NOW + 11 * DAY;
    // the timestamp key keeps re-signing fresh pointers to the same (expired) rules
    await feed.publishPointer({
      version: 4,
      rules: { version: 3, bytes: feed.rulesBlobs.get(3)! },
      issued: feed.clock - 1000,
      expires: feed.clock + 7 * DAY,
    });
    await expectAccepted(client, 3);
    expect(client.active()).toMatchObject({ version: 3, allowRulesActive: false });
    expect(client.status()).toMatchObject({ state: 'stale', staleReasons: ['rules-expired'] });
  });
});

/** The same rows with the real rule compiler the extension uses (src/background/feed-rules.ts). */
describe('I. rule content, real compiler', () => {
  const baseline = JSON.parse(readFileSync(new URL('../../../rules/baseline.json', import.meta.url), 'utf8')) as JsonObject;
  const realFeed = async () => {
    const feed = await TestFeed.create('real', undefined, baseline);
    const client = feed.client({ compile: (body) => compileFeedRules(body, NOW) as unknown as Compiled });
    await client.load();
    return { feed, client };
  };
  type Rules = { rules: Record<string, unknown>[]; indicators: Record<string, { rule: string; values: string[] }[]> };
  const edit = (change: (b: Rules) => void): JsonObject => {
    const body = structuredClone(baseline) as unknown as Rules;
    change(body);
    return body as unknown as JsonObject;
  };

  it.each([
    [
      'more rules than the count budget (checked before the schema walk)',
      (b: Rules) => void (b.rules = Array.from({ length: 200_001 }, () => ({}))),
    ],
    ['a 1 MB pattern', (b: Rules) => void b.indicators.url_patterns![0]!.values.push(`https://x.example/${'a'.repeat(1_000_000)}`)],
    [
      'a pattern with more wildcards than the budget',
      (b: Rules) => void b.indicators.url_patterns![0]!.values.push(`https://x.example/${'*a'.repeat(40)}`),
    ],
    ['a regular expression where a pattern belongs', (b: Rules) => void (b.rules[0]!.when = { evidence: { url: { regex: '(a+)+$' } } })],
  ])('#56 %s: refused by the client, current set stays', async (_name, change) => {
    const { feed, client } = await realFeed();
    await feed.release(2, { body: edit(change) });
    await expectRejected(feed, client, 'COMPILE_FAILED');
  });

  it('#57 a rule of a kind this client does not know: refused unless marked optional, then skipped', async () => {
    const { feed, client } = await realFeed();
    const first = (baseline as unknown as Rules).rules[0];
    const future = { ...first, id: 'SAQ-FUT-001', kind: 'future-kind' };
    await feed.release(2, { body: edit((b) => void b.rules.push(future)) });
    await expectRejected(feed, client, 'COMPILE_FAILED');
    await feed.release(3, { body: edit((b) => void b.rules.push({ ...future, optional: true })) });
    await expectAccepted(client, 3);
  });
});
