/**
 * One refresh attempt against one mirror: walk the root chain, fetch and check the pointer, fetch
 * and check the rules blob, compile. Returns the next trusted set WITHOUT persisting or activating
 * anything — the caller commits it in a single storage write and only then swaps it in.
 */
import { FeedError } from './errors.ts';
import { sha256Hex, utf8DecodeStrict } from './encoding.ts';
import { stepRootChain, MAX_ROOT_BYTES, MAX_ROTATIONS_PER_REFRESH } from './root-chain.ts';
import type { Root } from './root.ts';
import { MAX_STORED_ROOTS } from './state.ts';
import type { RoleName } from './payload.ts';
import { MAX_POINTER_BYTES, MAX_RULES_BYTES } from './pointer.ts';
import { verifyPointerBytes, verifyRulesBytes } from './documents.ts';
import type { VerifiedPointer, VerifiedRules } from './documents.ts';
import { checkPointerAdvance, checkRulesAdvance } from './high-water.ts';
import { fetchCapped } from './transport.ts';
import type { FetchLike } from './transport.ts';
import { compileRules, effectiveTime, floorOf } from './trusted-set.ts';
import type { TrustedSet, VerifyContext } from './trusted-set.ts';

export interface SyncDeps<C> extends VerifyContext<C> {
  fetch: FetchLike;
  now: () => number;
  deadlineMs: number;
  /** Send If-None-Match (see FeedClientOptions.conditionalRequests). */
  conditional?: boolean;
  /** Told the server's Date header (untrusted; used only for the "check your clock" hint). */
  onServerDate?: (ms: number) => void;
}

export interface SyncResult<C> {
  /** The set to commit, or null when nothing changed (no write needed). */
  next: TrustedSet<C> | null;
  /** The root chain goes on past this refresh's batch: refresh again soon (`next` keeps it as pending). */
  more?: boolean;
}

export async function syncFromMirror<C>(held: TrustedSet<C>, mirror: string, deps: SyncDeps<C>): Promise<SyncResult<C>> {
  const now = deps.now();
  // A clock set back cannot revive expired documents: t never goes below what we have seen signed.
  const t = effectiveTime(now, held);
  const cappedIssued = (issued: number): number => floorOf(issued, now);
  const floors = { ...held.floors };

  // A chain longer than a batch goes on from where the last refresh stopped (trusted-set.ts, PendingRoots).
  const chain = await walkRootChain(held.pending?.tip ?? held.root, mirror, deps, new Set(held.pending?.rotated));
  const added = [...(held.pending?.entries ?? []), ...chain.added];
  const root = chain.root;
  const kept = held.roots.filter((r) => r.version <= held.root.version);
  if (kept.length + added.length > MAX_STORED_ROOTS) {
    throw new FeedError('TOO_LARGE', `root chain longer than ${MAX_STORED_ROOTS} roots`, `root/${root.version}.root.json`);
  }
  if (chain.full) {
    // More may follow: nothing is checked against this intermediate root (it may be expired, or no longer
    // list the timestamp key); it is kept, and the next refresh walks on from it.
    return { next: { ...held, pending: { entries: added, tip: root, rotated: chain.rotated } }, more: true };
  }
  for (const role of chain.rotated) floors[role] = 0;
  if (added.length > 0) floors.root = Math.max(floors.root, cappedIssued(root.issued));
  const pointerStep = await fetchPointer(held, root, added.length > 0, chain.rotated, mirror, deps);
  // Checked after the pointer request so its Date header can still feed the clock hint.
  if (root.expires <= t) throw new FeedError('ROOT_EXPIRED', `root v${root.version} expired`, `root v${root.version}`);
  const pointer = pointerStep.pointer;
  // Evaluated on the verified bytes we hold even after a 304: caching cannot freeze the feed.
  if (pointer.doc.expires <= t) throw new FeedError('EXPIRED', `pointer v${pointer.doc.version} expired`, 'timestamp.json');
  if (pointerStep.changed) {
    floors.timestamp = Math.max(floors.timestamp, cappedIssued(pointer.doc.issued));
  }

  const rulesStep = await fetchRules(held, root, pointer, added.length > 0, chain.rotated, mirror, deps, t);
  if (rulesStep.changed) floors.rules = Math.max(floors.rules, cappedIssued(rulesStep.rules.doc.issued));

  if (added.length === 0 && !pointerStep.changed && !rulesStep.changed) {
    return { next: null };
  }
  const next: TrustedSet<C> = {
    anchor: held.anchor,
    roots: [...kept, ...added],
    root,
    pointer,
    rules: rulesStep.rules,
    compiled: rulesStep.compiled,
    floors,
    etag: pointerStep.etag,
  };
  return { next };
}

interface ChainWalk {
  root: Root;
  added: { version: number; text: string }[];
  rotated: Set<RoleName>;
  /** The walk stopped at its limit, not at a missing root: the chain may go on. */
  full: boolean;
}

