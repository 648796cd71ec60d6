import { describe, expect, it } from 'vitest';
import { DAY, NOW } from './fixtures.ts';
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
