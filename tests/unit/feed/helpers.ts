/** Shared assertions: a rejected refresh must name its code and change neither memory nor storage. */
import { expect } from 'vitest';
import type { FeedErrorCode } from '../../../src/shared/feed/errors.ts';
import type { FeedClient } from '../../../src/shared/feed/refresh.ts';
import { TestFeed } from './fixtures.ts';
import type { Compiled } from './fixtures.ts';

/** A feed whose client has loaded the baseline and then synced v2 from the mirror (so storage is non-empty). */
export async function syncedFeed(label?: string): Promise<{ feed: TestFeed; client: FeedClient<Compiled> }> {
  const feed = await TestFeed.create(label);
  await feed.release(2);
  const client = feed.client();
  await client.load();
  const out = await client.refresh();
  expect(out).toMatchObject({ ok: true, rulesVersion: 2 });
  expect(feed.storage.writes).toBe(1);
  return { feed, client };
}

export async function expectRejected(feed: TestFeed, client: FeedClient<Compiled>, code: FeedErrorCode): Promise<void> {
  await client.load();
  const version = client.active()?.version;
  const stored = feed.storage.snapshot();
  const writes = feed.storage.writes;
  const out = await client.refresh();
  expect(out.ok ? 'accepted' : out.error.code).toBe(code);
  expect(client.active()?.version).toBe(version);
  expect(feed.storage.snapshot()).toBe(stored);
  expect(feed.storage.writes).toBe(writes);
  expect(client.status().lastError?.code).toBe(code);
}

export async function expectAccepted(client: FeedClient<Compiled>, rulesVersion: number): Promise<void> {
  const out = await client.refresh();
  expect(out.ok ? out.rulesVersion : out.error.message).toBe(rulesVersion);
  expect(client.active()?.version).toBe(rulesVersion);
}
