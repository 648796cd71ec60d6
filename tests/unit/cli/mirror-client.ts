/**
 * The extension's feed client (src/shared/feed/refresh.ts) reading a mirror directory the CLI published
 * to: what an installed copy would accept or refuse, to hold the CLI's own decisions against.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFeedClient } from '../../../src/shared/feed/refresh.ts';
import type { FeedClient } from '../../../src/shared/feed/refresh.ts';
import type { StoredFeedState } from '../../../src/shared/feed/state.ts';
import type { CompiledRuleSet } from '../../../src/shared/rules/compile.ts';
import { verifyContext } from '../../../tools/rules-cli/common.ts';

const BASE = 'https://mirror.test/';

/**
 * A client whose baseline is what `dir` serves now (root/1 as the anchor), refreshing from `dir` later;
 * `now` is read at each call (the harness clock).
 */
export function mirrorClient(dir: string, feedId: string, now: () => number): FeedClient<CompiledRuleSet> {
  const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(dir, path)));
  const pointer = read('timestamp.json');
  const ref = (
    JSON.parse(Buffer.from((JSON.parse(new TextDecoder().decode(pointer)) as { payload: string }).payload, 'base64').toString()) as {
      rules: { path: string };
    }
  ).rules;
  let stored: StoredFeedState | undefined;
  const ctx = verifyContext(feedId);
  return createFeedClient({
    fetch: async (url) => {
      const path = url.slice(BASE.length);
      return existsSync(join(dir, path)) ? new Response(readFileSync(join(dir, path))) : new Response(null, { status: 404 });
    },
    storage: {
      get: async () => stored,
      set: async (state) => {
        stored = state;
      },
    },
    now,
    mirrors: [BASE],
    feedId,
    bundled: { root: read('root/1.root.json'), pointer, rules: read(ref.path) },
    compile: ctx.compile,
    clientVersion: ctx.clientVersion,
  });
}
