/**
 * The feed updater wired to the browser: storage.local (one key for the verified documents, one for
 * the schedule), alarms, fetch. Production builds fetch only from the compiled-in mirrors; only a
 * test build (__SAQ_TEST_BUILD__, replaced at build time, so the branch is not even in a release
 * bundle) reads a mirror override from storage, so e2e tests can point it at a local feed server.
 */
import browser from '../platform/browser.ts';
import type { FeedStorage, StoredFeedState } from '../shared/feed/state.ts';
import { FEED_ID, PRODUCTION_MIRRORS, TEST_FEED_ID, TEST_MIRRORS_KEY, mirrorsFor } from './feed-config.ts';
import { BUNDLED_BASELINE } from './feed-bundle.ts';
import { createFeedUpdater } from './feed-updater.ts';
import type { FeedSchedule, FeedUpdater } from './feed-updater.ts';

declare const __SAQ_TEST_BUILD__: boolean;

const STATE_KEY = 'feed.state';
const SCHEDULE_KEY = 'feed.schedule';

const storage: FeedStorage = {
  async get() {
    return (await browser.storage.local.get(STATE_KEY))[STATE_KEY] as StoredFeedState | undefined;
  },
  async set(state) {
    // One write of one key: the browser applies it whole or not at all.
    await browser.storage.local.set({ [STATE_KEY]: state });
  },
};

async function testMirrors(): Promise<readonly string[]> {
  return mirrorsFor(true, (await browser.storage.local.get(TEST_MIRRORS_KEY))[TEST_MIRRORS_KEY]);
}

export function startFeed(): FeedUpdater {
  return createFeedUpdater({
    // No cookies, no redirects, no cache reuse without revalidation; transport.ts sets the rest.
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    feedId: __SAQ_TEST_BUILD__ ? TEST_FEED_ID : FEED_ID,
    bundled: BUNDLED_BASELINE,
    mirrors: __SAQ_TEST_BUILD__ ? testMirrors : () => Promise.resolve(PRODUCTION_MIRRORS),
    storage,
    schedule: {
      get: async () => (await browser.storage.local.get(SCHEDULE_KEY))[SCHEDULE_KEY],
      set: (value: FeedSchedule) => browser.storage.local.set({ [SCHEDULE_KEY]: value }),
    },
    alarms: {
      get: async (name) => (await browser.alarms.get(name)) ?? undefined,
      create: async (name, info) => {
        await browser.alarms.create(name, info);
      },
    },
    clientVersion: browser.runtime.getManifest().version,
  });
}
