/**
 * The badge's writes per tab: in the order of the calls, even when one look's colour is slow to be set, so the
 * badge ends with the last look asked for ("Delete my data" once ended with an old count on it).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const texts = new Map<number, string>();
let slowColour: Promise<void> | null = null;

vi.mock('../../../src/platform/browser.ts', () => ({
  default: {
    action: {
      setBadgeBackgroundColor: async () => {
        if (slowColour) await slowColour;
      },
      setBadgeText: async ({ tabId, text }: { tabId: number; text: string }) => void texts.set(tabId, text),
    },
  },
}));

const { applyBadge } = await import('../../../src/background/badge-apply.ts');
type Verdicts = Parameters<typeof applyBadge>[1];

const warnings = (count: number): Verdicts =>
  Array.from({ length: count }, (_, i) => ({
    ruleId: `SAQ-T-${i}`,
    severity: 'warning',
    finding: { kind: 'script-inserted', actor: { type: 'unknown' }, evidence: {}, at: i },
  })) as unknown as Verdicts;

describe('applyBadge', () => {
  beforeEach(() => {
    texts.clear();
    slowColour = null;
  });

  it('ends with the last look asked for when an earlier one is still waiting for its colour', async () => {
    let release!: () => void;
    slowColour = new Promise((resolve) => (release = resolve));
    const counting = applyBadge(7, warnings(6), 'p');
    const cleared = applyBadge(7, [], '');
    release();
    await Promise.all([counting, cleared]);
    expect(texts.get(7)).toBe('');
  });

  it('a call for the look already applied resolves once it is written, and writes nothing more', async () => {
    let release!: () => void;
    slowColour = new Promise((resolve) => (release = resolve));
    const first = applyBadge(8, warnings(2), 'p');
    let again = false;
    const second = applyBadge(8, warnings(2), 'p').then(() => (again = true));
    await Promise.resolve();
    expect(again).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(texts.get(8)).toBe('2');
  });
});
