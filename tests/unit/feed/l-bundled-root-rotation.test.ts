/**
 * A newer root shipped in an extension update (design row 42) resets the version marks of the roles it
 * rotated, as the same root walked from a mirror does (high-water.ts): the documented recovery after a
 * stolen key signed version 2^53−1 (rules/README.md, "Rotate a key"). Before, the bundled-root path kept a
 * stored document whose signature still verified (ROLLBACK: "rules v2 < v9007199254740991" for ever), and
 * dropped the whole stored state when one did not — the other role's mark with it. A role the bundled root
 * did not rotate keeps its mark. Which roles it rotated is decided as the walk decides, step by step, when the
 * stored pending roots lead to it; with a root in between unknown, by comparing the two ends (trusted-set.ts).
 */
import { describe, expect, it } from 'vitest';
import type { FeedClient } from '../../../src/shared/feed/refresh.ts';
import type { StoredFeedState } from '../../../src/shared/feed/state.ts';
import { MemoryStorage, TestFeed, makeKey } from './fixtures.ts';
import type { Compiled, TestKey } from './fixtures.ts';
import { expectAccepted, expectRejected } from './helpers.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** Root v2 (rules 1-of-[rules, extra]) synced with rules v3 and pointer v3; `extra` is a second rules key. */
async function installed(): Promise<{ feed: TestFeed; extra: TestKey }> {
  const feed = await TestFeed.create();
  const extra = await makeKey('rules-extra');
  await feed.rotateRoot({ rules: { keys: [...feed.keys.rules, extra], threshold: 1 } });
  await feed.release(3);
  await expectAccepted(feed.client(), 3);
  return { feed, extra };
}

/**
 * The extension update: root `spec` as v3, never published to the mirror (the recovery is out of band), with
 * a baseline of rules `rules` (signed by `rulesKeys`) and pointer v1 (signed by `tsKeys`).
 */
async function update(
  feed: TestFeed,
  spec: Parameters<TestFeed['rotateRoot']>[0],
  baseline: { rules: number; rulesKeys: TestKey[]; tsKeys: TestKey[] },
): Promise<ReturnType<TestFeed['client']>> {
  const root = await feed.rotateRoot(spec);
  feed.mirror.files.delete(`root/${feed.rootSpec.version}.root.json`);
  const rules = await feed.signRules({ version: baseline.rules }, baseline.rulesKeys);
  const pointer = await feed.signPointer({ version: 1, rules: { version: baseline.rules, bytes: rules } }, baseline.tsKeys);
  const client = feed.client({ bundled: { root, pointer, rules } });
  await client.load();
  return client;
}

