/**
 * The verified, compiled set the client currently trusts, and how it is rebuilt at start from the
 * bundled baseline plus whatever storage holds. Stored data is re-verified from the anchor with the
 * same code as network data; anything that fails is dropped in favour of the baseline.
 */
import { FeedError, toFeedError } from './errors.ts';
import { utf8DecodeStrict, utf8Encode } from './encoding.ts';
import type { Ed25519Verify } from './ed25519.ts';
import type { JsonObject } from './strict-json.ts';
import { noteRotations, stepRootChain, verifyAnchorRoot, verifyNextRoot } from './root-chain.ts';
import type { Root } from './root.ts';
import type { RoleName } from './payload.ts';
import { verifyPointerBytes, verifyRulesBytes } from './documents.ts';
import type { VerifiedPointer, VerifiedRules } from './documents.ts';
import { highWaterMark } from './high-water.ts';
import { checkRulesCompatible } from './rules-envelope.ts';
import { storedStateSchema } from './state.ts';
import type { Floors, StoredFeedState } from './state.ts';

/**
 * `now` is the feed's effective time, max(clock, timeFloor) (design row 19): allow rules already expired
 * by then may be left out. The raw device clock would let a clock set back revive them.
 */
export type Compile<C> = (body: JsonObject, info: { version: number; schema: number; now: number }) => C;

export interface BundledBaseline {
  root: Uint8Array;
  pointer: Uint8Array;
  rules: Uint8Array;
}

export interface VerifyContext<C> {
  feedId: string;
  verify: Ed25519Verify;
  compile: Compile<C>;
  supportedSchemas: readonly number[];
  clientVersion: string;
}

export interface TrustedSet<C> {
  anchor: Root;
  /** Root envelopes from the earliest anchor seen on, consecutive versions, including the anchor. */
  roots: StoredFeedState['roots'];
  root: Root;
  pointer: VerifiedPointer;
  rules: VerifiedRules;
  compiled: C;
  floors: Floors;
  etag: string | null;
  /** Roots verified past `root` by a refresh that stopped at its batch limit; absent when none. */
  pending?: PendingRoots;
}

/**
 * A root chain longer than one refresh walks: the roots verified so far, kept (and stored) so the next
 * refresh walks on from the last of them. `root`, the pointer and the rules stay as they were until a
 * pointer verifies under the end of the chain: an intermediate root may be expired or may no longer list
 * the timestamp key, and a refresh that had to verify the pointer under it failed, saved nothing, and
 * started again from the same root every time — a device that far behind never caught up.
 */
export interface PendingRoots {
  entries: StoredFeedState['roots'];
  tip: Root;
  /** Roles whose keys changed anywhere between `root` and `tip`. */
  rotated: ReadonlySet<RoleName>;
}

/**
 * How far ahead of the device clock a signed `issued` may move the floors: a clock a day behind still
 * counts, while a document dated years ahead (a maintainer's mistake, or a compromised signer) cannot push
 * every later document past its expiry and freeze the device on what it has.
 */
export const MAX_ISSUED_AHEAD_MS = 24 * 60 * 60 * 1000;
export const floorOf = (issued: number, now: number): number => Math.min(issued, now + MAX_ISSUED_AHEAD_MS);

export function timeFloor(set: Pick<TrustedSet<unknown>, 'floors'>): number {
  return Math.max(set.floors.root, set.floors.timestamp, set.floors.rules);
}

/** The clock every expiry check uses: a device clock set back cannot go below what we have seen signed. */
export function effectiveTime(now: number, set: Pick<TrustedSet<unknown>, 'floors'>): number {
  return Math.max(now, timeFloor(set));
}

export function toStoredState(set: TrustedSet<unknown>, feedId: string, savedAt: number): StoredFeedState {
  return {
    format: 1,
    feedId,
    roots: set.roots.map((r) => ({ ...r })),
    pointer: set.pointer.text,
    rules: set.rules.text,
    floors: { ...set.floors },
    etag: set.etag,
    ...(set.pending ? { pendingRoots: set.pending.entries.map((r) => ({ ...r })) } : {}),
    savedAt,
  };
}

