import { describe, expect, it } from 'vitest';
import { FakeMirror, TestFeed, multiFetch, tamperPayload } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import { sha256Hex } from '../../../src/shared/feed/encoding.ts';
import { rulesPath } from '../../../src/shared/feed/pointer.ts';

describe('C. consistency', () => {
  it('#24 mix-and-match: wrong blob at the pointer path; blob version ≠ pointer version', async () => {
    const { feed, client } = await syncedFeed();
    const v3 = await feed.release(3);
    const v2 = feed.rulesBlobs.get(2)!;
    const path3 = rulesPath(3, await sha256Hex(v3));
    feed.mirror.put(path3, v2); // same length, other bytes
    expect(v2.length).toBe(v3.length);
    await expectRejected(feed, client, 'HASH_MISMATCH');
    // pointer (validly) names v3 but the hash of a signed v4 blob: length and hash pass, version does not
    const v4 = await feed.signRules({ version: 4 });
    const sha4 = await sha256Hex(v4);
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: v4 } });
    feed.mirror.put(rulesPath(3, sha4), v4);
    await expectRejected(feed, client, 'VERSION_MISMATCH');
  });

  it('#25 inconsistent mirrors: a bad one cannot block a good one', async () => {
    const good = await TestFeed.create('mirrors');
    const bad = new FakeMirror('https://mirror-b.test/');
    for (const [path, file] of good.mirror.files) bad.files.set(path, file);
    await good.release(3);
    bad.put(
      'timestamp.json',
      tamperPayload(good.mirror.files.get('timestamp.json')!.body, (p) => p.replace('"version":3', '"version":9')),
    );
    const client = good.client({ fetch: multiFetch(bad, good.mirror), mirrors: [bad.base, good.mirror.base] });
    await expectAccepted(client, 3);
    expect(bad.paths()).toContain('timestamp.json');
    // a dead mirror first also only delays
    await good.release(4);
    bad.files.clear();
    bad.put('root/2.root.json', new TextEncoder().encode('oops'), {}, 500);
    await expectAccepted(client, 4);
  });

  it('#26 partial publish: pointer live, blob 404', async () => {
    const { feed, client } = await syncedFeed();
    const v3 = await feed.signRules({ version: 3 });
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: v3 } });
    await expectRejected(feed, client, 'HTTP_STATUS');
    expect(client.status().state).toBe('error');
    feed.mirror.put(rulesPath(3, await sha256Hex(v3)), v3);
    await expectAccepted(client, 3);
  });
});
