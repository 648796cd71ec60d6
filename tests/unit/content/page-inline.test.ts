import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createPageInline } from '../../../src/content/main/page-inline.ts';

// The natives module captures the DOM's interfaces, which Node has not: only the text encoder is used here.
vi.mock('../../../src/content/main/natives.ts', () => ({ encodeText: (text: string) => new TextEncoder().encode(text) }));

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('page-inline', () => {
  it("knows the shop's inline scripts by the SHA-256 of their text (V8's script hash), once their side is decided", () => {
    const inline = createPageInline();
    const shops = inline.inserted('window.tag = 1;');
    // Inserted before the profile named the shop's providers: not theirs yet.
    expect(inline.any()).toBe(false);
    expect(inline.has(sha256('window.tag = 1;'))).toBe(false);
    shops(true);
    expect(inline.any()).toBe(true);
    expect(inline.has(sha256('window.tag = 1;'))).toBe(true);
    inline.inserted('window.helper = 1;')(false);
    expect(inline.has(sha256('window.helper = 1;'))).toBe(false);
  });

  it("Firefox: trusts injected frames only while every inline script that may have run was the shop's side's", () => {
    const inline = createPageInline();
    // None inserted yet: nothing to trust.
    expect(inline.shopsOnly()).toBe(false);
    // An empty script is no script of theirs yet (its code comes later, from anyone).
    inline.inserted('')(true);
    expect(inline.shopsOnly()).toBe(false);
    inline.inserted('window.tag = 1;')(true);
    expect(inline.shopsOnly()).toBe(true);
    // One whose side is not decided yet holds the trust back until it is; deciding twice counts once.
    const later = inline.inserted('window.tag = 2;');
    expect(inline.shopsOnly()).toBe(false);
    later(true);
    later(true);
    expect(inline.shopsOnly()).toBe(true);
    inline.stranger();
    expect(inline.shopsOnly()).toBe(false);
    // For the rest of the document's life: a shop's script after it does not bring the trust back.
    inline.inserted('window.tag = 3;')(true);
    expect(inline.shopsOnly()).toBe(false);
    // Chromium's hashes are not touched by it.
    expect(inline.has(sha256('window.tag = 3;'))).toBe(true);
  });

  it("Firefox: a stranger's inline script ends the trust", () => {
    const inline = createPageInline();
    inline.inserted('window.tag = 1;')(true);
    inline.inserted('window.helper = 1;')(false);
    expect(inline.shopsOnly()).toBe(false);
  });
});
