/**
 * A finding's strings cut to what the ISOLATED world's parser takes (src/content/main/clamp.ts): a longer
 * one made the whole finding a "channel spoofed" report with no actor.
 */
import { describe, expect, it } from 'vitest';
import { clampActor, clampEvidence } from '../../../src/content/main/clamp.ts';
import { parseMainToIsolated, MAX_STRING } from '../../../src/shared/page-protocol.ts';
import type { Actor, EvidenceValue } from '../../../src/shared/findings.ts';

const padded = `https://evil.example/c?${'x'.repeat(5000)}`;

describe('clamp: a finding with a long URL still parses, its start kept', () => {
  it('cuts evidence strings in place and leaves the rest', () => {
    const evidence: Record<string, EvidenceValue> = { via: 'fetch', url: padded, bytes: 5000, afterSensitiveRead: true };
    const same = clampEvidence(evidence);
    expect(same).toBe(evidence);
    expect(evidence.url).toBe(padded.slice(0, MAX_STRING));
    expect(evidence).toMatchObject({ via: 'fetch', bytes: 5000, afterSensitiveRead: true });
  });

  it('copies an actor only when a field is too long, own fields only', () => {
    const short: Actor = { type: 'script', url: 'https://helper-cdn.test/a.js' };
    expect(clampActor(short)).toBe(short);
    const long: Actor = { type: 'script', url: `https://helper-cdn.test/a.js?${'p'.repeat(3000)}`, sha256: 'ab' };
    const cut = clampActor(long);
    expect(cut).not.toBe(long);
    expect(cut).toEqual({ type: 'script', url: long.url!.slice(0, MAX_STRING), sha256: 'ab' });
    expect(long.url!.length).toBeGreaterThan(MAX_STRING); // the shared actor is untouched
  });

  it('the parser refuses the unclamped finding and takes the clamped one', () => {
    const actor: Actor = { type: 'script', url: `https://helper-cdn.test/${'a'.repeat(3000)}.js` };
    const finding = (a: Actor, evidence: Record<string, EvidenceValue>) => ({
      t: 'finding',
      finding: { kind: 'page-request', actor: a, evidence, at: 1 },
    });
    expect(parseMainToIsolated(finding(actor, { via: 'fetch', url: padded }))).toBeNull();
    const parsed = parseMainToIsolated(finding(clampActor(actor), clampEvidence({ via: 'fetch', url: padded })));
    expect(parsed).not.toBeNull();
  });

  it("runs no setter the page put on Object.prototype when it copies a long actor (the copy's fields are new to it)", () => {
    const shared = Object.prototype as Record<string, unknown>;
    const reached: unknown[] = [];
    Object.defineProperty(shared, 'url', {
      configurable: true,
      set(this: unknown) {
        reached.push(this);
      },
    });
    let copy: Actor;
    try {
      copy = clampActor({ type: 'script', url: padded });
    } finally {
      delete shared.url;
    }
    expect(reached).toEqual([]);
    expect(copy.url).toHaveLength(MAX_STRING);
  });
});
