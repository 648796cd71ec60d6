import { describe, expect, it } from 'vitest';
import { TestFeed } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';

describe('H. lifecycle, storage, scheduling', () => {
  it('#51 killed mid-refresh at every await: no partial state, next run succeeds', async () => {
    const { feed } = await syncedFeed();
    await feed.release(3);
    const before = feed.storage.snapshot();
    // Abort after k fetches (the worker dying between awaits); k = 1..3 covers root, pointer, rules.
    for (let k = 0; k < 3; k++) {
      let calls = 0;
      const dying = feed.client({
        fetch: (url, init) => (calls++ < k ? feed.mirror.fetch(url, init) : new Promise<Response>(() => undefined)),
        deadlineMs: 20,
      });
      await dying.load();
      const out = await dying.refresh();
      expect(out.ok ? 'ok' : out.error.code).toBe('TIMEOUT');
      expect(feed.storage.snapshot()).toBe(before);
    }
    const next = feed.client();
    await expectAccepted(next, 3);
  });

  it('#52 storage.set fails (quota): previous set stays active, error reported', async () => {
    const { feed, client } = await syncedFeed();
    await feed.release(3);
    feed.storage.failWrites = true;
    await expectRejected(feed, client, 'STORAGE');
    feed.storage.failWrites = false;
    await expectAccepted(client, 3);
  });

  it('#53 alarms are the background module’s job; the client exposes the delay to schedule', async () => {
    const { client } = await syncedFeed();
    expect(client.nextRefreshDelayMs()).toBe(6 * 3600_000); // random 0.5 ⇒ exactly 6 h
  });

  it('#54 concurrent refreshes share one network sequence', async () => {
    const { feed, client } = await syncedFeed();
    await feed.release(3);
    const before = feed.mirror.requests.length;
    const outs = await Promise.all([client.refresh(), client.refresh(), client.refresh()]);
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(feed.mirror.requests.length - before).toBe(3); // root/2 (404), timestamp.json, rules blob
    expect(feed.storage.writes).toBe(2);
  });

  it('#55 stored state corrupted or tampered: baseline, reported', async () => {
    const { feed } = await syncedFeed();
    for (const corrupt of [
      () => ((feed.storage.value as unknown as Record<string, unknown>).pointer = 42),
      () => (feed.storage.value!.feedId = 'other'),
      () => (feed.storage.value!.rules = feed.storage.value!.rules.slice(0, -2)),
    ]) {
      const saved = structuredClone(feed.storage.value!);
      corrupt();
      const c = feed.client();
      await c.load();
      expect(c.active()?.version).toBe(1);
      expect(c.status().lastError?.code).toBe('STORED_INVALID');
      feed.storage.value = saved;
    }
    const fresh = await TestFeed.create('fresh');
    const c = fresh.client();
    await c.load();
    expect(c.status()).toMatchObject({ rulesVersion: 1, lastError: null });
  });
});
