/**
 * The page lifecycle in the background with in-memory stores: a new page starts a new record, the
 * hooks' "ready" may arrive before or after the page's hello, a reload storm is stamped on the new page.
 */
import { describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };
import { createEngine } from '../../../src/background/engine.ts';
import { emptyTraffic, observeRequest, type TabTraffic } from '../../../src/background/network-traffic.ts';
import { KEPT_AFTER_LEAVING_MS, warnedVerdicts, type TabRecord } from '../../../src/background/tab-findings.ts';
import { createTabPages } from '../../../src/background/tab-pages.ts';
import type { TabStore } from '../../../src/background/tab-store.ts';
import type { TrafficStore } from '../../../src/background/traffic-store.ts';
import type { Verdict } from '../../../src/shared/findings.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';

const engine = createEngine(compileRuleSet(baseline), 'test', Date.now);
const PAGE = 'https://kazcoins.nationalbank.kz/kz/product/snow-leopard-silver';
const from = { tabId: 7, topFrame: true, url: PAGE };
const pageId = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

function fakes(traffic: TabTraffic = emptyTraffic()) {
  const records = new Map<number, TabRecord>();
  const tabs = {
    read: async (tabId: number) => records.get(tabId),
    update: async (tabId: number, change: (record: TabRecord | undefined) => TabRecord | null) => {
      const next = change(records.get(tabId));
      if (next) records.set(tabId, next);
      else records.delete(tabId);
      return next;
    },
  } as unknown as TabStore;
  /** While set, traffic changes wait for it (storage being read after a worker restart). */
  let hold: Promise<void> | null = null;
  const store = {
    load: async () => traffic,
    peek: () => traffic,
    change: async (_tabId: number, update: (t: TabTraffic) => TabTraffic | Promise<TabTraffic>) => {
      await hold;
      return (traffic = await update(traffic));
    },
    forget: () => undefined,
  } as unknown as TrafficStore;
  const slowTraffic = (): (() => void) => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    return () => {
      hold = null;
      release();
    };
  };
  const shown: TabRecord[] = [];
  /** The background's page lifecycle over these stores; called again, a restarted worker's (nothing in memory). */
  const start = () =>
    createTabPages({
      tabs,
      traffic: store,
      engine: async () => engine,
      onRecord: async (_id, record) => void shown.push(record),
      now: () => 100_000,
    });
  return { pages: start(), restart: start, records, shown, slowTraffic };
}