/** Fetch root N+1, N+2, … until 404, at most 32 per refresh (the rest waits for the next one). */
async function walkRootChain<C>(start: Root, mirror: string, deps: SyncDeps<C>, rotated: Set<RoleName>): Promise<ChainWalk> {
  let root = start;
  const added: ChainWalk['added'] = [];
  for (let i = 0; i < MAX_ROTATIONS_PER_REFRESH; i++) {
    const url = `${mirror}root/${root.version + 1}.root.json`;
    const out = await fetchCapped(deps.fetch, url, { cap: MAX_ROOT_BYTES, deadlineMs: deps.deadlineMs, allowNotFound: true });
    if (out.kind !== 'ok') return { root, added, rotated, full: false };
    root = await stepRootChain(root, out.bytes, deps.feedId, deps.verify, rotated);
    added.push({ version: root.version, text: utf8DecodeStrict(out.bytes) });
  }
  return { root, added, rotated, full: true };
}

interface PointerStep {
  pointer: VerifiedPointer;
  changed: boolean;
  etag: string | null;
}

async function fetchPointer<C>(
  held: TrustedSet<C>,
  root: Root,
  rootChanged: boolean,
  rotated: Set<RoleName>,
  mirror: string,
  deps: SyncDeps<C>,
): Promise<PointerStep> {
  // After a root change the held pointer may no longer verify, so ask for fresh bytes.
  const etag = rootChanged || deps.conditional === false ? null : held.etag;
  const out = await fetchCapped(deps.fetch, `${mirror}timestamp.json`, { cap: MAX_POINTER_BYTES, deadlineMs: deps.deadlineMs, etag });
  if (out.kind === 'not-found') throw new FeedError('HTTP_STATUS', 'HTTP 404', 'timestamp.json');
  const serverDate = out.date ? Date.parse(out.date) : NaN;
  if (Number.isFinite(serverDate)) deps.onServerDate?.(serverDate);
  let pointer = held.pointer;
  let changed = false;
  let newEtag = held.etag;
  if (out.kind === 'ok') {
    const fresh = await verifyPointerBytes(root, out.bytes, deps.feedId, deps.verify);
    changed = checkPointerAdvance(held.pointer, fresh, rotated);
    pointer = fresh;
    newEtag = out.etag;
  }
  return { pointer, changed, etag: newEtag };
}

interface RulesStep<C> {
  rules: VerifiedRules;
  compiled: C;
  changed: boolean;
}

async function fetchRules<C>(
  held: TrustedSet<C>,
  root: Root,
  pointer: VerifiedPointer,
  rootChanged: boolean,
  rotated: Set<RoleName>,
  mirror: string,
  deps: SyncDeps<C>,
  t: number,
): Promise<RulesStep<C>> {
  const ref = pointer.doc.rules;
  if (!checkRulesAdvance({ version: held.rules.doc.version, sha256: held.rules.sha256 }, ref, rotated)) {
    // Unchanged blob; after a root change it must still be signed by the (new) rules role.
    if (rootChanged) await verifyRulesBytes(root, new TextEncoder().encode(held.rules.text), deps.feedId, deps.verify);
    return { rules: held.rules, compiled: held.compiled, changed: false };
  }
  if (ref.length > MAX_RULES_BYTES) throw new FeedError('TOO_LARGE', 'rules larger than 4 MiB', ref.path);
  const out = await fetchCapped(deps.fetch, mirror + ref.path, { cap: ref.length, deadlineMs: deps.deadlineMs }).catch((e: unknown) => {
    // With the cap set to the promised length, "too large" means "longer than promised".
    if (e instanceof FeedError && e.code === 'TOO_LARGE')
      throw new FeedError('LENGTH_MISMATCH', `longer than ${ref.length} bytes`, ref.path);
    throw e;
  });
  if (out.kind !== 'ok') throw new FeedError('HTTP_STATUS', 'rules blob missing', ref.path);
  // Length and hash before any parsing: the pointer's signature already vouches for these bytes.
  if (out.bytes.length !== ref.length)
    throw new FeedError('LENGTH_MISMATCH', `${out.bytes.length} bytes, expected ${ref.length}`, ref.path);
  if ((await sha256Hex(out.bytes)) !== ref.sha256) throw new FeedError('HASH_MISMATCH', 'sha256 differs from the pointer', ref.path);
  const rules = await verifyRulesBytes(root, out.bytes, deps.feedId, deps.verify);
  if (rules.doc.version !== ref.version) {
    throw new FeedError('VERSION_MISMATCH', `blob is v${rules.doc.version}, pointer says v${ref.version}`, ref.path);
  }
  if (rules.doc.expires <= t) throw new FeedError('EXPIRED', `rules v${rules.doc.version} expired`, ref.path);
  return { rules, compiled: compileRules(rules, deps, t), changed: true };
}