/** `now`: the effective time (see `Compile`). */
export function compileRules<C>(rules: VerifiedRules, ctx: VerifyContext<C>, now: number): C {
  checkRulesCompatible(rules.doc, ctx.supportedSchemas, ctx.clientVersion);
  try {
    return ctx.compile(rules.doc.body, { version: rules.doc.version, schema: rules.doc.schema, now });
  } catch (e) {
    throw new FeedError('COMPILE_FAILED', e instanceof Error ? e.message : String(e), `rules v${rules.doc.version}`);
  }
}

/** Walk stored roots from the anchor; entries at or below the current version are skipped. */
async function walkStoredRoots<C>(anchor: Root, roots: StoredFeedState['roots'], ctx: VerifyContext<C>): Promise<Root> {
  let root = anchor;
  for (const entry of roots) {
    if (entry.version <= root.version) continue;
    root = await verifyNextRoot(root, utf8Encode(entry.text), ctx.feedId, ctx.verify);
  }
  return root;
}

interface Candidate<C> {
  pointer: VerifiedPointer;
  rules: VerifiedRules;
  compiled: C;
}

/** What storage offers; a document is absent when a role the bundled root rotated no longer verifies it. */
interface StoredCandidate<C> {
  pointer: VerifiedPointer | undefined;
  rules: { rules: VerifiedRules; compiled: C } | undefined;
}

/**
 * Roles whose keys changed between the stored chain's last root, under which the stored documents were
 * accepted, and a bundled root newer than the whole chain (an extension update, design row 42).
 *
 * Decided as a refresh walking the same roots decides it (stepRootChain: a role rotated when any step changed
 * its keys) when every root in between is known: the pending roots a refresh verified past the last root and
 * stored, if they lead step by step to the bundled root itself. A key one of them removed and a later one
 * re-added then counts as rotated, as it does for the walk; comparing the two ends saw the same keys and kept
 * a mark the walk resets.
 *
 * Otherwise only the two ends are known (the bundle ships its latest root alone, so this is the usual case),
 * and they are compared directly (noteRotations). That can miss a rotation, never invent one: keys that differ
 * at the ends changed at some step. What it misses is a role whose ends list the same keys, so the mark it
 * keeps was set by keys the bundled root trusts again; resetting every role instead would let the older
 * baseline replace newer stored documents, and a mirror then roll the device back to any version above the
 * baseline, for roles no root rotated (design row 13).
 *
 * The stored roots are checked as the anchor is (the last one by its own signatures, each pending one by the
 * root before it): storage is never trusted further. Tampered ones can only reset marks, which deleting the
 * stored state does as well: a walk that reaches the bundled root notes every rotation the two ends show, and
 * one that does not falls back to them.
 */
async function rotatedByBundle<C>(
  anchor: Root,
  anchorBytes: Uint8Array,
  state: StoredFeedState,
  ctx: VerifyContext<C>,
): Promise<Set<RoleName>> {
  const last = state.roots.at(-1);
  if (last === undefined || last.version >= anchor.version) return new Set();
  const from = await verifyAnchorRoot(utf8Encode(last.text), ctx.feedId, ctx.verify);
  const walked = await walkToAnchor(from, state.pendingRoots ?? [], anchor, anchorBytes, ctx);
  if (walked) return walked;
  const rotated = new Set<RoleName>();
  noteRotations(from, anchor, rotated);
  return rotated;
}

/** The roles a walk from `from` through the pending roots to the bundled root rotates; undefined when they do not lead there. */
async function walkToAnchor<C>(
  from: Root,
  pending: StoredFeedState['roots'],
  anchor: Root,
  anchorBytes: Uint8Array,
  ctx: VerifyContext<C>,
): Promise<Set<RoleName> | undefined> {
  const rotated = new Set<RoleName>();
  let root = from;
  try {
    for (const entry of pending) {
      if (entry.version >= anchor.version) break;
      root = await stepRootChain(root, utf8Encode(entry.text), ctx.feedId, ctx.verify, rotated);
    }
    await stepRootChain(root, anchorBytes, ctx.feedId, ctx.verify, rotated);
  } catch {
    return undefined;
  }
  return rotated;
}

