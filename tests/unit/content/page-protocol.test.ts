import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH,
  MAX_CODE_TEXT,
  MAX_FRAME_URL,
  MAX_STRING,
  newLaneType,
  parseLaneMessage,
  parseMainBatch,
  parseMainToIsolated,
  scriptKey,
} from '../../../src/shared/page-protocol.ts';
import { parseIsolatedToMain } from '../../../src/content/main/profile-message.ts';

const finding = { kind: 'script-inserted', actor: { type: 'script', url: 'https://x.test/a.js' }, evidence: { source: 'url' }, at: 1 };

describe('parseMainToIsolated', () => {
  it('accepts well-formed messages of each type', () => {
    expect(parseMainToIsolated({ t: 'finding', finding })).toEqual({ t: 'finding', finding });
    expect(parseMainToIsolated({ t: 'synthetic', eventType: 'click', at: 5.5, actor: { type: 'anonymous' } })).toEqual({
      t: 'synthetic',
      eventType: 'click',
      at: 5.5,
      actor: { type: 'anonymous' },
    });
    expect(parseMainToIsolated({ t: 'hooked-insertions', keys: ['src:https://x.test/a.js'] })).toEqual({
      t: 'hooked-insertions',
      keys: ['src:https://x.test/a.js'],
    });
    const load = { t: 'frame-resource', url: 'https://x.test/p.gif?c=1', type: 'img', at: 1_765_000_000_000.5, cut: false };
    expect(parseMainToIsolated({ ...load, extra: 1 })).toEqual(load);
  });

  it("takes a frame load's address up to MAX_FRAME_URL, a browser's longest (a secret may sit anywhere in it)", () => {
    const load = (url: string) => parseMainToIsolated({ t: 'frame-resource', url, type: 'img', at: 1, cut: false });
    expect(load('x'.repeat(MAX_FRAME_URL))).not.toBeNull();
    expect(load('x'.repeat(MAX_FRAME_URL + 1))).toBeNull();
  });

  it('takes a code text up to MAX_CODE_TEXT (a fold of a flood’s texts), every other string up to MAX_STRING', () => {
    const withEvidence = (evidence: Record<string, unknown>) => parseMainToIsolated({ t: 'finding', finding: { ...finding, evidence } });
    expect(withEvidence({ text: 'x'.repeat(MAX_CODE_TEXT) })).not.toBeNull();
    expect(withEvidence({ text: 'x'.repeat(MAX_CODE_TEXT + 1) })).toBeNull();
    expect(withEvidence({ src: 'x'.repeat(MAX_STRING) })).not.toBeNull();
    expect(withEvidence({ src: 'x'.repeat(MAX_STRING + 1) })).toBeNull();
  });

  it('drops fields a synthetic announcement does not have (the retired hashPending among them)', () => {
    const inline = { t: 'synthetic', eventType: 'click', at: 5.5, actor: { type: 'inline' } };
    expect(parseMainToIsolated({ ...inline, hashPending: true })).toEqual(inline);
    expect(parseMainToIsolated({ ...inline, extra: 1 })).toEqual(inline);
  });

  it("keeps a synthetic announcement's call span (`until`) only when it ends at or after its start", () => {
    const call = { t: 'synthetic', eventType: 'click', at: 5.5, actor: { type: 'script', url: 'https://x.test/a.js' } };
    expect(parseMainToIsolated({ ...call, until: 5.75 })).toEqual({ ...call, until: 5.75 });
    expect(parseMainToIsolated({ ...call, until: 5.5 })).toEqual({ ...call, until: 5.5 });
    expect(parseMainToIsolated({ ...call, until: 5.25 })).toBeNull();
    expect(parseMainToIsolated({ ...call, until: '6' })).toBeNull();
    expect(parseMainToIsolated({ ...call, until: Infinity })).toBeNull();
  });

  it.each([
    ['not an object', 'finding'],
    ['unknown type', { t: 'verdict', severity: 'clean' }],
    ['unknown finding kind', { t: 'finding', finding: { ...finding, kind: 'all-clear' } }],
    ['unknown actor type', { t: 'finding', finding: { ...finding, actor: { type: 'bank' } } }],
    ['nested evidence', { t: 'finding', finding: { ...finding, evidence: { a: { b: 1 } } } }],
    ['non-finite number', { t: 'finding', finding: { ...finding, evidence: { n: Infinity } } }],
    ['huge string', { t: 'finding', finding: { ...finding, evidence: { s: 'x'.repeat(5000) } } }],
    [
      'too many evidence fields',
      { t: 'finding', finding: { ...finding, evidence: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])) } },
    ],
    ['missing time', { t: 'synthetic', eventType: 'click', actor: { type: 'page' } }],
    ['no insertion keys', { t: 'hooked-insertions', keys: [] }],
    ['more than 64 insertion keys', { t: 'hooked-insertions', keys: Array.from({ length: 65 }, (_, i) => `src:${i}`) }],
    ['an insertion key that is not text', { t: 'hooked-insertions', keys: ['src:a', 7] }],
    ['insertion keys that are not a list', { t: 'hooked-insertions', keys: 'src:a' }],
    ['a frame load with no address', { t: 'frame-resource', type: 'img', at: 1, cut: false }],
    ['a frame load whose type is not text', { t: 'frame-resource', url: 'https://x.test/', type: 7, at: 1, cut: false }],
    ['a frame load at no finite time', { t: 'frame-resource', url: 'https://x.test/', type: 'img', at: Infinity, cut: false }],
    ['a frame load not saying whether it was cut', { t: 'frame-resource', url: 'https://x.test/', type: 'img', at: 1 }],
  ])('ignores %s', (_name, message) => {
    expect(parseMainToIsolated(message)).toBeNull();
  });

  it('does not let __proto__ keys through', () => {
    const evil = JSON.parse(
      '{"t":"finding","finding":{"kind":"script-inserted","actor":{"type":"page"},"evidence":{"__proto__":{"x":1}},"at":1}}',
    );
    expect(parseMainToIsolated(evil)).toBeNull();
  });
});

