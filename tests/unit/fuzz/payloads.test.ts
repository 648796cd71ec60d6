/**
 * Fuzz the payload parsers that run after a signature verified (pointer, rules, root), the date
 * parser, and the start-up re-verification of what storage holds. A signed payload can still be
 * hostile (a compromised key, a buggy CLI): each parser must refuse it with its own specific code —
 * never throw something else, never accept a document that breaks the invariants the client relies on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFeedDate, parseFeedDate } from '../../../src/shared/feed/dates.ts';
import { parseEnvelope } from '../../../src/shared/feed/dsse.ts';
import { bytesEqual, utf8DecodeStrict, utf8Encode } from '../../../src/shared/feed/encoding.ts';
import type { FeedErrorCode } from '../../../src/shared/feed/errors.ts';
import { RULES_JSON } from '../../../src/shared/feed/open-envelope.ts';
import { parsePointerPayload, rulesPath } from '../../../src/shared/feed/pointer.ts';
import { parseRootPayload } from '../../../src/shared/feed/root.ts';
import { checkRulesCompatible, parseRulesPayload } from '../../../src/shared/feed/rules-envelope.ts';
import type { StoredFeedState } from '../../../src/shared/feed/state.ts';
import { parseStrictJson } from '../../../src/shared/feed/strict-json.ts';
import type { StrictJsonOptions } from '../../../src/shared/feed/strict-json.ts';
import { TestFeed } from '../feed/fixtures.ts';
import { fuzz, fuzzAsync, timeoutFor } from './budget.ts';
import { memoisedVerify } from './fast-verify.ts';
import { mutatedBytes, mutatedJson } from './mutate.ts';
import { attempt, attemptAsync, expectFeedError } from './rejections.ts';
import { FEED_ID, signedSeeds } from './seeds.ts';
import type { SignedSeeds } from './seeds.ts';

const HEADER_CODES: FeedErrorCode[] = ['BAD_JSON', 'BAD_PAYLOAD', 'WRONG_TYPE', 'WRONG_FEED'];

let seeds: SignedSeeds;
beforeAll(async () => {
  seeds = await signedSeeds();
});

/** Serialise as a signer would, then parse strictly as the client does (NaN, -0 etc. cannot survive). */
function reparse(doc: unknown, options: StrictJsonOptions = {}): ReturnType<typeof parseStrictJson> {
  return parseStrictJson(JSON.stringify(doc) ?? 'null', options);
}

const safeVersion = (v: number): boolean => Number.isSafeInteger(v) && v >= 1;

describe('fuzz: signed payload parsers', () => {
  it(
    'pointer: refused with a header code, or accepted with every invariant the client relies on',
    () => {
      fuzz('payload/pointer', mutatedJson([seeds.payloads.pointer]), (doc) => {
        const r = attempt(() => parsePointerPayload(reparse(doc), FEED_ID));
        if (!r.ok) return `refused:${expectFeedError(r.error, HEADER_CODES).code}`;
        const p = r.value;
        expect(p.feedId).toBe(FEED_ID);
        expect(safeVersion(p.version) && safeVersion(p.rules.version)).toBe(true);
        expect(p.expires).toBeGreaterThan(p.issued);
        expect(p.rules.path).toBe(rulesPath(p.rules.version, p.rules.sha256));
        expect(p.rules.length).toBeGreaterThan(0);
        if (p.minIntervalS !== undefined) expect(Number.isSafeInteger(p.minIntervalS) && p.minIntervalS >= 0).toBe(true);
        return 'accepted';
      });
    },
    timeoutFor('payload/pointer'),
  );

  it(
    'rules: refused with a header or compatibility code, or accepted with an object body',
    () => {
      const small = { ...seeds.payloads.rules, body: { rules: [{ id: 'r1', kind: 'block' }], thresholds: { cv: 0.08 } } };
      fuzz('payload/rules', mutatedJson([small, small, small, small, small, small, small, small, seeds.payloads.rules]), (doc) => {
        const r = attempt(() => {
          const p = parseRulesPayload(reparse(doc, RULES_JSON), FEED_ID);
          checkRulesCompatible(p, [1], '1.0.0');
          return p;
        });
        if (!r.ok) return `refused:${expectFeedError(r.error, [...HEADER_CODES, 'UNSUPPORTED_SCHEMA', 'CLIENT_TOO_OLD']).code}`;
        expect(r.value.schema).toBe(1);
        expect(safeVersion(r.value.version)).toBe(true);
        expect(r.value.expires).toBeGreaterThan(r.value.issued);
        expect(typeof r.value.body === 'object' && r.value.body !== null && !Array.isArray(r.value.body)).toBe(true);
        return 'accepted';
      });
    },
    timeoutFor('payload/rules', 8),
  );

  it(
    'root: refused with a header, BAD_ROOT or encoding code, or every role has a reachable threshold ≥ 1',
    async () => {
      await fuzzAsync('payload/root', mutatedJson([seeds.payloads.root]), async (doc) => {
        const r = await attemptAsync(async () => parseRootPayload(reparse(doc), FEED_ID));
        if (!r.ok) return `refused:${expectFeedError(r.error, [...HEADER_CODES, 'BAD_ROOT', 'BAD_ENCODING']).code}`;
        for (const role of Object.values(r.value.roles)) {
          expect(role.threshold).toBeGreaterThanOrEqual(1);
          expect(role.threshold).toBeLessThanOrEqual(role.keys.size);
          for (const key of role.keys.values()) expect(key.length).toBe(32);
        }
        return 'accepted';
      });
    },
    timeoutFor('payload/root'),
  );

  it(
    'dates: one spelling per instant — accepted text formats back to itself',
    () => {
      const dateish = fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
        fc.tuple(fc.nat(9999), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99)).map(
          (p) =>
            `${String(p[0]).padStart(4, '0')}-${p
              .slice(1, 3)
              .map((n) => String(n).padStart(2, '0'))
              .join('-')}T${p
              .slice(3)
              .map((n) => String(n).padStart(2, '0'))
              .join(':')}Z`,
        ),
        fc.string({ maxLength: 24 }),
      );
      fuzz('payload/dates', dateish, (text) => {
        const r = attempt(() => parseFeedDate(text, '$.issued'));
        if (!r.ok) return `refused:${expectFeedError(r.error, ['BAD_PAYLOAD']).code}`;
        expect(formatFeedDate(r.value)).toBe(text);
        return 'accepted';
      });
    },
    timeoutFor('payload/dates'),
  );
});

