/**
 * Which top page a frame belongs to, as the browser says it: so that an older page's frames' late findings
 * are judged into that page (older-pages.ts), as its top frame's are. A frame's own messages name only the
 * frame; its top page is found through the documents the browser names. Pure.
 *
 * - A webRequest event for a frame's load (`sub_frame`), or for a request the frame makes, names the frame
 *   (`frameId`), its parent frame and the parent's document (`parentDocumentId`, Chromium 106+; Chromium's
 *   ExtensionNavigationUIData takes it from the navigation's parent document). The network observer keeps
 *   these in the tab's traffic (network-traffic.ts), so they outlive a worker restart with it.
 * - A top page's hello names its document (`sender.documentId`, Chromium 106+, Firefox 153+; bug 1891478).
 *
 * Sound because neither can change: a frame id is never reused and a frame lives in the document that made
 * it (Chromium, extension_api_frame_id_map.h: "The ID does not change during the frame's lifetime and is not
 * re-used"; a parent document's frames go with it, and come back with it from the back-forward cache), and a
 * document's id is the browser's, not the page's. Where either is missing — Firefox before 153, a frame of a
 * frame Saq cannot see, a worker that never heard the top page — the frame's page is unknown and its findings
 * go where they went before: into the tab's record.
 */

/** One frame's parent, as a webRequest event named it. */
export interface FrameParent {
  frameId: number;
  parentFrameId: number;
  /** Null once two events named different parents: the frame is then no page's (never guessed). */
  parentDocumentId: string | null;
}

/** Frames remembered per tab (a page making frames in a loop must not grow the tab's traffic record). */
export const MAX_FRAMES = 64;
/** Frames in frames looked through: a deeper frame's page is unknown. */
const MAX_DEPTH = 8;
/** A browser's document id is a 32-hex token (Chromium) or a UUID; anything longer is not one. */
const MAX_DOCUMENT_ID = 64;

export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_DOCUMENT_ID;
}

/**
 * The frames kept, from what storage gave back (the traffic record is read without a schema): a malformed
 * entry is dropped, never trusted and never thrown over.
 */
export function frameParents(stored: unknown): FrameParent[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .filter(
      (entry: unknown): entry is FrameParent =>
        typeof entry === 'object' &&
        entry !== null &&
        Number.isSafeInteger((entry as FrameParent).frameId) &&
        (entry as FrameParent).frameId > 0 &&
        Number.isSafeInteger((entry as FrameParent).parentFrameId) &&
        ((entry as FrameParent).parentDocumentId === null || isDocumentId((entry as FrameParent).parentDocumentId)),
    )
    .slice(-MAX_FRAMES);
}

/** The frame a webRequest event is for or from, and its parent, if the browser named the parent's document. */
export function frameParentOf(details: { frameId?: unknown; parentFrameId?: unknown; parentDocumentId?: unknown }): FrameParent | null {
  const { frameId, parentFrameId, parentDocumentId } = details;
  if (!Number.isSafeInteger(frameId) || (frameId as number) <= 0 || !Number.isSafeInteger(parentFrameId)) return null;
  return isDocumentId(parentDocumentId) ? { frameId: frameId as number, parentFrameId: parentFrameId as number, parentDocumentId } : null;
}

/** `frames` with what an event said of a child frame (frameId > 0); the same frame named again changes nothing. */
export function withFrameParent(frames: readonly FrameParent[], seen: FrameParent): FrameParent[] {
  const known = frames.find((frame) => frame.frameId === seen.frameId);
  if (!known) return [...frames, seen].slice(-MAX_FRAMES);
  if (known.parentDocumentId === seen.parentDocumentId && known.parentFrameId === seen.parentFrameId) return [...frames];
  // Not expected of any browser: two parents for one frame. Neither is believed.
  return frames.map((frame) => (frame === known ? { ...known, parentDocumentId: null } : frame));
}

/**
 * The page of the top document the frame is in, going up through its parent frames: the first parent
 * document `pageOf` knows (a top page's document) names it. Undefined when the chain breaks first.
 */
export function pageOfFrame(
  frames: readonly FrameParent[],
  frameId: number | undefined,
  pageOf: (documentId: string) => string | undefined,
): string | undefined {
  let id = frameId;
  for (let depth = 0; depth < MAX_DEPTH && id !== undefined && id > 0; depth++) {
    const frame = frames.find((known) => known.frameId === id);
    if (!frame || frame.parentDocumentId === null) return undefined;
    const page = pageOf(frame.parentDocumentId);
    if (page !== undefined) return page;
    id = frame.parentFrameId;
  }
  return undefined;
}
