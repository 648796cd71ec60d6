/**
 * The private MAIN ↔ ISOLATED channel inside one document.
 *
 * The MAIN-world sensor creates a MessageChannel at document_start — before any page script can run
 * (checked in both browsers, see docs/architecture.md) — and hands one port to the ISOLATED world with
 * a single window.postMessage. The ISOLATED world takes the first such hello of its document, stops its
 * propagation, and ignores (and reports) any later one.
 *
 * A late ISOLATED world. Firefox may run a document_start script past its usual point while the extension
 * is starting (a browser restoring its tabs) or the script is still compiling, and then the hello has
 * been dispatched before the ISOLATED world listens: the MAIN world was blind for the whole page (seen
 * once in CI). So the ISOLATED world, when it starts, posts a probe to the window: window messages are
 * dispatched in the order they were posted, so if its probe comes back before any hello, the hello (if
 * the MAIN world has run) went out before it listened, and it posts an ask. The MAIN world's listener,
 * registered before page code, hides the ask from page listeners and, if its own hello has gone out and
 * no port has been answered, offers a new port (at most three in all) with the batches sent so far.
 * Until one port is answered, batches go to every port offered; the first answered wins. In this late
 * case page code may see the probe and a hello; a page that answers with a hello of its own is reported
 * when the real one arrives, as any second hello is.
 *
 * Whose document. Firefox dispatches a window message to whatever document the window shows when the
 * message's turn comes, and may hold window messages back while a frame loads: a shop frame's MAIN world
 * posted its hello 150-260 ms into the frame's document, and it was dispatched only after the shop had sent
 * the frame to another of its pages — to the next document's ISOLATED world, before that document's own
 * hello (seen in Firefox 140, in one load in 10 to 30 with six frames moved: the clean page got a
 * "channel spoofed" verdict, the next document's world the wrong port). Hellos and asks therefore name
 * their document by its `performance.timeOrigin` (DOCUMENT_FIELD, the ask's value): each end takes only
 * its own document's. A hello naming another document is dropped unreported; one naming none is page
 * code's, reported as any second hello is.
 * An answer that crosses an ask. The ISOLATED world may take a hello while its ask is still on its way
 * (it asked because its probe came back first, then the MAIN world's hello arrived); the MAIN world,
 * not yet answered, then offers one more port. That one hello after an ask is the MAIN world's and is
 * dropped unreported.
 *
 * Everything that arrives on the port is still validated here:
 * the port is private, but defence in depth costs little and the validator is the fuzzing target.
 * MAIN → ISOLATED messages travel in batches: one array per MAIN-world task (at most MAX_BATCH items),
 * each item a MainToIsolatedMessage validated on its own; a lone message (not an array) is read too.
 *
 * Kept dependency-free (no zod) because both content scripts bundle it and the budget is 20 KB.
 */
import { ACTOR_TYPES, FINDING_KINDS } from './findings.ts';
import type { Actor, EvidenceValue, Finding } from './findings.ts';
import type { SecretKind } from './secret-fields.ts';

export const HELLO_MARKER = 'saq:channel-hello/v1';
/** The ISOLATED world's probe (to itself) and its ask for a new hello (to the MAIN world); see above. */
export const PROBE_MARKER = 'saq:channel-probe/v1';
export const ASK_MARKER = 'saq:channel-ask/v1';
/** The hello's field naming its document (`performance.timeOrigin`); an ask's value names the asker's. */
export const DOCUMENT_FIELD = 'saq:document';
/** Messages in one MAIN → ISOLATED batch: the MAIN world posts a full batch at once, the ISOLATED world reads no more. */
export const MAX_BATCH = 1024;

/** A behavioural fact from the MAIN world. */
export interface PageFindingMessage {
  t: 'finding';
  finding: Finding;
}

/**
 * A programmatic event dispatch seen by the MAIN-world hooks (click(), dispatchEvent()).
 * The ISOLATED world sees the resulting untrusted event on the shared DOM and uses this to name the actor,
 * by the event's `timeStamp` — its creation time, the same number in both worlds (see
 * src/content/isolated/dispatch-announcements.ts).
 */
export interface SyntheticDispatchMessage {
  t: 'synthetic';
  eventType: string;
  /**
   * dispatchEvent(): the dispatched event's own timeStamp. click(), requestSubmit(): performance.now() when
   * the call began (the browser creates their event inside the call).
   */
  at: number;
  /** click(), requestSubmit(): performance.now() when the call returned — the announcement is sent then. */
  until?: number;
  actor: Actor;
}

