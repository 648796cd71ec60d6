import { describe, expect, it, vi } from 'vitest';

// The default storage is never used here: each test passes its own.
vi.mock('../../../src/platform/browser.ts', () => ({ default: { storage: { session: {} } } }));

const { fromThisRun, loadRunId } = await import('../../../src/background/run-id.ts');

/** storage.session as the browser keeps it: across worker restarts, until the extension reloads. */
function sessionStorage() {
  let items: Record<string, unknown> = {};
  return {
    get: async (key: string) => (key in items ? { [key]: items[key] } : {}),
    set: async (more: Record<string, unknown>) => void (items = { ...items, ...more }),
    /** What a reload or an update of the extension does to it. */
    reload: () => void (items = {}),
  };
}

describe('the extension run content scripts name in their messages', () => {
  it('stays the same across service-worker restarts and changes with a reload of the extension', async () => {
    const storage = sessionStorage();
    const first = await loadRunId(storage as never);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await loadRunId(storage as never)).toBe(first); // the worker restarted
    storage.reload();
    const second = await loadRunId(storage as never);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it('turns nothing away when storage cannot tell', async () => {
    const broken = { get: () => Promise.reject(new Error('gone')), set: () => Promise.reject(new Error('gone')) };
    const run = await loadRunId(broken as never);
    expect(run).toBeNull();
    expect(fromThisRun('11111111-1111-4111-8111-111111111111', run)).toBe(true);
  });

  it('ignores only a message that names another run (an orphan of a reload); one sent before the hello reply names none', () => {
    const run = '22222222-2222-4222-8222-222222222222';
    expect(fromThisRun(run, run)).toBe(true);
    expect(fromThisRun(undefined, run)).toBe(true);
    expect(fromThisRun('11111111-1111-4111-8111-111111111111', run)).toBe(false);
  });
});
