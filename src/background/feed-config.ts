/**
 * Where the signed rules feed lives and which feed this build trusts. Pure data plus one pure
 * function, so the maintainers' CLI and the tests import it without a browser.
 */

/** Feed id and channel, bound into every signed payload: a staging feed can never be replayed here. */
export const FEED_ID = 'saq:prod';

/**
 * The channel of test builds only. Their trust anchor is made at build time from throwaway keys
 * (tools/build/test-feed.ts) so end-to-end tests can sign feeds; the other feed id means that
 * anything signed for tests is refused by a production build even apart from the keys.
 */
export const TEST_FEED_ID = 'saq:e2e';

/**
 * Static mirrors, tried in order until one refresh succeeds. Both serve the same files published by
 * `npm run rules -- publish`; either may be stale or hostile without harm (the client verifies).
 * GitHub Pages answers every response, 404s included, with `Access-Control-Allow-Origin: *`, which is
 * all a background fetch needs: no host permission.
 */
export const PRODUCTION_MIRRORS: readonly string[] = ['https://saq-extension.github.io/saq-feed/', 'https://saq-feed.pages.dev/'];

/** storage.local key read ONLY by test builds, so e2e tests can point the feed at the shop replica. */
export const TEST_MIRRORS_KEY = 'test:feedMirrors';

/**
 * The mirrors in force. A production build ignores storage entirely (a page or another extension
 * cannot redirect the feed); a test build uses the override when it is a list of https URLs, and
 * otherwise none at all, so tests never reach the real network.
 */
export function mirrorsFor(testBuild: boolean, stored: unknown): readonly string[] {
  if (!testBuild) return PRODUCTION_MIRRORS;
  if (!Array.isArray(stored)) return [];
  return stored.filter((m): m is string => typeof m === 'string' && /^https:\/\/[^/]+\//.test(m)).slice(0, 4);
}
