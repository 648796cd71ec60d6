/**
 * What the popup and options page make of the background's feed status (src/ui/feed-status.ts), fed
 * with real statuses from the feed client: version, issue and expiry times, last error; stale is never
 * shown as up to date, and an answer of the wrong shape reads as "not checked yet", never as "ok".
 */
import { describe, expect, it } from 'vitest';
import { keepsLastGood, readFeedStatus, UNKNOWN_FEED } from '../../../src/ui/feed-status.ts';
import { DAY, NOW } from './fixtures.ts';
import { expectRejected, syncedFeed } from './helpers.ts';

describe('feed status as the UI reads it', () => {
  it('an accepted update: version, issued, expiry, last check, no error', async () => {
    const { client } = await syncedFeed('view');
    expect(readFeedStatus(client.status())).toEqual({
      state: 'ok',
      rulesVersion: '2',
      issued: '2026-01-09T12:00:00Z',
      expires: '2026-01-17T12:00:00Z', // the earliest expiry: the pointer's
      lastCheck: NOW,
      lastSuccess: NOW,
      error: null,
      clockHint: false,
    });
  });

  it('a refused update keeps the version and names the error; a frozen feed is stale', async () => {
    const { feed, client } = await syncedFeed('view2');
    await feed.publishPointer({ version: 3, rules: { version: 1, bytes: feed.rulesBlobs.get(1)! } });
    await expectRejected(feed, client, 'ROLLBACK');
    expect(readFeedStatus(client.status())).toMatchObject({
      state: 'error',
      rulesVersion: '2',
      error: 'ROLLBACK',
    });
    // …and the panel says the last good rules stay in force, not only that the update failed.
    expect(keepsLastGood(readFeedStatus(client.status()))).toBe(true);
    feed.clock = NOW + 8 * DAY;
    expect(readFeedStatus(client.status()).state).toBe('stale');
  });

  it("a mirror's own words never reach the panel: only the error's code does", async () => {
    const { feed, client } = await syncedFeed('view3');
    // Unsigned bytes from a mirror: a field name the error message quotes, with a direction override.
    const SPOOF = 'Saq rules are up to date: you are safe, no need to change passwords \u202Eekaf';
    const envelope = { payloadType: 'application/vnd.saq.pointer+json', payload: '', signatures: [], [SPOOF]: 1 };
    feed.mirror.put('timestamp.json', new TextEncoder().encode(JSON.stringify(envelope)), { etag: '"spoof"' });
    const out = await client.refresh();
    expect(out.ok).toBe(false);
    const view = readFeedStatus(client.status());
    expect(view.state).toBe('error');
    expect(view.error).not.toContain('you are safe');
    expect(view.error).toMatch(/^[A-Z_]+$/);
  });

  it('anything else reads as unknown', () => {
    for (const reply of [undefined, null, 'ok', 42, { state: 'fine' }]) {
      expect(readFeedStatus(reply).state).toBe('unknown');
    }
    expect(readFeedStatus(undefined)).toEqual(UNKNOWN_FEED);
  });
});