/**
 * Scripts the MAIN-world hooks saw being inserted (their scriptKey), the task's together: lets the DOM
 * observer tell page-world insertions from others.
 */
export interface HookedInsertionsMessage {
  t: 'hooked-insertions';
  keys: string[];
}

/** Most keys in one hooked-insertions message. */
export const MAX_KEYS = 64;

/** Identifies a script element across worlds (elements themselves cannot cross the port). */
/** String.prototype.slice as it was when the bundle started: the MAIN world keys scripts inside page calls. */
const sliceText = Function.prototype.call.bind(String.prototype.slice) as (text: string, start: number, end: number) => string;

/** Longest `src` a key holds: a keys message longer than a short string was refused whole, as a forgery. */
const KEY_SRC_LENGTH = 1024;

export function scriptKey(src: string, text: string): string {
  // Both worlds cut the same way: a shop's tag with a 2,100-character query gave a key the ISOLATED world
  // refused, every key in its message was lost, and the shop's own scripts were reported as another
  // extension's (with a "channel spoofed" alarm).
  return src ? `src:${sliceText(src, 0, KEY_SRC_LENGTH)}` : `inline:${text.length}:${sliceText(text, 0, 64)}`;
}

/**
 * The MAIN world's answer to a `sync`, queued after everything it had sent before the sync arrived: the
 * ISOLATED world holds all of that once the answer comes (a round trip, not a guess at a time).
 */
export interface SyncedMessage {
  t: 'synced';
  n: number;
}

/** Highest sync number: the ISOLATED world counts its syncs from 1 (a page's lifetime asks far fewer). */
export const MAX_SYNC = 2 ** 31;

/**
 * A load listed on the resource timeline of a same-origin frame the MAIN world adopted (sensors/frame-timeline.main.ts):
 * its address, its `initiatorType`, and when it started (ms since the epoch). The ISOLATED world judges it as it
 * judges a load of its own document's timeline (sensors/network-timeline.isolated.ts).
 */
export interface FrameResourceMessage {
  t: 'frame-resource';
  url: string;
  type: string;
  at: number;
  /** The address was longer than the frame's budget let through whole: `url` is its start, and a secret may be past it. */
  cut: boolean;
}

/**
 * Longest frame-resource address: a browser's longest URL (Chromium 2 MiB, Firefox 1 MiB). It goes whole, as the page's
 * own timeline has it: a secret past any shorter cut would pass unseen.
 */
export const MAX_FRAME_URL = 2 * 1024 * 1024;

export type MainToIsolatedMessage =
  | PageFindingMessage
  | SyntheticDispatchMessage
  | HookedInsertionsMessage
  | SyncedMessage
  | FrameResourceMessage
  | WatchingMessage
  | RelistenMessage;

/**
 * The MAIN world watches the document's child lists from now on and hands added elements over (LaneMessage's
 * `handover`): the ISOLATED world stops watching them itself. Sent over the lane, so both switch at one moment.
 */
export interface WatchingMessage {
  t: 'watching';
}
/**
 * Over the port: a lane or hand-over event went undelivered (nobody cancelled it). `document.open()` erases every
 * world's listeners on the window, and the ISOLATED world's with them; it listens again and answers `listening`, and
 * the MAIN world then hands over what waited. Until then lane messages go by port.
 */
export interface RelistenMessage {
  t: 'relisten';
}

/** What the MAIN world needs of the site profile, sent back over the same private port. */
export interface PageProfile {
  firstPartyOrigins: string[];
  trustedOrigins: string[];
  requestPrefixes: string[];
  /** Purchase, quantity and payment controls: only activations of these need an actor. */
  controlSelectors: string[];
  sensitiveFieldSelectors: string[];
}

export interface ProfileMessage {
  t: 'profile';
  profile: PageProfile;
}

/**
 * The private event type of the channel's synchronous lane, chosen at random by the ISOLATED world and
 * sent over the port before anything else. A message another world's event is waiting on (an
 * announcement of who dispatched it) is dispatched as a CustomEvent of this type on the window: listeners
 * of every world run inside dispatchEvent, so it arrives before the event it announces, where a port
 * message would wait for a later task (10–25 ms in Firefox while the shop handles the click). Page code
 * cannot listen for, or forge, a type it never learns.
 *
 * `ask`, a second private type, goes the other way: the ISOLATED world dispatches it (one type per question,
 * askType), cancelable, on a field it found asking for a secret, and the MAIN world cancels it when the answer
 * is yes: the page's own code put that field there, or a stranger did (main/shop-fields.ts). Listeners of every world run inside dispatchEvent, so the answer is
 * dispatchEvent's return value, at once; only a listener for this type can cancel it.
 */
