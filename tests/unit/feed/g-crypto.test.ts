import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { createEd25519Verifier, nobleVerify, passesStrictPrechecks } from '../../../src/shared/feed/ed25519.ts';
import type { SubtleEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { hexDecode, hexEncode } from '../../../src/shared/feed/encoding.ts';
import { pae } from '../../../src/shared/feed/dsse.ts';

const h = (s: string): Uint8Array => hexDecode(s);
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const le32 = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

// RFC 8032 §7.1 tests 1–3
const RFC = [
  {
    pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    pk: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    msg: 'af82',
    sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

const sk = new Uint8Array(32).fill(7);
const pk = ed25519.getPublicKey(sk);
const msg = new TextEncoder().encode('saq');
const sig = ed25519.sign(msg, sk);
const smallOrderPk = h('0100000000000000000000000000000000000000000000000000000000000000'); // identity point
const nonCanonicalY = h('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'); // y = p
const withHighS = new Uint8Array([...sig.slice(0, 32), ...le32(BigInt('0x' + hexEncode(sig.slice(32).slice().reverse())) + L)]);
const torsionPoint = h('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'); // order 8

// Cases: [name, pk, msg, sig, expected]
const EDGE: [string, Uint8Array, Uint8Array, Uint8Array, boolean][] = [
  ...RFC.map((v, i): [string, Uint8Array, Uint8Array, Uint8Array, boolean] => [
    `RFC 8032 test ${i + 1}`,
    h(v.pk),
    h(v.msg),
    h(v.sig),
    true,
  ]),
  ['RFC test 1 wrong message', h(RFC[0]!.pk), h('00'), h(RFC[0]!.sig), false],
  ['S ≥ L (S + L)', pk, msg, withHighS, false],
  [
    'small-order public key (identity) with R = identity, S = 0',
    smallOrderPk,
    msg,
    new Uint8Array([...smallOrderPk, ...new Uint8Array(32)]),
    false,
  ],
  ['torsion public key', torsionPoint, msg, sig, false],
  ['non-canonical y ≥ p public key', nonCanonicalY, msg, sig, false],
  ['non-canonical R', pk, msg, new Uint8Array([...nonCanonicalY, ...sig.slice(32)]), false],
  ['short public key', pk.slice(0, 31), msg, sig, false],
  ['long signature', pk, msg, new Uint8Array([...sig, 0]), false],
  ['short signature', pk, msg, sig.slice(0, 63), false],
  ['valid', pk, msg, sig, true],
];

const throwingSubtle: SubtleEd25519 = {
  importKey: () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')),
  verify: () => Promise.reject(new Error('unreachable')),
};

describe('G. crypto primitive', () => {
  const webcrypto = createEd25519Verifier(globalThis.crypto.subtle);
  const fallback = createEd25519Verifier(throwingSubtle);
  const noSubtle = createEd25519Verifier(undefined);

  it.each(EDGE)('#48 edge case: %s — identical in WebCrypto and noble paths', async (_name, p, m, s, expected) => {
    expect(await webcrypto(p, m, s)).toBe(expected);
    expect(await fallback(p, m, s)).toBe(expected);
    expect(await noSubtle(p, m, s)).toBe(expected);
    // raw noble strict mode agrees too (our pre-checks only make WebCrypto as strict as it)
    expect(nobleVerify(p, m, s)).toBe(expected);
  });

  it('#48 without pre-checks the backends would disagree on some inputs (why pre-checks exist)', () => {
    expect(passesStrictPrechecks(smallOrderPk, new Uint8Array(64))).toBe(false);
    expect(passesStrictPrechecks(pk, sig)).toBe(true);
  });

  it('#49 fallback path: importKey throws ⇒ noble, identical results on random messages', async () => {
    let imports = 0;
    const counting: SubtleEd25519 = {
      importKey: () => {
        imports++;
        return Promise.reject(new Error('NotSupportedError'));
      },
      verify: () => Promise.reject(new Error('unreachable')),
    };
    const v = createEd25519Verifier(counting);
    for (let i = 0; i < 20; i++) {
      const m = crypto.getRandomValues(new Uint8Array(i * 7));
      const s = ed25519.sign(m, sk);
      const bad = s.slice();
      bad[i % 64]! ^= 1;
      expect(await v(pk, m, s)).toBe(await webcrypto(pk, m, s));
      expect(await v(pk, m, bad)).toBe(await webcrypto(pk, m, bad));
    }
    expect(imports).toBe(1); // decided once, then noble directly
  });

  it('#50 ECDSA P-256 is not used: only 64-byte Ed25519 signatures are accepted', async () => {
    const der = new Uint8Array(72).fill(0x30);
    expect(await webcrypto(pk, msg, der)).toBe(false);
  });

  it('PAE matches the DSSE spec example', () => {
    const out = new TextDecoder().decode(pae('http://example.com/HelloWorld', new TextEncoder().encode('hello world')));
    expect(out).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });
});
