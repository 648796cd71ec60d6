/**
 * TEST-ONLY trust anchor and signer for the rules feed. The keys are derived from public labels
 * (sha256 of "saq-e2e-throwaway-key:<role>"), so they are known to everyone and protect nothing: they
 * exist so that end-to-end tests can sign feed updates for a test build. A release build never
 * contains this anchor (tools/build/check-feed-anchor.ts fails the build if it does) and trusts only
 * the committed production root in rules/root/ and rules/bundle/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_FEED_ID } from '../../src/background/feed-config.ts';
import { signEnvelope } from '../../src/shared/feed/dsse.ts';
import { base64Encode, hexEncode, utf8Encode } from '../../src/shared/feed/encoding.ts';
import { publicKeyFromSeed } from '../../src/shared/feed/ed25519.ts';
import { PAYLOAD_TYPES } from '../../src/shared/feed/payload.ts';
import { rulesPath } from '../../src/shared/feed/pointer.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { RULE_SET_SCHEMA_VERSION } from '../../src/shared/rules/schema.ts';
import { pointerPayload, rootPayload, rulesPayload } from '../rules-cli/payloads.ts';

const DAY = 86_400_000;
const ROLES = ['root', 'rules', 'timestamp'] as const;

interface TestKey {
  seed: Uint8Array;
  publicHex: string;
  keyid: string;
}

const sha256 = (bytes: Uint8Array | string): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

function testKey(role: string): TestKey {
  const seed = sha256(`saq-e2e-throwaway-key:${role}`);
  const pub = publicKeyFromSeed(seed);
  return { seed, publicHex: hexEncode(pub), keyid: hexEncode(sha256(pub)) };
}

export const TEST_KEYS: Readonly<Record<(typeof ROLES)[number], TestKey>> = {
  root: testKey('root'),
  rules: testKey('rules'),
  timestamp: testKey('timestamp'),
};

/** Fixed dates: the test anchor is the same bytes on every machine, so the release check can look for it. */
function testRootJson(): JsonObject {
  const keys: Record<string, { keytype: string; public: string }> = {};
  for (const r of ROLES) keys[TEST_KEYS[r].keyid] = { keytype: 'ed25519', public: TEST_KEYS[r].publicHex };
  return rootPayload({
    feedId: TEST_FEED_ID,
    version: 1,
    issued: Date.UTC(2025, 0, 1),
    expires: Date.UTC(2099, 0, 1),
    keys,
    roles: {
      root: { keyids: [TEST_KEYS.root.keyid], threshold: 1 },
      rules: { keyids: [TEST_KEYS.rules.keyid], threshold: 1 },
      timestamp: { keyids: [TEST_KEYS.timestamp.keyid], threshold: 1 },
    },
  });
}

/** The test root's payload as it appears (base64) inside any build that trusts it. */
export function testRootPayloadBase64(): string {
  return base64Encode(utf8Encode(JSON.stringify(testRootJson())));
}

export async function testRootBytes(): Promise<Uint8Array> {
  return signEnvelope(PAYLOAD_TYPES.root, utf8Encode(JSON.stringify(testRootJson())), [{ seed: TEST_KEYS.root.seed }]);
}

export async function signTestRules(o: { version: number; body: JsonObject; issued: number; expires: number }): Promise<Uint8Array> {
  const payload = rulesPayload({ feedId: TEST_FEED_ID, schema: RULE_SET_SCHEMA_VERSION, ...o });
  return signEnvelope(PAYLOAD_TYPES.rules, utf8Encode(JSON.stringify(payload)), [{ seed: TEST_KEYS.rules.seed }]);
}

export async function signTestPointer(o: {
  version: number;
  rules: Uint8Array;
  rulesVersion: number;
  issued: number;
  expires: number;
}): Promise<Uint8Array> {
  const sha = hexEncode(sha256(o.rules));
  const payload = pointerPayload({
    feedId: TEST_FEED_ID,
    version: o.version,
    issued: o.issued,
    expires: o.expires,
    rules: { version: o.rulesVersion, length: o.rules.length, sha256: sha },
  });
  return signEnvelope(PAYLOAD_TYPES.timestamp, utf8Encode(JSON.stringify(payload)), [{ seed: TEST_KEYS.timestamp.seed }]);
}

/** Where a rules blob lives on a mirror. */
export function testRulesPath(version: number, rules: Uint8Array): string {
  return rulesPath(version, hexEncode(sha256(rules)));
}

/** The bundle a test build ships: the test root, rules v1 (the given body), pointer v1. */
export async function writeTestBundle(dir: string, body: JsonObject, now = Date.now()): Promise<void> {
  const rules = await signTestRules({ version: 1, body, issued: now - 60_000, expires: now + 90 * DAY });
  const pointer = await signTestPointer({ version: 1, rules, rulesVersion: 1, issued: now - 60_000, expires: now + 90 * DAY });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'root.json'), await testRootBytes());
  writeFileSync(join(dir, 'rules.json'), rules);
  writeFileSync(join(dir, 'timestamp.json'), pointer);
}
