/**
 * Storage quota errors (unit, with a failing storage fake: a real browser's quota is hard to fill on
 * cue). `storage.session` holds every tab's findings so they survive the worker being stopped; when a
 * write fails — QUOTA_BYTES exceeded, or the storage area gone during shutdown — the verdict must still
 * reach the person (badge, warning): the write is what may be lost, never the judgement.
 * The feed's own storage failures are matrix row #52 (tests/unit/feed/h-lifecycle.test.ts, j-background).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };

const session = new Map<string, unknown>();
let failWrites = false;

vi.mock('../../../src/platform/browser.ts', () => ({
  default: {
    storage: {
      session: {
        get: async (key: string | null) =>
          key === null ? Object.fromEntries(session) : session.has(key) ? { [key]: session.get(key) } : {},
        set: async (items: Record<string, unknown>) => {
          if (failWrites) throw new Error('QUOTA_BYTES quota exceeded');
          for (const [k, v] of Object.entries(items)) session.set(k, structuredClone(v));
        },
        remove: async (key: string) => void session.delete(key),
      },
    },
  },
}));

const { createTabStore } = await import('../../../src/background/tab-store.ts');
const { createTabPages } = await import('../../../src/background/tab-pages.ts');
const { createEngine } = await import('../../../src/background/engine.ts');
const { emptyTraffic } = await import('../../../src/background/network-traffic.ts');
const { compileRuleSet } = await import('../../../src/shared/rules/compile.ts');

const engine = createEngine(compileRuleSet(baseline), 'test', Date.now);
const PAGE = 'https://kazcoins.nationalbank.kz/kz/product/snow-leopard-silver';
const from = { tabId: 3, topFrame: true, url: PAGE };
const PAGE_ID = '00000000-0000-0000-0000-000000000001';
const exfiltration = {
  kind: 'exfiltration' as const,
  actor: { type: 'script' as const, url: 'https://helper-cdn.test/a.js' },
  evidence: { url: 'https://api.telegram.org/bot1/sendMessage', via: 'fetch' },
  at: 1,
};

function setup() {
  const tabs = createTabStore();
  const traffic = {
    load: async () => emptyTraffic(),
    peek: () => emptyTraffic(),
    change: async () => emptyTraffic(),
    forget: () => undefined,
  };
  const shown: { tabId: number; ruleIds: string[] }[] = [];
  const pages = createTabPages({
    tabs,
    traffic: traffic as never,
    engine: async () => engine,
    onRecord: async (tabId, record) => void shown.push({ tabId, ruleIds: record.verdicts.map((v) => v.ruleId) }),
  });
  return { tabs, pages, shown };
}

describe('storage quota errors', () => {
  beforeEach(() => {
    session.clear();
    failWrites = false;
  });

  it('a finding judged while storage.session refuses writes still reaches the badge and the warning', async () => {
    const { pages, shown } = setup();
    await pages.startPage(from, PAGE_ID);
    failWrites = true;
    await pages.addFindings(from, PAGE_ID, [exfiltration]).catch(() => null);
    expect(shown.at(-1)?.ruleIds ?? []).toContain('SAQ-EXF-002');
  });

  it('the tab record stays correct in memory, and is written whole once storage accepts writes again', async () => {
    const { tabs, pages } = setup();
    await pages.startPage(from, PAGE_ID);
    failWrites = true;
    await pages.addFindings(from, PAGE_ID, [exfiltration]).catch(() => null);
    expect((await tabs.read(from.tabId))?.findingCount).toBe(1);
    failWrites = false;
    await pages.addFindings(from, PAGE_ID, [{ ...exfiltration, at: 2 }]);
    const stored = session.get(`tab:${from.tabId}`) as { findingCount: number; verdicts: unknown[] };
    expect(stored.findingCount).toBe(2); // nothing lost, nothing counted twice
  });
});
