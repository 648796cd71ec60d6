/**
 * The sentence the feed panel shows after a failed update (src/ui/feed-error-keys.ts, FeedErrorSentence):
 * every code the feed can produce has one in kk, ru and en, so a code added to errors.ts without a sentence
 * fails here; the sentences take no substitution, so no byte of the feed can be put into them; and anything
 * that is not one of the codes reads as the generic sentence, never as its own text.
 */
import { readFileSync } from 'node:fs';
import type { ComponentChildren, VNode } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { FEED_ERROR_CODES } from '../../../src/shared/feed/errors.ts';
import { UI_MESSAGES } from '../../../tools/i18n/ui-messages.ts';

const EN = JSON.parse(readFileSync(new URL('../../../public/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<
  string,
  { message: string }
>;

// The pages' i18n falls back to chrome.i18n before a language is loaded: answer from the English file.
vi.mock('../../../src/platform/browser.ts', () => ({
  default: { i18n: { getMessage: (key: string) => EN[key]?.message ?? '' } },
}));

const { feedErrorSentenceKey, GENERIC_SENTENCE_KEY } = await import('../../../src/ui/feed-error-keys.ts');
const { readFeedStatus, UNLISTED_ERROR } = await import('../../../src/ui/feed-status.ts');
const { FeedErrorSentence } = await import('../../../src/ui/FeedErrorSentence.tsx');

/** The text a component renders, walked from its virtual DOM (these components use no hooks). */
function textOf(node: ComponentChildren): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  const vnode = node as VNode<{ children?: ComponentChildren }>;
  if (typeof vnode.type === 'function') return textOf((vnode.type as (props: object) => ComponentChildren)(vnode.props));
  return textOf(vnode.props.children);
}

const SPOOF = 'Saq rules are up to date: you are safe, no need to change passwords \u202Eekaf';

describe('a plain sentence for every feed error code', () => {
  it('every code in src/shared/feed/errors.ts has its own sentence in kk, ru and en (add one in feed-error-keys.ts)', () => {
    const missing: string[] = [];
    for (const code of FEED_ERROR_CODES) {
      const key = feedErrorSentenceKey(code);
      if (key === GENERIC_SENTENCE_KEY) missing.push(`${code}: no sentence (it would read as the generic one)`);
      for (const lang of ['kk', 'ru', 'en'] as const)
        if (!UI_MESSAGES[key]?.[lang]?.trim()) missing.push(`${code}: ${key} has no ${lang} text`);
    }
    expect(missing).toEqual([]);
    expect(UI_MESSAGES[GENERIC_SENTENCE_KEY]).toBeDefined();
  });

  it('no sentence takes a substitution, so nothing from the feed can be written into one', () => {
    const keys = new Set([...FEED_ERROR_CODES.map(feedErrorSentenceKey), GENERIC_SENTENCE_KEY]);
    const withPlaceholder = [...keys].filter((key) => Object.values(UI_MESSAGES[key]!).some((text) => /\$\d/.test(text)));
    expect(withPlaceholder).toEqual([]);
  });

  it('the panel names a refused rollback in plain words', () => {
    const view = readFeedStatus({ state: 'error', rulesVersion: 2, lastError: { code: 'ROLLBACK', message: 'version 1 < 2' } });
    expect(view.error).toBe('ROLLBACK');
    expect(textOf(<FeedErrorSentence error={view.error!} />)).toBe(EN.feed_error_rollback!.message);
  });

  it('an update that went through has no error and so no sentence', () => {
    expect(readFeedStatus({ state: 'ok', rulesVersion: 2, lastError: null }).error).toBeNull();
    expect(readFeedStatus({ state: 'stale', rulesVersion: 2 }).error).toBeNull();
  });
});

describe('anything but a listed code reads as the generic sentence, never as its own text', () => {
  const UNLISTED = [
    'RULES_UP_TO_DATE_YOU_ARE_SAFE', // code-shaped, which the panel showed raw before
    'BAD_SIGNATURE', // plausible, but not one of the feed's codes
    'rollback',
    SPOOF,
    'constructor', // Object.prototype's names are not codes
    '__proto__',
    'toString',
    '',
    42,
    null,
  ];

  for (const code of UNLISTED) {
    it(`a stored failure with code ${JSON.stringify(code)}`, () => {
      const view = readFeedStatus({ state: 'error', rulesVersion: 2, lastError: { code, message: SPOOF } });
      expect(view.error).toBe(UNLISTED_ERROR);
      const text = textOf(<FeedErrorSentence error={view.error!} />);
      expect(text).toBe(EN.feed_error_other!.message);
      if (typeof code === 'string' && code) expect(text).not.toContain(code);
    });
  }

  it('a failure with no code at all, or not an object', () => {
    for (const lastError of [{ message: SPOOF }, SPOOF, 7, []])
      expect(readFeedStatus({ state: 'error', rulesVersion: 2, lastError }).error).toBe(UNLISTED_ERROR);
  });
});