export interface LaneMessage {
  t: 'lane';
  type: string;
  ask: string;
  /**
   * A third private type, or '' : the event type the MAIN world hands added elements over on, once it watches
   * the document's child lists for the ISOLATED world (main/child-lists.ts; Chromium only).
   */
  handover: string;
}
/**
 * The ISOLATED world's lists of elements its sensors look for among added ones, joined, for the MAIN world that
 * watches child lists for it; `complete` once they hold the profile's controls (until then it hands over all).
 */
export interface AmongMessage {
  t: 'among';
  /** The whole list: what an added element's descendants are queried with. */
  selector: string;
  complete: boolean;
  /** The same list sorted by what an added element must be to match (shared/selector-buckets.ts). */
  bare: string;
  attributed: string;
  /** Local names and their selectors, in turn: [name, selectors, name, selectors, …]. */
  tags: string[];
}
/** Local names in an `among` message's `tags`. */
export const MAX_AMONG_TAGS = 64;
/**
 * Plain elements asked for a closed shadow root per settle time (each ask is an extension API call in Chromium):
 * the overlay check's bound (checkout-tamper.isolated.ts), which the MAIN world's hand-overs keep too.
 */
export const MAX_MAYBE_HOSTS = 32;
/** Styles and layout settle after insertion; the overlay check looks again this much later. */
export const OVERLAY_SETTLE_MS = 150;
/** A hand-over's `detail` (main/child-lists.ts): the element is a script of another world's, not an added element to look at. */
export const FOREIGN = 1;
/** Longest `among` selector: the profile's lists are bounded (MAX_PROFILE_LIST × MAX_STRING), the joined text too. */
export const MAX_AMONG = 65_536;
/** Who placed a field, as the MAIN world can say: the page's own code, or code it names that is not. */
export type PlacedBy = 'page' | 'stranger';
/** The event type of one question on the `ask` type: "did the page's code place this field?", "did a stranger?" */
export const askType = (ask: string, by: PlacedBy): string => (by === 'page' ? ask : `${ask}:stranger`);
/** Asks the MAIN world to answer `synced` with the same number, after what it already sent. */
export interface SyncMessage {
  t: 'sync';
  n: number;
}
/**
 * Where the focus went inside a closed shadow root the MAIN world has no hold of (one the parser made from
 * `<template shadowrootmode="closed">`): at the window a focus event's path stops at the host, and only an
 * extension's world can look inside (openOrClosedShadowRoot). Named by the focusin event's `timeStamp`, the
 * same number in both worlds. `field`: the secret the focused element holds, '' for none. The MAIN world
 * then counts the keystrokes at that host as typed in that field, until the focus moves.
 */
export interface ClosedFocusMessage {
  t: 'closed-focus';
  at: number;
  field: SecretKind | '';
}
/**
 * The event type that has the ISOLATED world add its listeners again at once, derived from the lane's (only the two
 * worlds know it). The MAIN world hands over an element of its own making once, on the window, as a FocusEvent's
 * `relatedTarget`; the ISOLATED world listens for this type on that element, which is in no document: a detached
 * node's listeners outlive `document.open()`. The MAIN world's hooked `open()` then dispatches it there before the
 * page's code goes on, so a listener the page adds on the window after its call still runs after the ISOLATED
 * world's, where its observer of the document would add them a microtask late.
 */
export const againType = (lane: string): string => `${lane}:again`;
/** The ISOLATED world listens on the window again (the answer to `relisten`). */
export interface ListeningMessage {
  t: 'listening';
}
export type IsolatedToMainMessage = ProfileMessage | LaneMessage | SyncMessage | ClosedFocusMessage | AmongMessage | ListeningMessage;

/** The lane's event type: `saq-` and a random UUID (crypto.randomUUID, 36 characters). */
export const newLaneType = (): string => `saq-${crypto.randomUUID()}`;
export const LANE_LENGTH = 40;

/** The lists of a site profile, in the order the MAIN world reads them (src/content/main/profile-message.ts). */
export const PROFILE_KEYS = [
  'firstPartyOrigins',
  'trustedOrigins',
  'requestPrefixes',
  'controlSelectors',
  'sensitiveFieldSelectors',
] as const;
/** Entries in one profile list. */
export const MAX_PROFILE_LIST = 256;

export const MAX_STRING = 2048;
/**
 * The one evidence field allowed past MAX_STRING: `text`, where a flood's code texts are folded several to a
 * finding (src/content/main/text-folds.ts), each still at most MAX_STRING. The worker keeps MAX_STRING of it
 * once judged (src/background/judge.ts).
 */
