/**
 * The tab store: changes serialised per tab, applied in memory at once, written to storage.session
 * coalesced (a flood of findings must not queue one ~160 KB write per change), and `update` resolving
 * only once a write carrying its change has finished. A tab's writes start WRITE_GAP_MS apart at least (a
 * flood kept one write running all the time, on the cores the page needs), the first after a quiet spell at once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const session = new Map<string, unknown>();
const writes: unknown[] = [];
/** When each storage write began (Date.now). */
const writeStarts: number[] = [];
let release: (() => void) | null = null;
let holdWrites = false;

vi.mock('../../../src/platform/browser.ts', () => ({
  default: {
    storage: {
      session: {
        get: async (key: string | null) =>
          key === null ? Object.fromEntries(session) : session.has(key) ? { [key]: session.get(key) } : {},
        set: async (items: Record<string, unknown>) => {
          writeStarts.push(Date.now());
          if (holdWrites) await new Promise<void>((resolve) => (release = resolve));
          for (const [k, v] of Object.entries(items)) {
            writes.push(structuredClone(v));
            session.set(k, structuredClone(v));
          }
        },
        remove: async (key: string) => {
          if (holdWrites) await new Promise<void>((resolve) => (release = resolve));
          session.delete(key);
        },
      },
    },
  },
}));

const { createTabStore } = await import('../../../src/background/tab-store.ts');
type Rec = Parameters<Parameters<ReturnType<typeof createTabStore>['update']>[1]>[0];

const record = (count: number) =>
  ({ pageId: 'p', pageUrl: null, startedAt: 0, hooksSince: 0, findingCount: count, findings: [], verdicts: [] }) as NonNullable<Rec>;

describe('tab store', () => {
  beforeEach(() => {
    session.clear();
    writes.length = 0;
    writeStarts.length = 0;
    holdWrites = false;
    release = null;
  });

  it('coalesces writes under a burst of changes, and the last write holds the last change', async () => {
    const changes: number[] = [];
    const tabs = createTabStore({ onChange: (_tab, rec) => changes.push(rec?.findingCount ?? -1) });
    holdWrites = true;
    const first = tabs.update(1, () => record(1));
    await vi.waitFor(() => expect(release).not.toBeNull());
    // While the first write is held, 50 more changes arrive.
    const rest = Array.from({ length: 50 }, (_, i) => tabs.update(1, () => record(i + 2)));
    await vi.waitFor(() => expect(changes).toHaveLength(51));
    // Every change is in memory (and seen by onChange) before anything more is written.
    expect((await tabs.read(1))?.findingCount).toBe(51);
    holdWrites = false;
    release!();
    await Promise.all([first, ...rest]);
    expect(writes.length).toBe(2);
    expect((session.get('tab:1') as { findingCount: number }).findingCount).toBe(51);
  });

  it('resolves an update only after a write that carries its change', async () => {
    const tabs = createTabStore();
    holdWrites = true;
    let done = false;
    const pending = tabs.update(2, () => record(7)).then(() => (done = true));
    await vi.waitFor(() => expect(release).not.toBeNull());
    expect(done).toBe(false);
    holdWrites = false;
    release!();
    await pending;
    expect(done).toBe(true);
    expect(session.has('tab:2')).toBe(true);
  });

  it('a removed record is not read back from storage before its removal is written', async () => {
    session.set('tab:3', record(9));
    const tabs = createTabStore();
    expect((await tabs.read(3))?.findingCount).toBe(9);
    holdWrites = true;
    const removal = tabs.update(3, () => null);
    await vi.waitFor(() => expect(release).not.toBeNull());
    // Removed in memory, still in storage: the store must answer from memory.
    expect(session.has('tab:3')).toBe(true);
    expect(await tabs.read(3)).toBeUndefined();
    expect(await tabs.tabIds()).toEqual([]);
    holdWrites = false;
    release!();
    await removal;
    expect(session.has('tab:3')).toBe(false);
    expect(await tabs.read(3)).toBeUndefined();
    expect(await tabs.tabIds()).toEqual([]);
  });

  it("starts a tab's writes at least the gap apart under a stream of changes, and a change after a quiet spell at once", async () => {
    const gap = 120;
    const tabs = createTabStore({ writeGapMs: gap });
    const called = Date.now();
    await tabs.update(5, () => record(1));
    expect(writeStarts[0]! - called, 'the first write waited').toBeLessThan(gap / 2);
    // A stream: each change comes as the last write ends. Each is still answered only once written.
    for (let i = 2; i <= 4; i++) {
      await tabs.update(5, () => record(i));
      expect((session.get('tab:5') as { findingCount: number }).findingCount).toBe(i);
    }
    expect(writeStarts).toHaveLength(4);
    for (let i = 1; i < writeStarts.length; i++) expect(writeStarts[i]! - writeStarts[i - 1]!).toBeGreaterThanOrEqual(gap - 2);
    // Other tabs keep their own pace.
    const other = Date.now();
    await tabs.update(6, () => record(1));
    expect(writeStarts.at(-1)! - other).toBeLessThan(gap / 2);
    await new Promise((resolve) => setTimeout(resolve, gap + 20));
    const quiet = Date.now();
    await tabs.update(5, () => record(9));
    expect(writeStarts.at(-1)! - quiet, 'a change after a quiet spell waited').toBeLessThan(gap / 2);
  });

  it('a change that returns the same record writes nothing', async () => {
    const tabs = createTabStore();
    await tabs.update(4, () => record(1));
    const before = writes.length;
    await tabs.update(4, (current) => current!);
    expect(writes.length).toBe(before);
  });
});