describe('parseMainBatch', () => {
  it('parses each message of a batch on its own, a malformed one as null', () => {
    const hooked = { t: 'hooked-insertions', keys: ['inline:1:x'] };
    expect(parseMainBatch([{ t: 'finding', finding }, { t: 'verdict' }, hooked])).toEqual([{ t: 'finding', finding }, null, hooked]);
  });

  it('reads a lone message (not an array) as a batch of one, and anything else as one malformed message', () => {
    expect(parseMainBatch({ t: 'finding', finding })).toEqual([{ t: 'finding', finding }]);
    expect(parseMainBatch('finding')).toEqual([null]);
    expect(parseMainBatch([])).toEqual([]);
  });

  it('reads no more than MAX_BATCH items of a batch', () => {
    const many = Array.from({ length: MAX_BATCH + 5 }, (_, i) => ({ t: 'hooked-insertions', keys: [`src:${i}`] }));
    const parsed = parseMainBatch(many);
    expect(parsed).toHaveLength(MAX_BATCH);
    expect(parsed.at(-1)).toEqual({ t: 'hooked-insertions', keys: [`src:${MAX_BATCH - 1}`] });
  });
});

describe('scriptKey', () => {
  it('keys external scripts by URL and inline ones by their text', () => {
    expect(scriptKey('https://a.test/x.js', '')).toBe('src:https://a.test/x.js');
    expect(scriptKey('', 'alert(1)')).toBe('inline:8:alert(1)');
  });
  it('cuts a long address, so a message of keys is never refused for one (a shop tag with a long query)', () => {
    const key = scriptKey(`https://a.test/t.js?${'x'.repeat(5000)}`, '');
    expect(key.length).toBeLessThanOrEqual(2048);
    expect(parseMainToIsolated({ t: 'hooked-insertions', keys: [key] })).toEqual({ t: 'hooked-insertions', keys: [key] });
  });
});

