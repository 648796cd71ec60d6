import { describe, expect, it } from 'vitest';
import { TestFeed, editEnvelope, pointerPayload, signDoc, signer } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import { parseStrictJson } from '../../../src/shared/feed/strict-json.ts';
import { base64Decode, base64Encode, sha256Hex, utf8DecodeStrict } from '../../../src/shared/feed/encoding.ts';
import { rulesPath } from '../../../src/shared/feed/pointer.ts';
import { FeedError } from '../../../src/shared/feed/errors.ts';
import { utf8Encode } from '../../../src/shared/feed/encoding.ts';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return e instanceof FeedError ? `${e.code} ${e.path}` : String(e);
  }
};

describe('F. parsing and canonicalization', () => {
  it('#43 duplicate keys in payload or envelope', async () => {
    const { feed, client } = await syncedFeed();
    const text = JSON.stringify(await pointerPayload({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } })).replace(
      '"version":3,',
      '"version":3,"version":999,',
    );
    feed.putPointer(
      await signDoc(
        'timestamp',
        text,
        feed.keys.timestamp.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'BAD_JSON');
    const good = await feed.signPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    const dup = new TextDecoder().decode(good).replace('"payload":', '"payload":"AAAA","payload":');
    feed.putPointer(utf8Encode(dup));
    await expectRejected(feed, client, 'BAD_JSON');
    expect(codeOf(() => parseStrictJson('{"a":{"b":1,"b":2}}'))).toBe('BAD_JSON $.a.b');
    expect(codeOf(() => parseStrictJson('{"signatures":[{"keyid":1,"keyid":2}]}'))).toBe('BAD_JSON $.signatures[0].keyid');
  });

  it('#44 unsigned deep/huge payload is never parsed; depth limit anyway', async () => {
    const { feed, client } = await syncedFeed();
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    // A rules blob (4 MiB cap) whose payload is a 10^6-deep document the signatures do not cover, named
    // by a valid pointer with its true length and hash: only the signature check stands in the way.
    const blob = await feed.signRules({ version: 3 });
    const swapped = editEnvelope(blob, (e) => ({ ...e, payload: base64Encode(utf8Encode(deep)) }));
    feed.mirror.put(rulesPath(3, await sha256Hex(swapped)), swapped);
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: swapped } });
    // Had the payload been parsed first, the depth limit would have answered BAD_JSON.
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    expect(codeOf(() => parseStrictJson('['.repeat(33) + ']'.repeat(33)))).toMatch(/^BAD_JSON/);
    expect(codeOf(() => parseStrictJson('['.repeat(32) + ']'.repeat(32)))).toBe('accepted');
    feed.putPointer(utf8Encode('{"payloadType":' + deep.slice(0, 100) + '}'));
    await expectRejected(feed, client, 'BAD_JSON');
  });

  it('#45 unknown top-level fields are rejected', async () => {
    const { feed, client } = await syncedFeed();
    const p = await pointerPayload({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    feed.putPointer(
      await signDoc(
        'timestamp',
        { ...p, note: 'hi' },
        feed.keys.timestamp.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'BAD_PAYLOAD');
    await feed.release(3, { extra: { allow_everything: true } });
    await expectRejected(feed, client, 'BAD_PAYLOAD');
  });

  it('#46 exact bytes are stored and re-verified; a corrupted byte falls back to the baseline', async () => {
    const feed = await TestFeed.create();
    // pretty-printed envelope: a re-serialising client would store different bytes
    const rules = await feed.publishRules({ version: 2 });
    const pretty = utf8Encode(
      JSON.stringify(
        JSON.parse(new TextDecoder().decode(await feed.signPointer({ version: 2, rules: { version: 2, bytes: rules } }))),
        null,
        2,
      ),
    );
    feed.putPointer(pretty);
    const client = feed.client();
    await expectAccepted(client, 2);
    expect(utf8Encode(feed.storage.value!.pointer)).toEqual(pretty);
    const restarted = feed.client();
    await restarted.load();
    expect(restarted.active()?.version).toBe(2);
    feed.storage.value!.rules = feed.storage.value!.rules.replace(/"sig":"(.)/, (_m, c: string) => `"sig":"${c === 'A' ? 'B' : 'A'}`);
    const corrupted = feed.client();
    await corrupted.load();
    expect(corrupted.active()?.version).toBe(1);
    expect(corrupted.status().lastError?.code).toBe('STORED_INVALID');
  });

  it('#47 encoding edge cases: BOM, invalid UTF-8, lone surrogates, base64 alphabets and padding', async () => {
    const { feed, client } = await syncedFeed();
    const ptr = await feed.signPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    feed.putPointer(new Uint8Array([0xef, 0xbb, 0xbf, ...ptr]));
    await expectRejected(feed, client, 'BAD_ENCODING');
    feed.putPointer(new Uint8Array([...ptr.slice(0, -1), 0xff, 0x7d]));
    await expectRejected(feed, client, 'BAD_ENCODING');
    // lone surrogate escape inside a signed payload
    const p = JSON.stringify(await pointerPayload({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } })).replace(
      '"_type"',
      '"x\\ud800":1,"_type"',
    );
    feed.putPointer(
      await signDoc(
        'timestamp',
        p,
        feed.keys.timestamp.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'BAD_JSON');
    // url-safe payload and signatures, unpadded: accepted
    const urlSafe = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    feed.putPointer(
      editEnvelope(ptr, (e) => ({
        ...e,
        payload: urlSafe(e.payload),
        signatures: e.signatures.map((s) => ({ ...s, sig: urlSafe(s.sig) })),
      })),
    );
    await expectAccepted(client, 2);
    expect(client.status().pointerVersion).toBe(3);
    // unit-level rules
    expect(codeOf(() => base64Decode('QQ='))).toMatch(/^BAD_ENCODING/);
    expect(codeOf(() => base64Decode('QQ==='))).toMatch(/^BAD_ENCODING/);
    expect(codeOf(() => base64Decode('QR=='))).toMatch(/^BAD_ENCODING/); // non-zero trailing bits
    expect(codeOf(() => base64Decode('a+b_'))).toMatch(/^BAD_ENCODING/); // mixed alphabets
    expect([...base64Decode('QQ==')]).toEqual([65]);
    expect([...base64Decode('QQ')]).toEqual([65]);
    expect(codeOf(() => utf8DecodeStrict(new Uint8Array([0xed, 0xa0, 0x80])))).toMatch(/^BAD_ENCODING/); // CESU surrogate
    expect(codeOf(() => parseStrictJson('"\\udc00"'))).toMatch(/^BAD_JSON/);
    expect(parseStrictJson('"\\ud83d\\ude00"')).toBe('😀');
    expect(codeOf(() => parseStrictJson('{"__proto__":{"x":1}}'))).toBe('accepted');
    expect(Object.getPrototypeOf(parseStrictJson('{"__proto__":{"x":1}}'))).toBe(Object.prototype);
  });
});
