import { describe, expect, it } from 'vitest';
import { DAY, NOW, TestFeed, makeKey, signDoc, signer, pointerPayload, rulesPayload } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import { sha256Hex } from '../../../src/shared/feed/encoding.ts';
import { rulesPath } from '../../../src/shared/feed/pointer.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describe('B. freshness, rollback, freeze, fast-forward', () => {
  it('#11 rules rollback under a newer pointer', async () => {
    const { feed, client } = await syncedFeed();
    await feed.publishPointer({ version: 3, rules: { version: 1, bytes: feed.rulesBlobs.get(1)! } });
    await expectRejected(feed, client, 'ROLLBACK');
  });

  it('#12 pointer rollback (older timestamp.json)', async () => {
    const { feed, client } = await syncedFeed();
    feed.putPointer(feed.bundled.pointer);
    await expectRejected(feed, client, 'ROLLBACK');
  });

  it('#13 rollback across restart and across an update with an older baseline', async () => {
    const feed = await TestFeed.create();
    const rules3 = await feed.release(3);
    const baseline3 = {
      root: feed.bundled.root,
      pointer: await feed.signPointer({ version: 3, rules: { version: 3, bytes: rules3 } }),
      rules: rules3,
    };
    await feed.release(5);
    const first = feed.client();
    await expectAccepted(first, 5);
    // "restart": a new client over the same storage
    const restarted = feed.client();
    await restarted.load();
    expect(restarted.active()?.version).toBe(5);
    // "update" shipping baseline v3: stored v5 still wins, and v4 is a rollback
    const updated = feed.client({ bundled: baseline3 });
    await updated.load();
    expect(updated.active()?.version).toBe(5);
    await feed.publishPointer({ version: 6, rules: { version: 4, bytes: await feed.publishRules({ version: 4 }) } });
    await expectRejected(feed, updated, 'ROLLBACK');
  });

  it('#14 rollback while the local copy is expired', async () => {
    const { feed, client } = await syncedFeed();
    feed.clock = NOW + 60 * DAY; // pointer and rules v2 both expired locally
    expect(client.status().state).toBe('stale');
    await feed.publishPointer({
      version: 1,
      rules: { version: 1, bytes: feed.rulesBlobs.get(1)! },
      issued: NOW + 59 * DAY,
      expires: NOW + 70 * DAY,
    });
    await expectRejected(feed, client, 'ROLLBACK');
  });

  it('#15 equivocation: same version, different bytes', async () => {
    const { feed, client } = await syncedFeed();
    await feed.publishPointer({ version: 2, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! }, minIntervalS: 3600 });
    await expectRejected(feed, client, 'EQUIVOCATION');
    const other2 = await feed.publishRules({ version: 2, body: { different: true } });
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: other2 } });
    await expectRejected(feed, client, 'EQUIVOCATION');
  });

  it('#16 indefinite freeze: stale after pointer expiry, allow rules off after rules expiry', async () => {
    const { feed, client } = await syncedFeed();
    expect(client.status().state).toBe('ok');
    feed.clock = NOW + 8 * DAY; // pointer (7 d) expired, rules (30 d) not
    await expectRejected(feed, client, 'EXPIRED');
    expect(client.status()).toMatchObject({ state: 'stale', staleReasons: ['pointer-expired'] });
    expect(client.active()).toMatchObject({ version: 2, allowRulesActive: true });
    feed.clock = NOW + 31 * DAY;
    await expectRejected(feed, client, 'EXPIRED');
    expect(client.status().staleReasons).toEqual(['pointer-expired', 'rules-expired']);
    expect(client.active()).toMatchObject({ version: 2, allowRulesActive: false });
  });

  it('#17 freeze via HTTP caching: 304 forever', async () => {
    const { feed, client } = await syncedFeed();
    await expectAccepted(client, 2);
    const last = feed.mirror.requests.at(-1)!;
    expect(new Headers(last.init.headers).get('if-none-match')).toBe(`"e${feed.etagCounter}"`);
    feed.clock = NOW + 8 * DAY;
    await expectRejected(feed, client, 'EXPIRED');
    expect(client.status().state).toBe('stale');
  });

  it('#17 freeze via a stale cached copy (the extension sends no If-None-Match; the cache answers the old bytes)', async () => {
    const { feed } = await syncedFeed();
    const client = feed.client({ conditionalRequests: false });
    await expectAccepted(client, 2);
    expect(new Headers(feed.mirror.requests.at(-1)!.init.headers).get('if-none-match')).toBeNull();
    feed.clock = NOW + 8 * DAY; // the same, once-valid pointer keeps coming back
    await expectRejected(feed, client, 'EXPIRED');
    expect(client.status()).toMatchObject({ state: 'stale', staleReasons: ['pointer-expired'] });
  });

  it('#18 expired on arrival', async () => {
    const { feed, client } = await syncedFeed();
    await feed.publishPointer({
      version: 3,
      rules: { version: 2, bytes: feed.rulesBlobs.get(2)! },
      issued: NOW - 9 * DAY,
      expires: NOW - DAY,
    });
    await expectRejected(feed, client, 'EXPIRED');
    await feed.release(4, { issued: NOW - 40 * DAY, expires: NOW - DAY });
    await expectRejected(feed, client, 'EXPIRED');
  });

  it('#19 clock set back cannot revive expired documents', async () => {
    const feed = await TestFeed.create();
    feed.clock = NOW + 12 * DAY;
    await feed.release(3, { issued: NOW + 12 * DAY, expires: NOW + 40 * DAY }, { issued: NOW + 12 * DAY, expires: NOW + 19 * DAY });
    const client = feed.client();
    await expectAccepted(client, 3);
    // A leaked higher-version pointer that was valid only around NOW+1d, replayed with the clock set back.
    feed.clock = NOW + 1.5 * DAY;
    await feed.publishPointer({
      version: 4,
      rules: { version: 3, bytes: feed.rulesBlobs.get(3)! },
      issued: NOW + DAY,
      expires: NOW + 2 * DAY,
    });
    await expectRejected(feed, client, 'EXPIRED');
    // Versions stay monotonic regardless of the clock.
    feed.putPointer(feed.bundled.pointer);
    await expectRejected(feed, client, 'ROLLBACK');
  });

  it('#20 device clock far ahead: stale with a hint, no wipe, recovers', async () => {
    const { feed, client } = await syncedFeed();
    const file = feed.mirror.files.get('timestamp.json')!;
    file.headers = { ...file.headers, date: new Date(NOW).toUTCString() };
    feed.clock = NOW + 730 * DAY;
    await expectRejected(feed, client, 'ROOT_EXPIRED');
    expect(client.status()).toMatchObject({ state: 'stale', clockHint: 'check-clock' });
    expect(client.active()?.version).toBe(2);
    feed.clock = NOW + 1000;
    await expectAccepted(client, 2);
    expect(client.status().state).toBe('ok');
    expect(client.status().clockHint).toBeUndefined();
  });

  it('#21 fast-forward by a compromised key, recovered by rotating that role', async () => {
    const { feed, client } = await syncedFeed();
    // compromised timestamp and rules keys publish 2^53−1
    await feed.release(MAX);
    await expectAccepted(client, MAX);
    const ts2 = await makeKey('ts-new');
    const rules2 = await makeKey('rules-new');
    await feed.rotateRoot({ timestamp: { keys: [ts2], threshold: 1 }, rules: { keys: [rules2], threshold: 1 } });
    const fresh = await feed.publishRules({ version: 1, body: { recovered: true } }, [rules2]);
    await feed.publishPointer({ version: 1, rules: { version: 1, bytes: fresh } }, [ts2]);
    await expectAccepted(client, 1);
    expect(client.status()).toMatchObject({ rootVersion: 2, pointerVersion: 1, state: 'ok' });
    // and the old keys are now worthless
    await feed.release(MAX);
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#22 time fast-forward: issued in year 3000 moves timeFloor by at most 24 h; reset on rotation', async () => {
    const { feed, client } = await syncedFeed();
    const y3000 = Date.UTC(3000, 0, 1);
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! }, issued: y3000, expires: y3000 + DAY });
    await expectAccepted(client, 2);
    expect(feed.storage.value!.floors.timestamp).toBe(NOW + DAY);
    const ts2 = await makeKey('ts-rotated');
    await feed.rotateRoot({ timestamp: { keys: [ts2], threshold: 1 } });
    await feed.publishPointer({ version: 1, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! }, issued: NOW }, [ts2]);
    await expectAccepted(client, 2);
    expect(feed.storage.value!.floors.timestamp).toBe(NOW);
  });

  it('#22b a bundled baseline issued in year 3000 moves the clock floor by at most 24 h: later updates still verify', async () => {
    const feed = await TestFeed.create('future-bundle');
    const y3000 = Date.UTC(3000, 0, 1);
    // A release built on a machine whose clock (or --issued) was wrong, shipped as the extension's baseline.
    const rules = await feed.publishRules({ version: 1, issued: y3000, expires: y3000 + 30 * DAY });
    const pointer = await feed.publishPointer({ version: 1, rules: { version: 1, bytes: rules }, issued: y3000, expires: y3000 + 7 * DAY });
    feed.bundled = { ...feed.bundled, rules, pointer };
    await feed.release(2);
    const client = feed.client();
    await client.load();
    expect(client.active()?.version).toBe(1);
    // Before the cap the device's clock became year 3000 and every later pointer was EXPIRED: frozen on v1.
    await expectAccepted(client, 2);
    expect(feed.storage.value!.floors.rules).toBeLessThanOrEqual(NOW + DAY);
  });

  it.each([
    ['0', '0', 'BAD_PAYLOAD'],
    ['negative', '-1', 'BAD_PAYLOAD'],
    ['float', '3.0', 'BAD_JSON'],
    ['string', '"3"', 'BAD_PAYLOAD'],
    ['exponent', '1e3', 'BAD_JSON'],
    ['2^53+1', '9007199254740993', 'BAD_JSON'],
  ] as const)('#23 version abuse: %s', async (_name, raw, code) => {
    const { feed, client } = await syncedFeed();
    const payload = JSON.stringify(await pointerPayload({ version: 777, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } })).replace(
      '"version":777',
      `"version":${raw}`,
    );
    feed.putPointer(
      await signDoc(
        'timestamp',
        payload,
        feed.keys.timestamp.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, code);
  });
});