describe('L. a bundled root that rotates a role resets its version mark', () => {
  it('rules: v2^53−1 signed by a key the bundled root rotates out; the recovered v2 is accepted, the pointer mark kept', async () => {
    const { feed } = await installed();
    await feed.release(MAX, {}, { version: 4 }); // the stolen rules key
    await expectAccepted(feed.client(), MAX);
    const fresh = await makeKey('rules-fresh');
    const client = await update(
      feed,
      { rules: { keys: [fresh], threshold: 1 } },
      { rules: 1, rulesKeys: [fresh], tsKeys: feed.keys.timestamp },
    );
    // Only the rules were rotated: the stored pointer v4 stays (it was all dropped, as STORED_INVALID).
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: 1, pointerVersion: 4, lastError: null });
    const recovered = await feed.publishRules({ version: 2 }, [fresh]);
    await feed.publishPointer({ version: 5, rules: { version: 2, bytes: recovered } });
    await expectAccepted(client, 2);
  });

  it('rules: v2^53−1 that still verifies under the bundled root (co-signed by a kept key) no longer holds the mark', async () => {
    const { feed, extra } = await installed();
    await feed.release(MAX, {}, { version: 4 });
    const both = await feed.publishRules({ version: MAX, body: { rules: [] } }, [...feed.keys.rules, extra]);
    await feed.publishPointer({ version: 5, rules: { version: MAX, bytes: both } });
    await expectAccepted(feed.client(), MAX);
    const fresh = await makeKey('rules-fresh');
    const client = await update(
      feed,
      { rules: { keys: [extra, fresh], threshold: 1 } },
      { rules: 1, rulesKeys: [fresh], tsKeys: feed.keys.timestamp },
    );
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: 1, pointerVersion: 5 });
    const recovered = await feed.publishRules({ version: 2 }, [fresh]);
    await feed.publishPointer({ version: 6, rules: { version: 2, bytes: recovered } });
    await expectAccepted(client, 2);
  });

  it('timestamp: pointer v2^53−1 signed by a key the bundled root rotates out; the recovered v2 is accepted, the rules mark kept', async () => {
    const { feed } = await installed();
    await feed.publishPointer({ version: MAX, rules: { version: 3, bytes: feed.rulesBlobs.get(3)! } }); // the stolen key
    const before = feed.client();
    await expectAccepted(before, 3);
    expect(before.status().pointerVersion).toBe(MAX);
    const fresh = await makeKey('ts-fresh');
    const client = await update(
      feed,
      { timestamp: { keys: [fresh], threshold: 1 } },
      { rules: 1, rulesKeys: feed.keys.rules, tsKeys: [fresh] },
    );
    // The stored rules v3 stay, above the bundled v1 (they went back to v1 with the rest of storage).
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: 3, pointerVersion: 1, lastError: null });
    await feed.publishPointer({ version: 2, rules: { version: 3, bytes: feed.rulesBlobs.get(3)! } }, [fresh]);
    await expectAccepted(client, 3);
    expect(client.status().pointerVersion).toBe(2);
  });

  it('timestamp: pointer v2^53−1 that still verifies under the bundled root no longer holds the mark', async () => {
    const feed = await TestFeed.create();
    const extra = await makeKey('ts-extra');
    await feed.rotateRoot({ timestamp: { keys: [...feed.keys.timestamp, extra], threshold: 1 } });
    await feed.release(3);
    await feed.publishPointer({ version: MAX, rules: { version: 3, bytes: feed.rulesBlobs.get(3)! } }, [...feed.keys.timestamp, extra]);
    const before = feed.client();
    await expectAccepted(before, 3);
    expect(before.status().pointerVersion).toBe(MAX);
    const fresh = await makeKey('ts-fresh');
    const client = await update(
      feed,
      { timestamp: { keys: [extra, fresh], threshold: 1 } },
      { rules: 1, rulesKeys: feed.keys.rules, tsKeys: [fresh] },
    );
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: 3, pointerVersion: 1 });
    await feed.publishPointer({ version: 2, rules: { version: 3, bytes: feed.rulesBlobs.get(3)! } }, [fresh]);
    await expectAccepted(client, 3);
    expect(client.status().pointerVersion).toBe(2);
  });

  it('a bundled root that rotates only the timestamp keeps the rules mark: rules v2 below v2^53−1 is still a rollback', async () => {
    const { feed } = await installed();
    await feed.release(MAX, {}, { version: 4 });
    await expectAccepted(feed.client(), MAX);
    const fresh = await makeKey('ts-fresh');
    const client = await update(
      feed,
      { timestamp: { keys: [fresh], threshold: 1 } },
      { rules: 2, rulesKeys: feed.keys.rules, tsKeys: [fresh] },
    );
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: MAX, pointerVersion: 1 });
    const rules2 = await feed.publishRules({ version: 2, body: { rules: [] } });
    await feed.publishPointer({ version: 2, rules: { version: 2, bytes: rules2 } }, [fresh]);
    await expectRejected(feed, client, 'ROLLBACK');
    expect(client.status().lastError?.message).toContain(`rules v2 < v${MAX}`);
  });

  it('a bundled root that rotates only the rules keeps the pointer mark: pointer v2 below v2^53−1 is still a rollback', async () => {
    const { feed } = await installed();
    await feed.publishPointer({ version: MAX, rules: { version: 3, bytes: feed.rulesBlobs.get(3)! } });
    await expectAccepted(feed.client(), 3);
    const fresh = await makeKey('rules-fresh');
    const client = await update(
      feed,
      { rules: { keys: [fresh], threshold: 1 } },
      { rules: 1, rulesKeys: [fresh], tsKeys: feed.keys.timestamp },
    );
    expect(client.status()).toMatchObject({ rootVersion: 3, rulesVersion: 1, pointerVersion: MAX });
    const rules2 = await feed.publishRules({ version: 2 }, [fresh]);
    await feed.publishPointer({ version: 2, rules: { version: 2, bytes: rules2 } });
    await expectRejected(feed, client, 'ROLLBACK');
    expect(client.status().lastError?.message).toContain(`pointer v2 < v${MAX}`);
  });
});

/**
 * Roots 3 (the rules key of installed() removed, `extra` left), 4 (re-added) and 5…`upTo` (unchanged) on the
 * mirror, over a device that holds rules v2^53−1 under root 2. With `upTo` 34 a refresh walks all 32 of them,
 * stops at its batch limit and stores them as pending (root 2 stays current); with `upTo` 4 they stay unseen.
 */
