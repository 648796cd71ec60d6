/** The contract every MAIN-world sensor implements (one file per sensor, listed in sensors/main-list.ts). */
import type { Actor, EvidenceValue, FindingKind } from '../../shared/findings.ts';
import type { ClosedFocusMessage, MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import type { Attributed, Attribution, InlineSide } from './attribution.ts';
import type { ChildLists } from './child-lists.ts';
import type { Patcher } from './patch.ts';
import type { Schedulings } from './scheduled.ts';
import type { ShopFields } from './shop-fields.ts';
import type { Site } from './site.ts';
import type { SafeMap } from './safe-collections.ts';

// Captured when the bundle starts, before page code can replace it.
const { hasOwn } = Object;

/** A realm's global: the page's own window, or a same-origin frame's (hooked from the parent). */
export type Realm = Window & typeof globalThis;

export interface MainSensorContext {
  signal: AbortSignal;
  attribution: Attribution;
  /** Callbacks handed to schedulers, wrapped so that attribution can name who scheduled them (scheduled.ts). */
  schedulings: Schedulings;
  patcher: Patcher;
  site: Site;
  /** The page's own origin: frames from it are the page's own code. */
  pageOrigin: string;
  /**
   * Sends a fact. `hashText`: text whose SHA-256 goes into `evidence.sha256` (computed off the hot path,
   * before the finding leaves); an inline actor's text is hashed into `actor.sha256` the same way. `at`: when
   * it happened, for a fact reported after something it needed was read (a request's body); default now.
   */
  report(kind: FindingKind, who: Attributed, evidence: Record<string, EvidenceValue>, hashText?: string, at?: number): Ticket;
  /** Whether a reported finding has not left yet: its evidence object can still be amended. */
  unsent(ticket: Ticket): boolean;
  send(message: MainToIsolatedMessage): void;
  /** Delivers a message before returning: for what the ISOLATED world must hold before an event reaches it. */
  sendNow(message: MainToIsolatedMessage): void;
  /** The ISOLATED world's word on where the focus went inside a closed shadow root this world cannot see into. */
  onClosedFocus(listener: (message: ClosedFocusMessage) => void): void;
  /**
   * Delivers what was reported so far before returning: for facts the document may not outlive (a
   * navigation away). A finding still waiting for an inline actor's hash is not among it.
   */
  flushNow(): void;
  /** The actor with an inline script's SHA-256 filled in (for messages that are not findings): to `done`, at once or once hashed. */
  actorOf(who: Attributed, done: (actor: Actor) => void): void;
  /** Puts Saq's hooks into a same-origin frame's realm (once per realm; cross-origin is ignored). */
  adopt(win: unknown): void;
  /** Inputs the page's own code put in place, vouched for when the ISOLATED world asks (main/shop-fields.ts). */
  shopFields: ShopFields;
  /** The document's child lists, watched here for the ISOLATED world where it asks (main/child-lists.ts). */
  childLists: ChildLists;
  /** When each actor (by actorKey) last read a secret: cookies, storage, secret fields. */
  secretReads: SafeMap<string, number>;
}

/** Findings of one kind and actor reported in one task past this many are dropped (a flood; see report()). */
export const REPEATS_PER_TASK = 1024;
/** Texts of one kind and actor hashed at once, then per second; past that a finding has no sha256 (see report()). */
export const HASH_BURST = 64;
export const HASHES_PER_SECOND = 64;
/** Shapes whose hash budget is remembered at a time. */
export const MAX_HASH_BUDGETS = 256;

/**
 * A reported finding: the batch it leaves in (see context.unsent), -1 when it was dropped; and the evidence
 * record that leaves, to amend while it waits (a fold's, main/text-folds.ts, when the finding joined one).
 */
export interface Ticket {
  batch: number;
  evidence: Record<string, EvidenceValue>;
}

export interface MainSensor {
  id: string;
  /** Called once for the page's realm (`top`) and once for each same-origin frame realm adopted later. */
  install(context: MainSensorContext, realm: Realm, top: boolean): void;
}

/**
 * The inline script's text, when the actor is one. Own field only: most Attributed leave it out, and a page's
 * `Object.prototype.text` would have given every actor a hash of the page's choosing and held urgent reports back.
 */
export const inlineTextOf = (who: Attributed): string | undefined => (hasOwn(who, 'text') ? who.text : undefined);

/** The side of the inline script that acted, while it is not decided yet (Attributed's `side`); own field only, as above. */
export const undecidedSideOf = (who: Attributed): InlineSide | undefined =>
  hasOwn(who, 'side') && who.side && !who.side.decided ? who.side : undefined;

/** Who counts as "the same actor" across a read and a later send. */
export function actorKey(actor: Actor): string {
  // Own fields only: an actor with no url (inline, anonymous, unknown) must not take the page's Object.prototype.url.
  const name = hasOwn(actor, 'url') ? actor.url : hasOwn(actor, 'extensionId') ? actor.extensionId : undefined;
  return `${actor.type}|${name ?? ''}`;
}

/** Actors whose reads and sends are the page's own business (the rules judge the rest). */
export function isPageSide(actor: Actor, site: Site): boolean {
  return actor.type === 'page' || (actor.type === 'script' && site.originOf(actor.url ?? '') !== 'foreign');
}