/**
 * A stored document checked under the current root; for a role that root rotated, one that fails (its key
 * was rotated out) is no candidate: the baseline is held instead, and the other role's document is kept.
 */
async function unlessRotated<T>(role: RoleName, rotated: ReadonlySet<RoleName>, check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (e) {
    if (rotated.has(role)) return undefined;
    throw e;
  }
}

async function verifyStored<C>(
  anchor: Root,
  anchorBytes: Uint8Array,
  raw: unknown,
  ctx: VerifyContext<C>,
  now: number,
): Promise<{ root: Root; state: StoredFeedState; floors: Floors; rotated: Set<RoleName>; c: StoredCandidate<C> }> {
  const parsed = storedStateSchema.safeParse(raw);
  if (!parsed.success) throw new FeedError('STORED_INVALID', 'stored state has the wrong shape', 'storage');
  const state = parsed.data;
  if (state.feedId !== ctx.feedId) throw new FeedError('WRONG_FEED', 'stored state is for another feed', 'storage');
  const root = await walkStoredRoots(anchor, state.roots, ctx);
  const rotated = await rotatedByBundle(anchor, anchorBytes, state, ctx);
  const pointer = await unlessRotated('timestamp', rotated, () =>
    verifyPointerBytes(root, utf8Encode(state.pointer), ctx.feedId, ctx.verify),
  );
  const rules = await unlessRotated('rules', rotated, () => verifyRulesBytes(root, utf8Encode(state.rules), ctx.feedId, ctx.verify));
  // Stored floors are unsigned: clamp each to the signed `issued` it was derived from (0 for a dropped one).
  const f = state.floors;
  const floors: Floors = {
    root: Math.max(Math.min(f.root, root.issued), anchor.issued),
    timestamp: pointer ? Math.min(f.timestamp, pointer.doc.issued) : 0,
    rules: rules ? Math.min(f.rules, rules.doc.issued) : 0,
  };
  const compiled = rules && { rules, compiled: compileRules(rules, ctx, effectiveTime(now, { floors })) };
  return { root, state, floors, rotated, c: { pointer, rules: compiled } };
}

/**
 * Build the start-up set. Root: the stored chain if it verifies from the bundled anchor, else the
 * anchor (a bundled root newer than the stored chain simply wins: the walk skips older entries).
 * Pointer and rules: the highest version among stored and bundled copies that verify under that
 * root — so stored newer than bundled wins, and an older baseline never rolls a device back — except
 * for a role the bundled root rotated, whose stored mark resets as a refresh resets it (keepStored).
 */