describe('#23 numbers in a rules payload: decimal fractions only inside the body', () => {
  it.each([
    ['a decimal threshold in the body is accepted', '"body":{"thresholds":{"x":0.08}}', 'accepted'],
    ['a fractional rules version is refused', '"version":3.0', 'BAD_JSON'],
    ['an exponent in the body is refused', '"body":{"thresholds":{"x":8e-2}}', 'BAD_JSON'],
    ['an unsafe number in the body is refused', '"body":{"thresholds":{"x":9007199254740993.5}}', 'BAD_JSON'],
  ] as const)('%s', async (_name, raw, expected) => {
    const { feed, client } = await syncedFeed();
    const text = JSON.stringify(rulesPayload({ version: 3, body: { thresholds: { x: 1 } } }))
      .replace('"version":3', raw.startsWith('"version"') ? raw : '"version":3')
      .replace('"body":{"thresholds":{"x":1}}', raw.startsWith('"body"') ? raw : '"body":{"thresholds":{"x":1}}');
    const bytes = await signDoc(
      'rules',
      text,
      feed.keys.rules.map((k) => signer(k)),
    );
    feed.mirror.put(rulesPath(3, await sha256Hex(bytes)), bytes);
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes } });
    if (expected === 'accepted') await expectAccepted(client, 3);
    else await expectRejected(feed, client, expected);
  });
});
