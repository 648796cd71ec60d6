import { describe, expect, it } from 'vitest';
import { makeKey, rootPayload, signDoc, signer, tamperPayload, editEnvelope, rulesPayload, pointerPayload } from './fixtures.ts';
import { expectAccepted, expectRejected, syncedFeed } from './helpers.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';

describe('A. authenticity and keys', () => {
  it('#1 rules or pointer signed by an unknown key', async () => {
    const { feed, client } = await syncedFeed();
    const stranger = await makeKey('stranger');
    const rules = await feed.publishRules({ version: 3 }, [stranger]);
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: rules } });
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    const good = await feed.publishRules({ version: 3, body: { ok: true } });
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: good } }, [stranger]);
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#2 payload bytes tampered, signature untouched', async () => {
    const { feed, client } = await syncedFeed();
    const ptr = await feed.signPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    feed.putPointer(tamperPayload(ptr, (p) => p.replace('"version":3', '"version":4')));
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#3 valid signature by a key of another role', async () => {
    const { feed, client } = await syncedFeed();
    // rules key signs the pointer
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } }, feed.keys.rules);
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // timestamp key signs rules
    const rules = await feed.publishRules({ version: 3 }, feed.keys.timestamp);
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: rules } });
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // root keys sign rules
    const rules4 = await feed.publishRules({ version: 4 }, feed.keys.root);
    await feed.publishPointer({ version: 4, rules: { version: 4, bytes: rules4 } });
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // rules + timestamp keys sign a root
    const spec = { ...feed.rootSpec, version: 2 };
    feed.mirror.put(
      'root/2.root.json',
      await signDoc(
        'root',
        rootPayload(spec),
        [...feed.keys.rules, ...feed.keys.timestamp].map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#4 type confusion and cross-feed replay', async () => {
    const { feed, client } = await syncedFeed();
    // root envelope served as the pointer
    feed.putPointer(feed.bundled.root);
    await expectRejected(feed, client, 'WRONG_TYPE');
    // pointer payload relabelled as rules payloadType (signed by the timestamp key): type mismatch
    const asRulesType = await signDoc(
      'timestamp',
      await pointerPayload({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } }),
      feed.keys.timestamp.map((k) => signer(k)),
      PAYLOAD_TYPES.rules,
    );
    feed.putPointer(asRulesType);
    await expectRejected(feed, client, 'WRONG_TYPE');
    // correct payloadType but `_type` says rules
    const wrongInner = await signDoc(
      'timestamp',
      rulesPayload({ version: 3 }),
      feed.keys.timestamp.map((k) => signer(k)),
    );
    feed.putPointer(wrongInner);
    await expectRejected(feed, client, 'WRONG_TYPE');
    // staging feed signed by the same keys
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! }, feedId: 'kz.nbk.saq:staging' });
    await expectRejected(feed, client, 'WRONG_FEED');
    const staging = await feed.publishRules({ version: 3, feedId: 'kz.nbk.saq:staging' });
    await feed.publishPointer({ version: 3, rules: { version: 3, bytes: staging } });
    await expectRejected(feed, client, 'WRONG_FEED');
  });

  it('#5 same signature duplicated to reach threshold 2', async () => {
    const { feed, client } = await syncedFeed();
    const [a] = feed.keys.root;
    // root/2 signed twice by key A (threshold 2 of the old root)
    const spec = { ...feed.rootSpec, version: 2 };
    const once = await signDoc('root', rootPayload(spec), [signer(a!)]);
    feed.mirror.put(
      'root/2.root.json',
      editEnvelope(once, (e) => ({ ...e, signatures: [e.signatures[0], e.signatures[0]] })),
    );
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });

  it('#6 same public key listed under two keyids', async () => {
    const { feed, client } = await syncedFeed();
    const [a, b] = feed.keys.root;
    const payload = rootPayload({ ...feed.rootSpec, version: 2 });
    const keys = payload.keys as Record<string, unknown>;
    const bogusId = 'f'.repeat(64);
    keys[bogusId] = { keytype: 'ed25519', public: a!.pubHex };
    (payload.roles as Record<string, { keyids: string[] }>).root!.keyids.push(bogusId);
    feed.mirror.put('root/2.root.json', await signDoc('root', payload, [signer(a!), signer(b!)]));
    await expectRejected(feed, client, 'BAD_ROOT');
  });

  it.each([
    ['0', 0, 'BAD_ROOT'],
    ['negative', -1, 'BAD_ROOT'],
    ['> #keys', 4, 'BAD_ROOT'],
    ['non-integer', 1.5, 'BAD_JSON'],
  ] as const)('#7 root threshold %s is rejected', async (_name, threshold, code) => {
    const { feed, client } = await syncedFeed();
    const payload = rootPayload({ ...feed.rootSpec, version: 2 });
    const text = JSON.stringify(payload).replace('"threshold":2', `"threshold":${threshold === 1.5 ? '1.5' : threshold}`);
    feed.mirror.put(
      'root/2.root.json',
      await signDoc(
        'root',
        text,
        feed.keys.root.map((k) => signer(k)),
      ),
    );
    await expectRejected(feed, client, code);
  });

  it('#8 keyid hint lies, unknown keyid, root keyid ≠ sha256(pub)', async () => {
    const { feed, client } = await syncedFeed();
    const [a, b, c] = feed.keys.root;
    const spec = { ...feed.rootSpec, version: 2 };
    // Signed by A and C but both hints name A and B: only the sig under A verifies with A ⇒ 1 < 2.
    feed.mirror.put('root/2.root.json', await signDoc('root', rootPayload(spec), [signer(a!, a!.keyid), signer(c!, b!.keyid)]));
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // Unknown keyid hint on the second signature.
    feed.mirror.put('root/2.root.json', await signDoc('root', rootPayload(spec), [signer(a!), signer(b!, '0'.repeat(64))]));
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
    // Root whose keyid is not sha256 of its public key.
    const payload = rootPayload(spec);
    payload.keys = Object.fromEntries(
      Object.entries(payload.keys as Record<string, string>).map(([id, v]) => [id === c!.keyid ? 'e'.repeat(64) : id, v]),
    );
    const roles = payload.roles as Record<string, { keyids: string[] }>;
    roles.root!.keyids = roles.root!.keyids.map((id) => (id === c!.keyid ? 'e'.repeat(64) : id));
    feed.mirror.put('root/2.root.json', await signDoc('root', payload, [signer(a!), signer(b!)]));
    await expectRejected(feed, client, 'BAD_ROOT');
    // Honest hints, correct root: accepted.
    feed.mirror.put('root/2.root.json', await signDoc('root', rootPayload(spec), [signer(a!), signer(b!)]));
    await expectAccepted(client, 2);
    expect(client.status().rootVersion).toBe(2);
  });

  it('#9 threshold met plus garbage signatures; more than 8 signatures', async () => {
    const { feed, client } = await syncedFeed();
    const rules3 = await feed.publishRules({ version: 3 });
    const ptr = await feed.signPointer({ version: 3, rules: { version: 3, bytes: rules3 } });
    const bogus = { keyid: feed.keys.timestamp[0]!.keyid, sig: 'A'.repeat(86) + '==' };
    feed.putPointer(editEnvelope(ptr, (e) => ({ ...e, signatures: [bogus, { keyid: 'x', sig: '!!not base64' }, ...e.signatures] })));
    await expectAccepted(client, 3);
    const rules4 = await feed.publishRules({ version: 4 });
    const ptr4 = await feed.signPointer({ version: 4, rules: { version: 4, bytes: rules4 } });
    feed.putPointer(editEnvelope(ptr4, (e) => ({ ...e, signatures: [...e.signatures, ...Array.from({ length: 999 }, () => bogus)] })));
    await expectRejected(feed, client, 'TOO_LARGE');
    feed.putPointer(editEnvelope(ptr4, (e) => ({ ...e, signatures: [...e.signatures, ...Array.from({ length: 8 }, () => bogus)] })));
    await expectRejected(feed, client, 'BAD_ENVELOPE');
  });

  it('#10 algorithm confusion: sig claims an alg; root key of unknown keytype', async () => {
    const { feed, client } = await syncedFeed();
    const ptr = await feed.signPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    feed.putPointer(editEnvelope(ptr, (e) => ({ ...e, signatures: e.signatures.map((s) => ({ ...s, alg: 'hmac-sha256' })) })));
    await expectRejected(feed, client, 'BAD_ENVELOPE');
    // New root lists the timestamp key as keytype "rsa": it can no longer count, threshold 1 > 0 usable.
    const [a, b] = feed.keys.root;
    const payload = rootPayload({ ...feed.rootSpec, version: 2 });
    const keys = payload.keys as Record<string, { keytype: string }>;
    keys[feed.keys.timestamp[0]!.keyid]!.keytype = 'rsa';
    feed.mirror.put('root/2.root.json', await signDoc('root', payload, [signer(a!), signer(b!)]));
    await expectRejected(feed, client, 'BAD_ROOT');
    // …and with a second (ed25519) timestamp key making the root valid, the "rsa" key's signature does not count.
    const t2 = await makeKey('ts-2');
    const payload2 = rootPayload({ ...feed.rootSpec, version: 2, timestamp: { keys: [feed.keys.timestamp[0]!, t2], threshold: 1 } });
    (payload2.keys as Record<string, { keytype: string }>)[feed.keys.timestamp[0]!.keyid]!.keytype = 'rsa';
    feed.mirror.put('root/2.root.json', await signDoc('root', payload2, [signer(a!), signer(b!)]));
    await feed.publishPointer({ version: 3, rules: { version: 2, bytes: feed.rulesBlobs.get(2)! } });
    await expectRejected(feed, client, 'THRESHOLD_NOT_MET');
  });
});
