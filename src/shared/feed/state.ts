/**
 * The one persisted record. Feed documents are kept as their exact received text (valid UTF-8 ⇄
 * string is a bijection, and text is a third smaller than base64) and re-verified on every start,
 * so storage is never trusted beyond "bytes we once accepted". Versions/high-water marks are NOT
 * stored separately: they are the versions inside the verified documents, so local tampering can
 * not invent a mark. Only `floors` is unsigned metadata, and it is clamped to signed `issued` times.
 */
import { z } from 'zod';

export const STATE_FORMAT = 1;

/** Roots kept in storage, the chain and the pending ones together. */
export const MAX_STORED_ROOTS = 1024;

const rootEntry = z.strictObject({ version: z.number().int().min(1), text: z.string() });

const floorsSchema = z.strictObject({
  root: z.number().int().min(0),
  timestamp: z.number().int().min(0),
  rules: z.number().int().min(0),
});

export const storedStateSchema = z.strictObject({
  format: z.literal(STATE_FORMAT),
  feedId: z.string(),
  /** Root envelopes (bundled anchors and fetched successors), oldest first; re-walked from the anchor. */
  roots: z.array(rootEntry).max(MAX_STORED_ROOTS),
  /**
   * Roots verified past the last one in `roots` while a refresh walked a chain longer than one batch:
   * the next refresh walks on from the last of them (src/shared/feed/sync.ts). Absent when none.
   */
  pendingRoots: z.array(rootEntry).max(MAX_STORED_ROOTS).optional(),
  pointer: z.string(),
  rules: z.string(),
  /** Per-role contribution to timeFloor (ms): min(issued, acceptedAt + 24 h). */
  floors: floorsSchema,
  etag: z.string().nullable(),
  savedAt: z.number().int(),
});

export type StoredFeedState = z.infer<typeof storedStateSchema>;
export type Floors = StoredFeedState['floors'];

/** Storage is injected: chrome.storage.local in the extension, a file or a Map in the CLI/tests. */
export interface FeedStorage {
  get(): Promise<StoredFeedState | undefined>;
  set(state: StoredFeedState): Promise<void>;
}
