import { describe, expect, it } from 'vitest';
import { DAY, NOW, TestFeed, makeKey, rootPayload, signDoc, signer } from './fixtures.ts';
import type { TestKey } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import type { FeedErrorCode } from '../../../src/shared/feed/errors.ts';
import { PENDING_ROOTS_DELAY_MS } from '../../../src/shared/feed/backoff.ts';

type Case = {
  name: string;
  threshold: number;
  keep: number;
  add: number;
  sign: (old: TestKey[], next: TestKey[]) => TestKey[];
  expect: 'ok' | FeedErrorCode;
};

// Old root: 2-of-3 keys [a, b, c]. New root keeps `keep` old keys, adds `add` fresh ones.
const CASES: Case[] = [
  {
    name: 'all keys rotated, old 2 + new 2 sign',
    threshold: 2,
    keep: 0,
    add: 3,
    sign: (o, n) => [o[0]!, o[1]!, n[0]!, n[1]!],
    expect: 'ok',
  },
  {
    name: 'not signed by enough old keys',
    threshold: 2,
    keep: 0,
    add: 3,
    sign: (o, n) => [o[0]!, n[0]!, n[1]!],
    expect: 'THRESHOLD_NOT_MET',
  },
  {
    name: 'not signed by enough new keys',
    threshold: 2,
    keep: 0,
    add: 3,
    sign: (o, n) => [o[0]!, o[1]!, n[0]!],
    expect: 'THRESHOLD_NOT_MET',
  },
  { name: 'one key rotated, 2 kept keys sign both roles', threshold: 2, keep: 2, add: 1, sign: (o) => [o[0]!, o[1]!], expect: 'ok' },
  { name: 'threshold up to 3 with 3 new sigs', threshold: 3, keep: 3, add: 0, sign: (o) => [o[0]!, o[1]!, o[2]!], expect: 'ok' },
  { name: 'threshold up to 3 with only 2 sigs', threshold: 3, keep: 3, add: 0, sign: (o) => [o[0]!, o[1]!], expect: 'THRESHOLD_NOT_MET' },
  { name: 'threshold down to 1 signed by 2 old', threshold: 1, keep: 3, add: 0, sign: (o) => [o[0]!, o[1]!], expect: 'ok' },
  { name: 'threshold down to 1 signed by 1 old', threshold: 1, keep: 3, add: 0, sign: (o) => [o[0]!], expect: 'THRESHOLD_NOT_MET' },
];

