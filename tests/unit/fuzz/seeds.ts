/**
 * Valid starting points for the fuzzers: a signed feed made with throwaway keys by the feed tests'
 * own simulator (tests/unit/feed/fixtures.ts), the shipped rule set, and well-formed channel messages.
 */
import { readFileSync } from 'node:fs';
import { verifyAnchorRoot } from '../../../src/shared/feed/root-chain.ts';
import type { Root } from '../../../src/shared/feed/root.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';
import { editEnvelope, FEED_ID, makeKey, pointerPayload, rootPayload, rulesPayload, TestFeed } from '../feed/fixtures.ts';

export { FEED_ID };

export const BASELINE_BODY = JSON.parse(readFileSync(new URL('../../../rules/baseline.json', import.meta.url), 'utf8')) as JsonObject;

export interface SignedSeeds {
  trusted: Root;
  /** Each document paired with how the client verifies it. */
  pointer: Uint8Array;
  rules: Uint8Array;
  /** Rules whose body is the real rule set (fractions, selectors, patterns: the widest payload). */
  realRules: Uint8Array;
  /** Root v2, signed by the v1 root keys: what a rotation looks like on the wire. */
  nextRoot: Uint8Array;
  /** A pointer with a valid signature followed by a garbage one (threshold still met). */
  pointerWithJunk: Uint8Array;
  payloads: { pointer: JsonObject; rules: JsonObject; root: JsonObject };
}

let cached: Promise<SignedSeeds> | undefined;

export function signedSeeds(): Promise<SignedSeeds> {
  cached ??= build();
  return cached;
}

async function build(): Promise<SignedSeeds> {
  const feed = await TestFeed.create('fuzz');
  const trusted = await verifyAnchorRoot(feed.bundled.root, FEED_ID, verifyEd25519);
  const realRules = await feed.publishRules({ version: 2, body: BASELINE_BODY });
  const pointerWithJunk = editEnvelope(feed.bundled.pointer, (env) => {
    env.signatures.push({ keyid: 'f'.repeat(64), sig: 'AAAA' });
  });
  const nextRoot = await feed.rotateRoot({ timestamp: { keys: [await makeKey('fuzz-ts-2')], threshold: 1 } });
  return {
    trusted,
    pointer: feed.bundled.pointer,
    rules: feed.bundled.rules,
    realRules,
    nextRoot,
    pointerWithJunk,
    payloads: {
      pointer: await pointerPayload({ version: 1, rules: { version: 1, bytes: feed.bundled.rules } }),
      rules: rulesPayload({ version: 2, body: BASELINE_BODY }),
      root: rootPayload(feed.rootSpec),
    },
  };
}
