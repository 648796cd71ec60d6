/**
 * Which top page a frame is in, from the documents the browser names: a webRequest event names a frame's
 * parent document, a top page's hello its own. Unknown — never guessed — when the chain breaks.
 */
import { describe, expect, it } from 'vitest';
import { frameParentOf, frameParents, MAX_FRAMES, pageOfFrame, withFrameParent } from '../../../src/background/frame-tops.ts';
import { emptyTraffic, observeFrame, observeRequest } from '../../../src/background/network-traffic.ts';

const TOP_1 = 'A'.repeat(32);
const TOP_2 = 'B'.repeat(32);
const FRAME_DOC = 'C'.repeat(32);
const tops = new Map([
  [TOP_1, 'page-1'],
  [TOP_2, 'page-2'],
]);
const pageOf = (documentId: string) => tops.get(documentId);

describe('frame tops', () => {
  it('takes the frame and its parent document from a webRequest event, and nothing that is not one', () => {
    expect(frameParentOf({ frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 })).toEqual({
      frameId: 5,
      parentFrameId: 0,
      parentDocumentId: TOP_1,
    });
    // The top frame, a browser that names no document (Firefox before 153), and nonsense.
    expect(frameParentOf({ frameId: 0, parentFrameId: -1, parentDocumentId: TOP_1 })).toBeNull();
    expect(frameParentOf({ frameId: 5, parentFrameId: 0 })).toBeNull();
    expect(frameParentOf({ frameId: 5, parentFrameId: 0, parentDocumentId: 'x'.repeat(65) })).toBeNull();
    expect(frameParentOf({ frameId: 1.5, parentFrameId: 0, parentDocumentId: TOP_1 })).toBeNull();
    expect(frameParentOf({ frameId: 5, parentDocumentId: TOP_1 })).toBeNull();
  });

  it("finds a frame's top page through its parent document, and through frames in frames", () => {
    let frames = withFrameParent([], { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 });
    frames = withFrameParent(frames, { frameId: 9, parentFrameId: 5, parentDocumentId: FRAME_DOC });
    frames = withFrameParent(frames, { frameId: 12, parentFrameId: 0, parentDocumentId: TOP_2 });
    expect(pageOfFrame(frames, 5, pageOf)).toBe('page-1');
    expect(pageOfFrame(frames, 9, pageOf)).toBe('page-1');
    expect(pageOfFrame(frames, 12, pageOf)).toBe('page-2');
  });

  it('knows no page for a frame it never saw, a parent document no hello named, or the top frame', () => {
    const frames = withFrameParent([], { frameId: 5, parentFrameId: 0, parentDocumentId: 'D'.repeat(32) });
    expect(pageOfFrame(frames, 5, pageOf)).toBeUndefined();
    expect(pageOfFrame(frames, 6, pageOf)).toBeUndefined();
    expect(pageOfFrame(frames, 0, pageOf)).toBeUndefined();
    expect(pageOfFrame(frames, undefined, pageOf)).toBeUndefined();
    // A frame in a frame Saq cannot see (no host permission): the chain breaks.
    const nested = withFrameParent([], { frameId: 9, parentFrameId: 5, parentDocumentId: FRAME_DOC });
    expect(pageOfFrame(nested, 9, pageOf)).toBeUndefined();
  });

  it('believes neither parent when two events name different ones for a frame', () => {
    let frames = withFrameParent([], { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 });
    frames = withFrameParent(frames, { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 });
    expect(frames).toHaveLength(1);
    frames = withFrameParent(frames, { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_2 });
    expect(frames).toEqual([{ frameId: 5, parentFrameId: 0, parentDocumentId: null }]);
    expect(pageOfFrame(frames, 5, pageOf)).toBeUndefined();
    // …and does not forget that when the frame is named again.
    frames = withFrameParent(frames, { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 });
    expect(pageOfFrame(frames, 5, pageOf)).toBeUndefined();
  });

  it('ends a loop of frames (never seen from a browser) instead of walking it for ever', () => {
    let frames = withFrameParent([], { frameId: 5, parentFrameId: 6, parentDocumentId: FRAME_DOC });
    frames = withFrameParent(frames, { frameId: 6, parentFrameId: 5, parentDocumentId: FRAME_DOC });
    expect(pageOfFrame(frames, 5, pageOf)).toBeUndefined();
  });

  it('keeps the latest frames only, and survives the traffic record being observed', () => {
    let traffic = emptyTraffic();
    for (let id = 1; id <= MAX_FRAMES + 10; id++)
      traffic = observeFrame(traffic, { frameId: id, parentFrameId: 0, parentDocumentId: TOP_1 });
    expect(traffic.frames).toHaveLength(MAX_FRAMES);
    expect(traffic.frames![0]!.frameId).toBe(11);
    const request = {
      id: 'r1',
      at: 1000,
      url: 'https://shop.test/api/stock',
      method: 'GET',
      type: 'xmlhttprequest',
      frameId: 0,
      initiator: '',
      endpoint: null,
      origin: 'first_party' as const,
      status: 0,
      done: false,
    };
    expect(observeRequest(traffic, request, 1000, 60_000).frames).toEqual(traffic.frames);
  });

  it('drops what storage gives back malformed, and keeps the rest', () => {
    const good = { frameId: 5, parentFrameId: 0, parentDocumentId: TOP_1 };
    const conflicted = { frameId: 6, parentFrameId: 0, parentDocumentId: null };
    expect(frameParents(undefined)).toEqual([]);
    expect(frameParents('frames')).toEqual([]);
    expect(
      frameParents([
        good,
        null,
        7,
        { frameId: '5', parentFrameId: 0, parentDocumentId: TOP_1 },
        { frameId: 0, parentFrameId: -1, parentDocumentId: TOP_1 },
        { frameId: 8, parentFrameId: 0, parentDocumentId: 42 },
        { frameId: 9, parentDocumentId: TOP_1 },
        conflicted,
      ]),
    ).toEqual([good, conflicted]);
    // A malformed stored list is replaced, not thrown over, when the next frame is seen.
    const restored = observeFrame(
      { ...emptyTraffic(), frames: [null, good] as never },
      { frameId: 7, parentFrameId: 0, parentDocumentId: TOP_2 },
    );
    expect(restored.frames).toEqual([good, { frameId: 7, parentFrameId: 0, parentDocumentId: TOP_2 }]);
  });
});