describe('E. root rotation and key lifecycle', () => {
  it.each(CASES)('#34 rotation table: $name', async (c) => {
    const { feed, client } = await syncedFeed();
    const fresh = await Promise.all(Array.from({ length: c.add }, (_, i) => makeKey(`fresh-${c.name}-${i}`)));
    const nextKeys = [...feed.keys.root.slice(0, c.keep), ...fresh];
    const bytes = await signDoc(
      'root',
      rootPayload({ ...feed.rootSpec, version: 2, root: { keys: nextKeys, threshold: c.threshold } }),
      c.sign(feed.keys.root, fresh.length ? fresh : nextKeys).map((k) => signer(k)),
    );
    feed.mirror.put('root/2.root.json', bytes);
    if (c.expect === 'ok') {
      await expectAccepted(client, 2);
      expect(client.status().rootVersion).toBe(2);
    } else {
      await expectRejected(feed, client, c.expect);
    }
  });

  it('#34 3-of-5 all keys rotated through an intermediate root', async () => {
    const { feed, client } = await syncedFeed();
    const five = await Promise.all([0, 1, 2, 3, 4].map((i) => makeKey(`five-${i}`)));
    await feed.rotateRoot({ root: { keys: five, threshold: 3 } });
    const mid = [...five.slice(0, 2), ...(await Promise.all([0, 1, 2].map((i) => makeKey(`mid-${i}`))))];
    await feed.rotateRoot({ root: { keys: mid, threshold: 3 } }, [...five.slice(0, 3), ...mid.slice(2, 5)]);
    const last = await Promise.all([0, 1, 2, 3, 4].map((i) => makeKey(`last-${i}`)));
    await feed.rotateRoot({ root: { keys: last, threshold: 3 } }, [...mid.slice(0, 3), ...last.slice(0, 3)]);
    await expectAccepted(client, 2);
    expect(client.status().rootVersion).toBe(4);
  });

  it('#35 non-consecutive root: N+2 content at the N+1 path', async () => {
    const { feed, client } = await syncedFeed();
    feed.mirror.put(
      'root/2.root.json',
      await signDoc(
        'root',
        rootPayload({ ...feed.rootSpec, version: 3 }),
        feed.keys.root.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'VERSION_MISMATCH');
  });

  it('#36 same-version root with different keys', async () => {
    const { feed, client } = await syncedFeed();
    const other = await makeKey('other-ts');
    feed.mirror.put(
      'root/2.root.json',
      await signDoc(
        'root',
        rootPayload({ ...feed.rootSpec, version: 1, timestamp: { keys: [other], threshold: 1 } }),
        feed.keys.root.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'VERSION_MISMATCH');
  });

  it('#37 endless root chain stops at 32 per refresh, keeps what it verified and goes on soon; huge root rejected', async () => {
    const { feed, client } = await syncedFeed();
    for (let i = 0; i < 40; i++) await feed.rotateRoot({});
    const first = await client.refresh();
    expect(first).toEqual({ ok: true, changed: true, rulesVersion: 2, more: true });
    expect(client.status()).toMatchObject({ rootVersion: 1, pendingRootVersion: 33, lastError: null });
    expect(client.nextRefreshDelayMs()).toBe(PENDING_ROOTS_DELAY_MS);
    await expectAccepted(client, 2);
    expect(client.status().rootVersion).toBe(41);
    expect(client.status().pendingRootVersion).toBeUndefined();
    expect(client.nextRefreshDelayMs()).toBeGreaterThan(PENDING_ROOTS_DELAY_MS);
    const huge = rootPayload({ ...feed.rootSpec, version: 42 });
    huge.padding = 'x'.repeat(70 * 1024);
    feed.mirror.put(
      'root/42.root.json',
      await signDoc(
        'root',
        huge,
        feed.keys.root.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'TOO_LARGE');
  });

  describe('#37 a chain longer than one refresh, whose batch ends on a root the pointer cannot be checked under', () => {
    // Before: the refresh checked the pointer under root 33, failed, saved nothing, and every later
    // refresh walked the same 32 roots and failed the same way: the device never caught up.
    it('the timestamp key rotated past the batch: caught up on the next refresh, across a restart', async () => {
      const { feed, client } = await syncedFeed();
      const lateTimestamp = await makeKey('ts-late');
      for (let i = 0; i < 40; i++) await feed.rotateRoot(i === 35 ? { timestamp: { keys: [lateTimestamp], threshold: 1 } } : {});
      const rules = await feed.publishRules({ version: 3 });
      await feed.publishPointer({ version: 3, rules: { version: 3, bytes: rules } }, [lateTimestamp]);
      expect(await client.refresh()).toMatchObject({ ok: true, rulesVersion: 2, more: true });
      expect(client.active()?.version, 'the rules in force stay until the pointer verifies').toBe(2);
      // A restarted worker: the pending roots come back from storage, verified again.
      const restarted = feed.client();
      await restarted.load();
      expect(restarted.status()).toMatchObject({ rootVersion: 1, pendingRootVersion: 33 });
      await expectAccepted(restarted, 3);
      expect(restarted.status()).toMatchObject({ rootVersion: 41, lastError: null });
      expect(restarted.status().pendingRootVersion).toBeUndefined();
    });

    it('the batch ends on an expired intermediate root: fine, as any intermediate root', async () => {
      const { feed, client } = await syncedFeed();
      for (let i = 0; i < 40; i++)
        await feed.rotateRoot(i === 31 ? { expires: NOW - DAY, issued: NOW - 2 * DAY } : { expires: NOW + 100 * DAY });
      await feed.release(3);
      expect(await client.refresh()).toMatchObject({ ok: true, more: true });
      await expectAccepted(client, 3);
      expect(client.status().rootVersion).toBe(41);
    });

    it('stored pending roots that do not verify are dropped, the rest of the stored state kept', async () => {
      const { feed, client } = await syncedFeed();
      for (let i = 0; i < 40; i++) await feed.rotateRoot({});
      await client.refresh();
      const stored = JSON.parse(feed.storage.snapshot()!) as { pendingRoots: { version: number; text: string }[] };
      const entry = stored.pendingRoots[5]!;
      const tampered = entry.text.replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === 'A' ? 'B' : 'A'}`);
      expect(tampered).not.toBe(entry.text);
      entry.text = tampered;
      await feed.storage.set(stored as never);
      const restarted = feed.client();
      await restarted.load();
      expect(restarted.status()).toMatchObject({ rootVersion: 1, rulesVersion: 2, lastError: null });
      expect(restarted.status().pendingRootVersion).toBeUndefined();
      await expectAccepted(restarted, 2);
      await expectAccepted(restarted, 2);
      expect(restarted.status().rootVersion).toBe(41);
    });
  });

  it('#38 intermediate root expired is fine; final root expired is ROOT_EXPIRED', async () => {
    const { feed, client } = await syncedFeed();
    await feed.rotateRoot({ expires: NOW - DAY, issued: NOW - 2 * DAY });
    await feed.rotateRoot({ expires: NOW + 100 * DAY });
    await expectAccepted(client, 2);
    expect(client.status().rootVersion).toBe(3);
    await feed.rotateRoot({ expires: NOW - DAY, issued: NOW - 2 * DAY });
    await expectRejected(feed, client, 'ROOT_EXPIRED');
  });

  it('#39 persist-before-verify: a fault at every step leaves storage and memory unchanged', async () => {
    const { feed, client } = await syncedFeed();
    const rotated = await makeKey('ts-39');
    await feed.rotateRoot({ timestamp: { keys: [rotated], threshold: 1 } });
    const bytes = await feed.publishRules({ version: 3 });
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes } }, [rotated]);
    const steps = ['root/2.root.json', 'root/3.root.json', 'timestamp.json', 'rules/'];
    for (const step of steps) {
      const crashing = feed.client({
        fetch: async (url, init) => {
          if (url.includes(step)) throw new Error('service worker terminated');
          return feed.mirror.fetch(url, init);
        },
      });
      await expectRejected(feed, crashing, 'NETWORK');
    }
    await expectAccepted(client, 3);
    const restarted = feed.client();
    await restarted.load();
    expect(restarted.status()).toMatchObject({ rootVersion: 2, rulesVersion: 3, lastError: null });
  });

  it('#40 revoked rules key still signing (unexpired)', async () => {
    const { feed, client } = await syncedFeed();
    const k2 = await makeKey('rules-40');
    await feed.rotateRoot({ rules: { keys: [k2], threshold: 1 } });
    await feed.release(3); // signed by the revoked key
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // even the current (unchanged) v2 blob, signed by the revoked key, is refused after rotation
    await feed.publishPointer({ version: 4, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#41 below-threshold root compromise tries to rotate root', async () => {
    const { feed, client } = await syncedFeed();
    const evil = await makeKey('evil');
    await feed.rotateRoot({ root: { keys: [evil], threshold: 1 } }, [feed.keys.root[0]!, evil]);
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#42 bundled root newer than stored is adopted; never downgraded', async () => {
    const feed = await TestFeed.create();
    const client = feed.client();
    await feed.release(2);
    await expectAccepted(client, 2);
    const ts2 = await makeKey('ts-42');
    const root2 = await feed.rotateRoot({ timestamp: { keys: [ts2], threshold: 1 } });
    const rules3 = await feed.publishRules({ version: 3 });
    const ptr3 = await feed.publishPointer({ version: 1, rules: { version: 3, bytes: rules3 } }, [ts2]);
    feed.mirror.files.delete('root/2.root.json'); // the mirror is unreachable/old: recovery is out-of-band
    const updated = feed.client({ bundled: { root: root2, pointer: ptr3, rules: rules3 } });
    await updated.load();
    expect(updated.status()).toMatchObject({ rootVersion: 2, rulesVersion: 3, pointerVersion: 1 });
    // the old bundle again (downgrade) with a storage that already went past it keeps root 2
    await expectAccepted(updated, 3);
    const downgraded = feed.client();
    await downgraded.load();
    expect(downgraded.status().rulesVersion).toBe(3);
  });
});