describe('parseIsolatedToMain', () => {
  const AMONG = { t: 'among', selector: 'form', complete: true, bare: '', attributed: '', tags: ['form', 'form'] };
  const profile = {
    firstPartyOrigins: ['https://kazcoins.nationalbank.kz'],
    trustedOrigins: ['https://epay.kazpay.test'],
    requestPrefixes: ['/api/cart/'],
    controlSelectors: ['[data-action="add-to-cart"]'],
    sensitiveFieldSelectors: ['input[type="password"]'],
  };

  it('accepts the site profile', () => {
    expect(parseIsolatedToMain({ t: 'profile', profile })).toEqual({ t: 'profile', profile });
  });

  it('accepts a focus in a closed root, in each secret field or none, and keeps nothing else it carries', () => {
    for (const field of ['', 'password', 'sms-code', 'cert-password', 'card'])
      expect(parseIsolatedToMain({ t: 'closed-focus', at: 1234.5, field, value: 'abc' })).toEqual({ t: 'closed-focus', at: 1234.5, field });
  });

  it('accepts the lane and its ask type, fresh each time', () => {
    const type = newLaneType();
    const ask = newLaneType();
    expect(type).toMatch(/^saq-[0-9a-f-]{36}$/);
    expect(ask).not.toBe(type);
    expect(parseIsolatedToMain({ t: 'lane', type, ask, handover: '' })).toEqual({ t: 'lane', type, ask, handover: '' });
    const handover = newLaneType();
    expect(parseIsolatedToMain({ t: 'lane', type, ask, handover })).toEqual({ t: 'lane', type, ask, handover });
  });

  it('accepts the lists the MAIN world matches added elements against, sorted, and whether they are complete', () => {
    const among = { t: 'among', selector: 'form,.buy', complete: true, bare: '', attributed: '.buy', tags: ['form', 'form'] };
    expect(parseIsolatedToMain({ ...among, more: 1 })).toEqual(among);
    const empty = { t: 'among', selector: '', complete: false, bare: '', attributed: '', tags: [] };
    expect(parseIsolatedToMain(empty)).toEqual(empty);
  });

  it("does not take a lane's hand-over type, or an among list, from the page's Object.prototype", () => {
    const planted = { handover: 'z'.repeat(40), selector: '*', complete: true, bare: '*', attributed: '', tags: [] };
    try {
      for (const [key, value] of Object.entries(planted))
        Object.defineProperty(Object.prototype, key, { get: () => value, configurable: true });
      expect(parseIsolatedToMain({ t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40) })).toBeNull();
      expect(parseIsolatedToMain({ t: 'among' })).toBeNull();
    } finally {
      for (const key of Object.keys(planted)) Reflect.deleteProperty(Object.prototype, key);
    }
  });

  it.each([
    ['a lane with a short type', { t: 'lane', type: 'saq-1', ask: 'y'.repeat(40) }],
    ['a lane with no ask type', { t: 'lane', type: 'x'.repeat(40) }],
    ['a lane with a short ask type', { t: 'lane', type: 'x'.repeat(40), ask: 'saq-1' }],
    ['a lane with a non-string ask type', { t: 'lane', type: 'x'.repeat(40), ask: 40 }],
    ['a lane with no type', { t: 'lane' }],
    ['a lane with no hand-over type', { t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40) }],
    ['a lane with a short hand-over type', { t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40), handover: 'saq-1' }],
    ['a lane with a non-string hand-over type', { t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40), handover: 40 }],
    ['an among list that is not text', { ...AMONG, selector: ['form'] }],
    ['an among list past its length', { ...AMONG, selector: 'a,'.repeat(40_000) }],
    ['an among list with no word on whether it is complete', { ...AMONG, complete: undefined }],
    ['an among list whose completeness is text', { ...AMONG, complete: 'yes' }],
    ['an among list with no buckets', { t: 'among', selector: 'form', complete: true }],
    ['an among list with a bucket that is not text', { ...AMONG, attributed: 5 }],
    ['an among list with an odd list of types', { ...AMONG, tags: ['form'] }],
    ['an among list with a type list that is not a list', { ...AMONG, tags: 'form' }],
    ['an among list with a type that is not text', { ...AMONG, tags: ['form', 5] }],
    ['an among list with too many types', { ...AMONG, tags: Array.from({ length: 130 }, () => 'a') }],
    ['a lane with a non-string type', { t: 'lane', type: 40 }],
    ['a missing list', { t: 'profile', profile: { ...profile, trustedOrigins: undefined } }],
    ['a non-string entry', { t: 'profile', profile: { ...profile, requestPrefixes: [1] } }],
    ['a huge entry', { t: 'profile', profile: { ...profile, controlSelectors: ['x'.repeat(5000)] } }],
    ['an unknown type', { t: 'verdict', profile }],
    ['a focus in a field kind Saq does not know', { t: 'closed-focus', at: 5, field: 'login' }],
    ['a focus with no field named', { t: 'closed-focus', at: 5 }],
    ['a focus at no time', { t: 'closed-focus', at: Number.NaN, field: 'password' }],
    ['a focus before the document', { t: 'closed-focus', at: -1, field: 'password' }],
    ['a focus at an endless time', { t: 'closed-focus', at: Infinity, field: 'password' }],
    ['a focus whose time is text', { t: 'closed-focus', at: '5', field: 'password' }],
  ])('ignores %s', (_name, message) => {
    expect(parseIsolatedToMain(message)).toBeNull();
  });

  it('reads the profile whole in a page that planted accessors on Object.prototype and replaced the array natives', () => {
    const planted: string[][] = [];
    const arrayProto = Array.prototype as unknown as Record<PropertyKey, unknown>;
    const saved = { isArray: Array.isArray, every: arrayProto.every, iterator: arrayProto[Symbol.iterator] };
    // What a hostile page does before the profile arrives: take the lists and answer with its own.
    Object.defineProperty(Object.prototype, 'trustedOrigins', {
      configurable: true,
      set: (list: string[]) => void planted.push(list),
      get: () => ['https://api.telegram.org'],
    });
    Array.isArray = (() => false) as unknown as typeof Array.isArray;
    arrayProto.every = () => false;
    arrayProto[Symbol.iterator] = function* () {};
    let parsed: ReturnType<typeof parseIsolatedToMain>;
    try {
      parsed = parseIsolatedToMain({ t: 'profile', profile });
    } finally {
      delete (Object.prototype as Record<string, unknown>).trustedOrigins;
      Array.isArray = saved.isArray;
      arrayProto.every = saved.every;
      arrayProto[Symbol.iterator] = saved.iterator;
    }
    expect(planted).toEqual([]);
    expect(parsed?.t).toBe('profile');
    const read = parsed?.t === 'profile' ? parsed.profile : null;
    expect(read?.trustedOrigins).toEqual(['https://epay.kazpay.test']);
    expect(Object.getPrototypeOf(read)).toBeNull();
    expect({ ...read }).toEqual(profile);
  });
});

describe('parseLaneMessage', () => {
  const synthetic = { t: 'synthetic', eventType: 'click', at: 12.5, actor: { type: 'script', url: 'https://helper-cdn.example/a.js' } };

  it('reads a message sent as JSON text', () => {
    expect(parseLaneMessage(JSON.stringify(synthetic))).toEqual(synthetic);
  });

  it.each([
    ['an object instead of text', synthetic],
    ['text that is not JSON', '{"t":"synthetic",'],
    ['JSON of the wrong shape', JSON.stringify({ ...synthetic, at: 'soon' })],
    ['a batch (the lane carries one message)', JSON.stringify([synthetic])],
    ['text past 8 KiB', JSON.stringify({ ...synthetic, eventType: 'x'.repeat(8200) })],
    ['nothing', null],
  ])('ignores %s', (_name, detail) => {
    expect(parseLaneMessage(detail)).toBeNull();
  });
});