describe('fuzz: stored state re-verified at start (corrupt storage, feed-design rows 46 and 55)', () => {
  let feed: TestFeed;
  let good: StoredFeedState;
  let storedRulesPayload: Uint8Array;

  beforeAll(async () => {
    feed = await TestFeed.create('fuzz-store');
    await feed.release(2);
    const client = feed.client({ verify: memoisedVerify });
    await client.load();
    expect(await client.refresh()).toMatchObject({ ok: true, rulesVersion: 2 });
    good = structuredClone(feed.storage.value!);
    storedRulesPayload = parseEnvelope(utf8Encode(good.rules)).payload;
  });

  /** Load a fresh client over `stored`: never throws, runs v2 only if the stored rules are the signed v2. */
  async function loadOver(stored: unknown): Promise<string> {
    feed.storage.value = stored as StoredFeedState;
    const client = feed.client({ verify: memoisedVerify });
    await client.load();
    const active = client.active();
    if (!active) throw new Error(`no rules at all after loading corrupt storage: ${JSON.stringify(client.status().lastError)}`);
    expect([1, 2]).toContain(active.version);
    if (active.version === 2) {
      const rulesText = (stored as StoredFeedState).rules;
      const same = bytesEqual(parseEnvelope(utf8Encode(rulesText)).payload, storedRulesPayload);
      if (!same) throw new Error(`corrupt stored rules became active: ${rulesText.slice(0, 200)}`);
      return 'stored v2 kept (signed content intact)';
    }
    expect(client.status().lastError?.code).toBe('STORED_INVALID');
    return 'fell back to the baseline (STORED_INVALID)';
  }

  it(
    'structurally corrupted records fall back to the baseline or stay the signed v2',
    async () => {
      await fuzzAsync('stored-state/edited', mutatedJson([good]), loadOver);
    },
    timeoutFor('stored-state/edited', 20),
  );

  it(
    'byte-corrupted stored documents fall back to the baseline or stay the signed v2',
    async () => {
      const arb = fc
        .constantFrom<'rules' | 'pointer'>('rules', 'pointer')
        .chain((field) => mutatedBytes([utf8Encode(good[field])]).map((bytes) => ({ field, bytes })));
      await fuzzAsync('stored-state/bytes', arb, async ({ field, bytes }) => {
        const text = attempt(() => utf8DecodeStrict(bytes));
        if (!text.ok) return 'not a string (storage cannot hold it)';
        return loadOver({ ...structuredClone(good), [field]: text.value });
      });
    },
    timeoutFor('stored-state/bytes', 20),
  );
});