export const MAX_CODE_TEXT = 16_384;
/** Between the texts of a fold: a line break, so only a code token that holds one could match across two scripts. */
export const FOLD_SEPARATOR = '\n';
const MAX_EVIDENCE_KEYS = 24;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_STRING;
}

export function parseActor(value: unknown): Actor | null {
  if (!isRecord(value)) return null;
  const type = value.type;
  if (typeof type !== 'string' || !(ACTOR_TYPES as readonly string[]).includes(type)) return null;
  const actor: Actor = { type: type as Actor['type'] };
  for (const key of ['url', 'sha256', 'extensionId'] as const) {
    const field = value[key];
    if (field === undefined) continue;
    if (!isShortString(field)) return null;
    actor[key] = field;
  }
  return actor;
}

export function parseEvidence(value: unknown): Record<string, EvidenceValue> | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  if (keys.length > MAX_EVIDENCE_KEYS) return null;
  const evidence: Record<string, EvidenceValue> = {};
  for (const key of keys) {
    if (key.length > 64 || key === '__proto__') return null;
    const field = value[key];
    const longest = key === 'text' ? MAX_CODE_TEXT : MAX_STRING;
    if (
      typeof field === 'number'
        ? !Number.isFinite(field)
        : typeof field !== 'boolean' && !(typeof field === 'string' && field.length <= longest)
    ) {
      return null;
    }
    evidence[key] = field as EvidenceValue;
  }
  return evidence;
}

export function parseFinding(value: unknown): Finding | null {
  if (!isRecord(value)) return null;
  const { kind, at } = value;
  if (typeof kind !== 'string' || !(FINDING_KINDS as readonly string[]).includes(kind)) return null;
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  const actor = parseActor(value.actor);
  const evidence = parseEvidence(value.evidence);
  if (!actor || !evidence) return null;
  return { kind: kind as Finding['kind'], actor, evidence, at };
}

/** Returns null for anything malformed: page-adjacent input is ignored, never thrown on. */
export function parseMainToIsolated(value: unknown): MainToIsolatedMessage | null {
  if (!isRecord(value)) return null;
  switch (value.t) {
    case 'finding': {
      const finding = parseFinding(value.finding);
      return finding ? { t: 'finding', finding } : null;
    }
    case 'synthetic': {
      const actor = parseActor(value.actor);
      const { eventType, at, until } = value;
      if (!actor || !isShortString(eventType) || typeof at !== 'number' || !Number.isFinite(at)) return null;
      // A call's end before its start would be no interval at all.
      if (until !== undefined && (typeof until !== 'number' || !Number.isFinite(until) || until < at)) return null;
      return {
        t: 'synthetic',
        eventType,
        at,
        ...(until === undefined ? {} : { until }),
        actor,
      };
    }
    case 'synced': {
      const { n } = value;
      return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_SYNC ? { t: 'synced', n } : null;
    }
    case 'frame-resource': {
      const { url, type, at, cut } = value;
      if (typeof url !== 'string' || url.length > MAX_FRAME_URL || !isShortString(type)) return null;
      if (typeof at !== 'number' || !Number.isFinite(at) || typeof cut !== 'boolean') return null;
      return { t: 'frame-resource', url, type, at, cut };
    }
    case 'watching':
      return { t: 'watching' };
    case 'relisten':
      return { t: 'relisten' };
    case 'hooked-insertions': {
      const { keys } = value;
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS || !keys.every(isShortString)) return null;
      return { t: 'hooked-insertions', keys: [...keys] };
    }
    default:
      return null;
  }
}

/** Longest text the lane carries: one message (a few short strings and an actor's URL). */
export const MAX_LANE_TEXT = 8192;

/** A message that came over the lane (its CustomEvent's `detail`, a JSON text); null when malformed. */
export function parseLaneMessage(detail: unknown): MainToIsolatedMessage | null {
  if (typeof detail !== 'string' || detail.length > MAX_LANE_TEXT) return null;
  try {
    return parseMainToIsolated(JSON.parse(detail));
  } catch {
    return null;
  }
}

/**
 * One MAIN → ISOLATED batch: each item parsed on its own (null where malformed). A lone message reads as a
 * batch of one; items past MAX_BATCH are not the MAIN world's and are ignored.
 */
export function parseMainBatch(value: unknown): (MainToIsolatedMessage | null)[] {
  return (Array.isArray(value) ? value.slice(0, MAX_BATCH) : [value]).map(parseMainToIsolated);
}