export async function loadTrustedSet<C>(
  bundled: BundledBaseline,
  stored: unknown,
  ctx: VerifyContext<C>,
  now: number,
): Promise<{ set: TrustedSet<C>; storedError: FeedError | null }> {
  let anchor: Root;
  let baseline: Candidate<C>;
  let baseFloors: Floors;
  try {
    anchor = await verifyAnchorRoot(bundled.root, ctx.feedId, ctx.verify);
    const pointer = await verifyPointerBytes(anchor, bundled.pointer, ctx.feedId, ctx.verify);
    const rules = await verifyRulesBytes(anchor, bundled.rules, ctx.feedId, ctx.verify);
    baseFloors = { root: floorOf(anchor.issued, now), timestamp: floorOf(pointer.doc.issued, now), rules: floorOf(rules.doc.issued, now) };
    // Each candidate compiles at its own effective time; the engine re-checks allow-rule expiry at the
    // final set's effective time on every evaluation, so a mixed choice below cannot revive anything.
    baseline = { pointer, rules, compiled: compileRules(rules, ctx, effectiveTime(now, { floors: baseFloors })) };
  } catch (e) {
    throw new FeedError('BAD_BASELINE', toFeedError(e, 'BAD_BASELINE').message, 'bundled');
  }
  let storedError: FeedError | null = null;
  let fromStore: Awaited<ReturnType<typeof verifyStored<C>>> | undefined;
  if (stored !== undefined) {
    try {
      fromStore = await verifyStored(anchor, bundled.root, stored, ctx, now);
    } catch (e) {
      storedError = new FeedError('STORED_INVALID', toFeedError(e, 'STORED_INVALID').message, 'storage');
    }
  }
  const root = fromStore?.root ?? anchor;
  const roots = withAnchor(fromStore?.state.roots ?? [], { version: anchor.version, text: utf8DecodeStrict(bundled.root) });
  if (!fromStore) {
    return { set: { anchor, roots, root, ...baseline, floors: baseFloors, etag: null }, storedError };
  }
  const { c: s, rotated } = fromStore;
  // The baseline only competes if it still verifies under the (possibly rotated) current root.
  const basePointerOk = root === anchor || (await stillVerifies(() => verifyPointerBytes(root, bundled.pointer, ctx.feedId, ctx.verify)));
  const baseRulesOk = root === anchor || (await stillVerifies(() => verifyRulesBytes(root, bundled.rules, ctx.feedId, ctx.verify)));
  const storedPointer = keepStored('timestamp', s.pointer, s.pointer?.doc.version, basePointerOk, baseline.pointer.doc.version, rotated);
  const storedRules = keepStored('rules', s.rules, s.rules?.rules.doc.version, baseRulesOk, baseline.rules.doc.version, rotated);
  const f = fromStore.floors;
  const floors: Floors = {
    root: f.root,
    timestamp: storedPointer ? f.timestamp : baseFloors.timestamp,
    rules: storedRules ? f.rules : baseFloors.rules,
  };
  const pending = await walkPendingRoots(root, fromStore.state.pendingRoots ?? [], ctx);
  const set: TrustedSet<C> = {
    anchor,
    roots,
    root,
    pointer: storedPointer ?? baseline.pointer,
    rules: storedRules?.rules ?? baseline.rules,
    compiled: storedRules ? storedRules.compiled : baseline.compiled,
    floors,
    etag: storedPointer ? fromStore.state.etag : null,
    ...(pending ? { pending } : {}),
  };
  return { set, storedError };
}

/**
 * Stored pending roots, verified on from the current root like any other. Ones that do not continue the
 * chain (a bundled root newer than them, tampered storage) are dropped: the next refresh fetches again.
 */
async function walkPendingRoots<C>(
  root: Root,
  entries: StoredFeedState['roots'],
  ctx: VerifyContext<C>,
): Promise<PendingRoots | undefined> {
  const rotated = new Set<RoleName>();
  let tip = root;
  try {
    for (const entry of entries) tip = await stepRootChain(tip, utf8Encode(entry.text), ctx.feedId, ctx.verify, rotated);
  } catch {
    return undefined;
  }
  return tip === root ? undefined : { entries: entries.map((e) => ({ ...e })), tip, rotated };
}

/**
 * Keep the anchor's own bytes in the stored chain: if the extension is later downgraded to an older
 * bundled root, the chain from that older anchor still reaches the newer one.
 */
function withAnchor(roots: StoredFeedState['roots'], anchor: StoredFeedState['roots'][number]): StoredFeedState['roots'] {
  const others = roots.filter((r) => r.version !== anchor.version);
  return [...others, anchor].sort((a, b) => a.version - b.version);
}

/**
 * The stored copy of a role's document, unless the baseline passes its mark: the stored version, reset for
 * a role the bundled root rotated (high-water.ts, as a refresh that walks that root resets it), so a mark a
 * stolen key set to 2^53−1 does not outlive the root that rotated the key out. A rotated role always comes
 * with the bundled root as the current one, under which the baseline verifies (`baseOk`).
 */
function keepStored<T>(
  role: RoleName,
  stored: T | undefined,
  storedVersion: number | undefined,
  baseOk: boolean,
  baseVersion: number,
  rotated: ReadonlySet<RoleName>,
): T | undefined {
  if (stored === undefined || storedVersion === undefined) return undefined;
  return baseOk && baseVersion > highWaterMark(role, storedVersion, rotated) ? undefined : stored;
}

async function stillVerifies(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}