async function keyRemovedAndReAdded(upTo: number): Promise<{ feed: TestFeed; stored: StoredFeedState }> {
  const { feed, extra } = await installed();
  await feed.release(MAX, {}, { version: 4 });
  const client = feed.client();
  await expectAccepted(client, MAX);
  await feed.rotateRoot({ rules: { keys: [extra], threshold: 1 } });
  await feed.rotateRoot({ rules: { keys: [...feed.keys.rules, extra], threshold: 1 } });
  while (feed.rootSpec.version < upTo) await feed.rotateRoot({});
  if (upTo === 34) {
    expect(await client.refresh()).toMatchObject({ ok: true, more: true });
    expect(client.status()).toMatchObject({ rootVersion: 2, pendingRootVersion: 34, rulesVersion: MAX });
  }
  return { feed, stored: JSON.parse(feed.storage.snapshot()) as StoredFeedState };
}

/** A client over its own copy of `stored`: the walk from the mirror (`bundled` absent) or the extension update's. */
async function deviceFrom(feed: TestFeed, stored: StoredFeedState, bundled?: TestFeed['bundled']): Promise<FeedClient<Compiled>> {
  const storage = new MemoryStorage();
  storage.value = structuredClone(stored);
  const client = feed.client({ storage, ...(bundled ? { bundled } : {}) });
  await client.load();
  return client;
}

/** The extension update: root `root` (the rules keys as in root 2) with a baseline of rules v1 and pointer v1. */
async function bundleOf(feed: TestFeed, root: Uint8Array): Promise<TestFeed['bundled']> {
  const rules = await feed.signRules({ version: 1 });
  return { root, pointer: await feed.signPointer({ version: 1, rules: { version: 1, bytes: rules } }), rules };
}

/** The recovery release: rules v2 (below the stolen v2^53−1) and pointer v5. */
async function publishRecovery(feed: TestFeed): Promise<void> {
  const rules = await feed.publishRules({ version: 2 });
  await feed.publishPointer({ version: 5, rules: { version: 2, bytes: rules } });
}

describe('L. a key removed and re-added between the stored root and the bundled one', () => {
  // Before: the bundled-root path compared root 2 with the bundled root only, saw the same rules keys, and
  // kept v2^53−1 (ROLLBACK "rules v2 < v9007199254740991") where the walk through the same roots reset it.
  it('counts as rotated when the stored pending roots lead to the bundled root, as the walk through them counts it', async () => {
    const { feed, stored } = await keyRemovedAndReAdded(34);
    const root35 = await feed.rotateRoot({});
    await publishRecovery(feed);

    const walked = await deviceFrom(feed, stored);
    await expectAccepted(walked, 2);
    expect(walked.status()).toMatchObject({ rootVersion: 35, lastError: null });

    const updated = await deviceFrom(feed, stored, await bundleOf(feed, root35));
    // Only the rules role rotated: the stored pointer v4 keeps its mark, the rules go back to the baseline.
    expect(updated.status()).toMatchObject({ rootVersion: 35, rulesVersion: 1, pointerVersion: 4, lastError: null });
    expect(updated.status().pendingRootVersion).toBeUndefined();
    await expectAccepted(updated, 2);
  });

  // Pinned, not a fix: with a root between them unknown, only the two ends can be compared, and they list the
  // same rules keys. Keeping the mark is the sound side (rotatedByBundle, docs/feed-matrix.md row 42); a walk
  // through the same roots from the mirror still resets it.
  it.each([
    ['no root past the stored chain seen (the usual extension update)', 4],
    ['stored pending roots that stop short of the bundled root', 34],
  ])('%s: only the ends are compared, the mark is kept', async (_, upTo) => {
    const { feed, stored } = await keyRemovedAndReAdded(upTo);
    await feed.rotateRoot({}); // on the mirror, never stored
    const bundledRoot = await feed.rotateRoot({});
    await publishRecovery(feed);

    const walked = await deviceFrom(feed, stored);
    await expectAccepted(walked, 2);

    const updated = await deviceFrom(feed, stored, await bundleOf(feed, bundledRoot));
    expect(updated.status()).toMatchObject({ rootVersion: upTo + 2, rulesVersion: MAX, pointerVersion: 4, lastError: null });
    const out = await updated.refresh();
    expect(out.ok ? 'accepted' : out.error.code).toBe('ROLLBACK');
    expect(updated.status().lastError?.message).toContain(`rules v2 < v${MAX}`);
  });
});