describe('tab pages', () => {
  it('takes the hooks as ready, from when they said so, whichever message arrives first', async () => {
    const first = fakes();
    await first.pages.startPage(from, pageId(1));
    expect(first.records.get(7)!.hooksSince).toBeNull();
    await first.pages.hooksReady(from, pageId(1), 99_950);
    expect(first.records.get(7)!.hooksSince).toBe(99_950);
    // A second word (a re-injected script) does not move the time the hooks were first known to be there.
    await first.pages.hooksReady(from, pageId(1), 99_990);
    expect(first.records.get(7)!.hooksSince).toBe(99_950);

    const second = fakes();
    await second.pages.hooksReady(from, pageId(2), 99_960);
    await second.pages.startPage(from, pageId(2));
    expect(second.records.get(7)!.hooksSince).toBe(99_960);
  });

  it('keeps the word when the page’s findings create its record before its hello is handled (a worker just started)', async () => {
    const { pages, records } = fakes();
    await pages.hooksReady(from, pageId(4), 99_970);
    await pages.addFindings(from, pageId(4), [
      { kind: 'page-request', actor: { type: 'page' }, evidence: { url: `${PAGE}/api/stock`, method: 'GET' }, at: 99_980 },
    ]);
    await pages.startPage(from, pageId(4));
    expect(records.get(7)!.pageId).toBe(pageId(4));
    expect(records.get(7)!.hooksSince).toBe(99_970);
  });

  it('puts the findings a new page sends before its record is set up into that page, not the previous one', async () => {
    const { pages, records, slowTraffic } = fakes();
    await pages.startPage(from, pageId(1));
    // The new page's hello is handled first, but its traffic read waits (storage, after a worker restart).
    const release = slowTraffic();
    const started = pages.startPage(from, pageId(2));
    const early = {
      kind: 'script-inserted' as const,
      actor: { type: 'script' as const, url: 'https://helper-cdn.example/a.js' },
      evidence: { src: 'https://helper-cdn.example/b.js' },
      at: 99_990,
    };
    const added = pages.addFindings(from, pageId(2), [early]);
    const framed = pages.addFindings({ ...from, topFrame: false, url: `${PAGE}#frame` }, pageId(3), [{ ...early, at: 99_991 }]);
    release();
    await Promise.all([started, added, framed]);
    const record = records.get(7)!;
    expect(record.pageId).toBe(pageId(2));
    expect(record.findingCount).toBe(2);
    expect(record.verdicts.length).toBeGreaterThan(0);
  });

  it('ignores the word of a frame other than the top one and of another page', async () => {
    const { pages, records } = fakes();
    await pages.startPage(from, pageId(1));
    await pages.hooksReady({ ...from, topFrame: false }, pageId(1), 99_950);
    await pages.hooksReady(from, pageId(3), 99_950);
    expect(records.get(7)!.hooksSince).toBeNull();
  });

  it('starts a new record for a new page and keeps it for a repeated hello', async () => {
    const { pages, records } = fakes();
    await pages.startPage(from, pageId(1));
    await pages.addFindings(from, pageId(1), [
      {
        kind: 'untrusted-activation',
        actor: { type: 'extension' },
        evidence: { control: 'add-to-cart', event: 'click', count: 1 },
        at: 100_000,
      },
    ]);
    await pages.startPage(from, pageId(1));
    expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toEqual(['SAQ-ACT-001']);
    await pages.startPage(from, pageId(2));
    expect(records.get(7)!.verdicts).toEqual([]);
  });

  it('after "Delete my data", takes no finding the page stamped before it, and every one after', async () => {
    const { pages, records } = fakes();
    const activation = (at: number) => ({
      kind: 'untrusted-activation' as const,
      actor: { type: 'extension' as const },
      evidence: { control: 'add-to-cart', event: 'click', count: 1 },
      at,
    });
    pages.forgetSeenBefore(100_000);
    // In flight from the page's relay when the person deleted: forgotten with the rest.
    await pages.addFindings(from, pageId(1), [activation(99_990)]);
    expect(records.get(7)).toBeUndefined();
    await pages.addFindings(from, pageId(1), [activation(100_010)]);
    expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toEqual(['SAQ-ACT-001']);
  });

  describe('a tab that left the page', () => {
    const activation = (at: number) => ({
      kind: 'untrusted-activation' as const,
      actor: { type: 'extension' as const },
      evidence: { control: 'add-to-cart', event: 'click', count: 1 },
      at,
    });
    const frame = { ...from, topFrame: false, url: `${PAGE}#frame` };

    it("takes none of the old page's or its frames' last findings: no record comes back", async () => {
      const { pages, records, shown } = fakes();
      await pages.startPage(from, pageId(1));
      pages.hello(frame, pageId(2));
      await pages.addFindings(from, pageId(1), [activation(100_000)]);
      expect(await pages.leave(7)).toEqual({ had: true, kept: null });
      const shownBefore = shown.length;
      await pages.addFindings(from, pageId(1), [activation(100_010)]);
      await pages.addFindings(frame, pageId(2), [activation(100_011)]);
      expect(records.get(7)).toBeUndefined();
      expect(shown.length, 'a late finding re-applied the badge').toBe(shownBefore);
      expect(await pages.leave(7)).toEqual({ had: false, kept: null });
    });

    it('drops findings that were waiting for the tab when it left', async () => {
      const { pages, records, slowTraffic } = fakes();
      await pages.startPage(from, pageId(1));
      const release = slowTraffic();
      // A second hello of the same page holds the tab's chain; a finding queues behind it; the tab leaves.
      const again = pages.startPage(from, pageId(1));
      const waiting = pages.addFindings(from, pageId(1), [activation(100_000)]);
      const left = pages.leave(7);
      release();
      await Promise.all([again, waiting, left]);
      expect(records.get(7)).toBeUndefined();
    });

    it('knows the page the record names even when the worker restarted since it spoke', async () => {
      const { pages, restart, records } = fakes();
      await pages.startPage(from, pageId(1));
      const restarted = restart();
      await restarted.leave(7);
      await restarted.addFindings(from, pageId(1), [activation(100_010)]);
      expect(records.get(7)).toBeUndefined();
    });

    const theft = (at: number) => ({
      kind: 'page-request' as const,
      actor: { type: 'script' as const, url: 'https://helper-cdn.test/steal.js' },
      evidence: { via: 'fetch', url: 'https://api.telegram.org/bot1/sendMessage', method: 'POST', bytes: 40, sensitiveReadMsAgo: 5 },
      at,
    });

    it('keeps an alarm when the tab leaves the shop — the helper may navigate away right after it acts — and drops it when the tab closes', async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [theft(100_000)]);
      expect(records.get(7)!.verdicts.map((v) => v.severity)).toContain('critical');
      const { had, kept } = await pages.leave(7);
      expect(had).toBe(true);
      expect(kept?.leftAt).toBe(100_000);
      expect(records.get(7)).toEqual(kept);
      // Its page is gone: late findings, and network findings from whatever the tab shows now, are not added.
      await pages.addFindings(from, pageId(1), [theft(100_010)]);
      await pages.addObserved(7, () => [activation(100_011)]);
      expect(records.get(7)).toEqual(kept);
      // A second navigation away keeps it as it is; closing the tab drops it.
      expect((await pages.leave(7)).kept).toEqual(kept);
      expect(await pages.leave(7, true)).toEqual({ had: true, kept: null });
      expect(records.get(7)).toBeUndefined();
    });

    it('lets a warning go with its page', async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [activation(100_000)]);
      expect(records.get(7)!.verdicts.map((v) => v.severity)).toEqual(['warning']);
      expect(await pages.leave(7)).toEqual({ had: true, kept: null });
    });

    it('replaces a kept alarm with the next shop page the tab shows, and shows it again when its own page comes back', async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [theft(100_000)]);
      await pages.leave(7);
      // Back from the back-forward cache: the same page, shown again.
      await pages.startPage(from, pageId(1));
      expect(records.get(7)!.pageId).toBe(pageId(1));
      expect(records.get(7)!.leftAt).toBeUndefined();
      expect(records.get(7)!.verdicts.length).toBeGreaterThan(0);
      const kept = (await pages.leave(7)).kept;
      // A frame is no new page: the site the tab went to may frame the shop to wipe the alarm with it.
      pages.hello(frame, pageId(8));
      await pages.addFindings(frame, pageId(8), [activation(100_015)]);
      expect(records.get(7)).toEqual(kept);
      // A new page's first findings (its top frame's, before its hello) start its own record, not the old page's.
      await pages.addFindings(from, pageId(9), [activation(100_020)]);
      expect(records.get(7)!.pageId).toBe(pageId(9));
      expect(records.get(7)!.leftAt).toBeUndefined();
      expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toEqual(['SAQ-ACT-001']);
      // …and the alarm the tab kept stays in view on it, as an earlier page's.
      expect(records.get(7)!.earlier).toMatchObject({ pageUrl: PAGE, leftAt: 100_000 });
      expect(records.get(7)!.earlier!.verdicts).toEqual(kept!.verdicts);
      await pages.leave(7, true);
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [theft(100_030)]);
      await pages.leave(7);
      await pages.startPage(from, pageId(10));
      expect(records.get(7)).toMatchObject({ pageId: pageId(10), verdicts: [] });
      expect(records.get(7)!.leftAt).toBeUndefined();
      expect(records.get(7)!.earlier!.verdicts.map((v) => v.severity)).toContain('critical');
    });

    it('keeps an alarm in view when the helper reloads the page or moves it to another shop page right after it acts', async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [theft(100_000)]);
      const alarmed = records.get(7)!;
      // The reload: a new page, clean so far, with the old page's alarm as an earlier page's.
      await pages.startPage(from, pageId(2));
      expect(records.get(7)).toMatchObject({ pageId: pageId(2), verdicts: [], findingCount: 0 });
      expect(records.get(7)!.earlier).toEqual({
        pageUrl: PAGE,
        startedAt: alarmed.startedAt,
        leftAt: 100_000,
        findingCount: alarmed.findingCount,
        verdicts: alarmed.verdicts,
        fresh: true,
      });
      // A clean page passes it on; a page with its own alarm passes on its own (the latest).
      await pages.startPage({ ...from, url: `${PAGE}?2` }, pageId(3));
      expect(records.get(7)!.earlier!.verdicts).toEqual(alarmed.verdicts);
      expect(records.get(7)!.earlier!.fresh, 'passed on: its warning was raised on the page before').toBe(false);
      await pages.addFindings(from, pageId(3), [
        { ...theft(100_050), actor: { type: 'script' as const, url: 'https://helper-cdn.test/other.js' } },
      ]);
      await pages.startPage(from, pageId(4));
      expect(records.get(7)!.earlier!.pageUrl).toBe(`${PAGE}?2`);
      expect(records.get(7)!.earlier!.verdicts.every((v) => v.finding.actor.url === 'https://helper-cdn.test/other.js')).toBe(true);
      // Leaving the shop with only an earlier alarm keeps the record; the person dismissing the alarm drops it.
      expect((await pages.leave(7)).kept?.leftAt).toBe(100_000);
      expect(await pages.dismissEarlier(7)).toBeNull();
      expect(records.get(7)).toBeUndefined();
    });

    it('carries no warning, and drops an earlier alarm the person dismissed or whose time is up', async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.addFindings(from, pageId(1), [activation(100_000)]);
      await pages.startPage(from, pageId(2));
      expect(records.get(7)!.earlier).toBeUndefined();
      await pages.addFindings(from, pageId(2), [theft(100_010)]);
      await pages.startPage(from, pageId(3));
      expect(records.get(7)!.earlier).toBeDefined();
      // Dismissed: this page's record stays, without it.
      expect(await pages.dismissEarlier(7)).toMatchObject({ pageId: pageId(3) });
      expect(records.get(7)!.earlier).toBeUndefined();
      expect(await pages.dismissEarlier(7)).toMatchObject({ pageId: pageId(3) });
      // Time up: dropped from the page that shows it, and a record kept only for it goes.
      await pages.addFindings(from, pageId(3), [theft(100_020)]);
      await pages.startPage(from, pageId(4));
      expect(await pages.expire(7, 100_000 + KEPT_AFTER_LEAVING_MS)).toMatchObject({ pageId: pageId(4) });
      expect(records.get(7)!.earlier).toBeDefined();
      expect((await pages.expire(7, 100_001 + KEPT_AFTER_LEAVING_MS))!.earlier).toBeUndefined();
      await pages.addFindings(from, pageId(4), [theft(100_030)]);
      await pages.startPage(from, pageId(5));
      await pages.leave(7);
      expect(await pages.expire(7, 100_001 + KEPT_AFTER_LEAVING_MS)).toBeNull();
      expect(records.get(7)).toBeUndefined();
    });

    it("takes a new page's findings, and a page back from the back-forward cache once it says hello again", async () => {
      const { pages, records } = fakes();
      await pages.startPage(from, pageId(1));
      await pages.leave(7);
      await pages.addFindings(from, pageId(5), [activation(100_020)]);
      expect(records.get(7)!.pageId, 'a new page in the tab').toBe(pageId(5));
      await pages.leave(7);

      await pages.startPage(from, pageId(1));
      pages.hello(frame, pageId(2));
      await pages.addFindings(frame, pageId(2), [activation(100_030)]);
      expect(records.get(7)!.pageId).toBe(pageId(1));
      expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toEqual(['SAQ-ACT-001']);
    });

    describe("for another shop page: the old page's last findings, handled after the new page's hello", () => {
      const OTHER = 'https://kazcoins.nationalbank.kz/kz/product/golden-eagle';
      const next = { ...from, url: OTHER };
      const severities = (record: TabRecord | undefined) => record!.verdicts.map((v) => v.severity);

      it('are judged into the old page, whose alarm the new page shows as the page just before’s', async () => {
        const { pages, records, shown } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        // In flight while the helper sent the tab on, right after it acted.
        await pages.addFindings(from, pageId(1), [theft(99_990)]);
        const record = records.get(7)!;
        expect(record).toMatchObject({ pageId: pageId(2), pageUrl: OTHER, verdicts: [], findingCount: 0 });
        expect(record.earlier).toMatchObject({ pageUrl: PAGE, leftAt: 100_000, findingCount: 2, fresh: true });
        expect(record.earlier!.verdicts.map((v) => v.severity)).toContain('critical');
        // The in-page warning is raised on the new page for it, and the badge is told.
        expect(warnedVerdicts(record).map((v) => v.severity)).toContain('critical');
        expect(shown.at(-1)).toEqual(record);
      });

      it('replace an older page’s alarm the new page carried: only the latest page with an alarm is kept', async () => {
        const { pages, records } = fakes();
        await pages.startPage({ ...from, url: `${PAGE}?0` }, pageId(1));
        await pages.addFindings(from, pageId(1), [
          { ...theft(99_900), actor: { type: 'script' as const, url: 'https://helper-cdn.test/old.js' } },
        ]);
        await pages.startPage(from, pageId(2));
        await pages.startPage(next, pageId(3));
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: `${PAGE}?0`, fresh: false });
        await pages.addFindings(from, pageId(2), [theft(99_990)]);
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: PAGE, fresh: true });
        expect(records.get(7)!.earlier!.verdicts.every((v) => v.finding.actor.url === 'https://helper-cdn.test/steal.js')).toBe(true);
        expect(records.get(7)!.verdicts).toEqual([]);
      });

      it('that give the old page a warning only leave the new page as it was', async () => {
        const { pages, records, shown } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        const before = records.get(7);
        const shownBefore = shown.length;
        await pages.addFindings(from, pageId(1), [activation(99_990)]);
        expect(records.get(7)).toBe(before);
        expect(shown.length, 'nothing changed on the tab').toBe(shownBefore);
      });

      it('count with the findings the old page sent before: the third untrusted click is an auto-clicker', async () => {
        const { pages, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.addFindings(from, pageId(1), [activation(99_980)]);
        await pages.addFindings(from, pageId(1), [activation(99_985)]);
        expect(severities(records.get(7))).toEqual(['warning']);
        await pages.startPage(next, pageId(2));
        await pages.addFindings(from, pageId(1), [activation(99_990)]);
        expect(records.get(7)!.verdicts).toEqual([]);
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: PAGE, findingCount: 3, fresh: true });
        expect(
          records
            .get(7)!
            .earlier!.verdicts.map((v) => v.ruleId)
            .sort(),
        ).toEqual(['SAQ-ACT-001', 'SAQ-ACT-002']);
      });

      it("leave the new page's own findings, and its frames', in the new page", async () => {
        const { pages, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        await pages.addFindings(from, pageId(1), [theft(99_990)]);
        await pages.addFindings(next, pageId(2), [activation(100_000)]);
        pages.hello(frame, pageId(3));
        await pages.addFindings(frame, pageId(3), [theft(100_001)]);
        const record = records.get(7)!;
        const sentFrom = (verdicts: readonly Verdict[]) => new Set(verdicts.map((v) => v.finding.frameUrl));
        expect(record.verdicts.map((v) => v.ruleId)).toContain('SAQ-ACT-001');
        expect(sentFrom(record.verdicts)).toEqual(new Set([OTHER, frame.url]));
        expect(sentFrom(record.earlier!.verdicts)).toEqual(new Set([PAGE]));
      });

      it('know a page back from the back-forward cache as the latest', async () => {
        const { pages, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        await pages.startPage(from, pageId(1));
        await pages.addFindings(next, pageId(2), [theft(99_990)]);
        expect(records.get(7)).toMatchObject({ pageId: pageId(1), verdicts: [] });
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: OTHER, fresh: true });
      });

      it('of a page further back are judged alone and shown only if no earlier alarm is, not as fresh', async () => {
        const { pages, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        await pages.startPage({ ...from, url: `${PAGE}?3` }, pageId(3));
        await pages.addFindings(from, pageId(1), [theft(99_990)]);
        expect(records.get(7)).toMatchObject({ pageId: pageId(3), verdicts: [] });
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: PAGE, startedAt: 100_000, leftAt: 100_000, fresh: false });

        const second = fakes();
        await second.pages.startPage(from, pageId(1));
        await second.pages.startPage(next, pageId(2));
        await second.pages.addFindings(next, pageId(2), [theft(99_995)]);
        await second.pages.startPage({ ...from, url: `${PAGE}?3` }, pageId(3));
        const carrying = second.records.get(7);
        await second.pages.addFindings(from, pageId(1), [theft(99_990)]);
        expect(second.records.get(7)).toBe(carrying);
      });

      it('do not bring back an alarm the person dismissed unless they raise one', async () => {
        const { pages, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.addFindings(from, pageId(1), [theft(99_980)]);
        await pages.startPage(next, pageId(2));
        await pages.dismissEarlier(7);
        await pages.addFindings(from, pageId(1), [activation(99_990)]);
        expect(records.get(7)).toMatchObject({ pageId: pageId(2), verdicts: [] });
        expect(records.get(7)!.earlier).toBeUndefined();
        await pages.addFindings(from, pageId(1), [theft(99_995)]);
        expect(records.get(7)!.earlier!.verdicts.map((v) => v.severity)).toContain('critical');
      });

      describe("from the old page's frames, whose page the browser names (webRequest's parentDocumentId, the hello's documentId)", () => {
        const DOC_1 = '1'.repeat(32);
        const DOC_2 = '2'.repeat(32);
        const DOC_3 = '3'.repeat(32);
        const FRAME_DOC = 'F'.repeat(32);
        /** Frame 5 is the old page's, frame 6 in it too (a frame in a frame), frame 8 the new page's, frame 9 one nobody named. */
        const loaded = (): TabTraffic => ({
          ...emptyTraffic(),
          frames: [
            { frameId: 5, parentFrameId: 0, parentDocumentId: DOC_1 },
            { frameId: 6, parentFrameId: 5, parentDocumentId: FRAME_DOC },
            { frameId: 8, parentFrameId: 0, parentDocumentId: DOC_2 },
          ],
        });
        const inFrame = (frameId: number) => ({ ...frame, frameId, documentId: `${frameId}`.repeat(32).slice(0, 32) });
        const sentFrom = (verdicts: readonly Verdict[]) => new Set(verdicts.map((v) => v.finding.frameUrl));

        it('are judged into the old page, as its top frame’s are; the new page’s frames stay in the new page', async () => {
          const { pages, records } = fakes(loaded());
          await pages.startPage({ ...from, frameId: 0, documentId: DOC_1 }, pageId(1));
          pages.hello(inFrame(5), pageId(11));
          await pages.startPage({ ...next, frameId: 0, documentId: DOC_2 }, pageId(2));
          await pages.addFindings(inFrame(5), pageId(11), [theft(99_990)]);
          const record = records.get(7)!;
          expect(record, 'the old frame’s theft was judged as the new page’s').toMatchObject({ pageId: pageId(2), verdicts: [] });
          expect(record.earlier).toMatchObject({ pageUrl: PAGE, leftAt: 100_000, fresh: true });
          expect(record.earlier!.verdicts.map((v) => v.severity)).toContain('critical');
          expect(sentFrom(record.earlier!.verdicts)).toEqual(new Set([frame.url]));
          // A frame in the old page's frame is the old page's too.
          await pages.addFindings(inFrame(6), pageId(12), [activation(99_991)]);
          expect(records.get(7)!.verdicts).toEqual([]);
          // The new page's own frame, and a frame whose page the browser did not name, go into the new page.
          await pages.addFindings(inFrame(8), pageId(13), [activation(100_001)]);
          await pages.addFindings(inFrame(9), pageId(14), [theft(100_002)]);
          expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toContain('SAQ-ACT-001');
          expect(records.get(7)!.verdicts.map((v) => v.severity)).toContain('critical');
        });

        it('that give the old page a warning only leave the new page as it was', async () => {
          const { pages, records } = fakes(loaded());
          await pages.startPage({ ...from, frameId: 0, documentId: DOC_1 }, pageId(1));
          await pages.startPage({ ...next, frameId: 0, documentId: DOC_2 }, pageId(2));
          const before = records.get(7);
          await pages.addFindings(inFrame(5), pageId(11), [activation(99_990)]);
          expect(records.get(7)).toBe(before);
        });

        it('are known after the worker restarted since the old page loaded: its record names its document', async () => {
          const { pages, restart, records } = fakes(loaded());
          await pages.startPage({ ...from, frameId: 0, documentId: DOC_1 }, pageId(1));
          // Idle for 30 s: Chrome stopped the worker. The helper acts, and sends the tab on.
          const restarted = restart();
          await restarted.startPage({ ...next, frameId: 0, documentId: DOC_2 }, pageId(2));
          await restarted.addFindings(inFrame(5), pageId(11), [theft(99_990)]);
          expect(records.get(7)).toMatchObject({ pageId: pageId(2), verdicts: [] });
          expect(records.get(7)!.earlier!.verdicts.map((v) => v.severity)).toContain('critical');
        });

        it('of a page further back are judged alone, with no address of a page they are not', async () => {
          const { pages, records } = fakes(loaded());
          await pages.startPage({ ...from, frameId: 0, documentId: DOC_1 }, pageId(1));
          await pages.startPage({ ...next, frameId: 0, documentId: DOC_2 }, pageId(2));
          await pages.startPage({ ...from, url: `${PAGE}?3`, frameId: 0, documentId: DOC_3 }, pageId(3));
          await pages.addFindings(inFrame(5), pageId(11), [theft(99_990)]);
          expect(records.get(7)).toMatchObject({ pageId: pageId(3), verdicts: [] });
          expect(records.get(7)!.earlier).toMatchObject({ pageUrl: null, startedAt: 100_000, leftAt: 100_000, fresh: false });
        });
      });

      it('of the page just replaced are known when the worker restarted before the new page said hello: its record is stored', async () => {
        const { pages, restart, records } = fakes();
        await pages.startPage(from, pageId(1));
        const restarted = restart();
        await restarted.startPage(next, pageId(2));
        await restarted.addFindings(from, pageId(1), [theft(99_990)]);
        expect(records.get(7)).toMatchObject({ pageId: pageId(2), verdicts: [] });
        expect(records.get(7)!.earlier).toMatchObject({ pageUrl: PAGE, fresh: true });
      });

      it("of a page this worker never heard say hello (it restarted) are judged into the tab's record, as before", async () => {
        const { pages, restart, records } = fakes();
        await pages.startPage(from, pageId(1));
        await pages.startPage(next, pageId(2));
        const restarted = restart();
        await restarted.addFindings(from, pageId(1), [theft(99_990)]);
        expect(records.get(7)!.pageId).toBe(pageId(2));
        expect(severities(records.get(7))).toContain('critical');
        expect(records.get(7)!.earlier).toBeUndefined();
      });
    });
  });

  it('stamps a reload storm on the page that follows it', async () => {
    let traffic = emptyTraffic();
    for (let i = 0; i < 35; i++) {
      const at = 100_000 - 35_000 + i * 1000;
      traffic = observeRequest(
        traffic,
        {
          id: `l${i}`,
          at,
          url: PAGE,
          method: 'GET',
          type: 'main_frame',
          frameId: 0,
          initiator: '',
          endpoint: null,
          origin: 'first_party',
          status: 0,
          done: false,
        },
        at,
        60_000,
      );
    }
    const { pages, records, shown } = fakes(traffic);
    await pages.startPage(from, pageId(3));
    expect(records.get(7)!.verdicts.map((v) => v.ruleId)).toEqual(['SAQ-RLD-001']);
    expect(shown.at(-1)!.pageId).toBe(pageId(3));
    // The page began with its own load, before the worker handled the hello.
    expect(records.get(7)!.startedAt).toBe(99_000);
  });
});
