/** The contract every ISOLATED-world sensor implements (listed in sensors/isolated-list.ts). */
import type { Actor, EvidenceValue, FindingKind } from '../../shared/findings.ts';
import type { AmongMessage, ClosedFocusMessage, MainToIsolatedMessage, PlacedBy } from '../../shared/page-protocol.ts';
import type { Controls, MatchedControl } from './controls.ts';

export type MainMessageOf<T extends MainToIsolatedMessage['t']> = Extract<MainToIsolatedMessage, { t: T }>;

/**
 * One capture listener per event type and one MutationObserver serve every sensor (src/content/isolated/hub.ts):
 * `control` is the purchase control the event's target belongs to, matched once per event; `undefined`
 * while the profile is not known yet, `null` for anything else.
 */
export type EventHandler = (event: Event, control: MatchedControl | null | undefined) => void;

/**
 * One MutationObserver callback's records, read once for every sensor (each read of a record's fields
 * costs a wrapper in this world): attribute changes (with the value before), and the elements added
 * (subtree roots). `parsed` marks the one delivery of the whole document as the parser left it: while the
 * document is loading only attribute changes are observed (see hub.ts), so a sensor sees the parser's
 * elements in that delivery, and every element added after it as it comes.
 */
export interface Mutations {
  attributes: Array<{ target: Element; name: string; oldValue: string | null }>;
  added: Element[];
  parsed?: true;
  /**
   * The purchase, quantity and payment controls among `added` and their descendants, found once by the
   * hub for every sensor; undefined until the profile is known.
   */
  controls?: Element[];
  /**
   * Set when the MAIN world watched the child lists (Chromium, main/child-lists.ts): `added` holds only the
   * elements it handed over, and `foreign` the added scripts no hooked insertion of the page's world explains
   * (another world's). Without it, `added` is everything added, scripts included, and the hooks' keys tell.
   */
  foreign?: Element[];
}

/** `found`: the added elements (and descendants) matching the handler's `among` list; empty without one. */
export type MutationHandler = (mutations: Mutations, found: Element[]) => void;

export interface IsolatedSensorContext {
  signal: AbortSignal;
  report(kind: FindingKind, actor: Actor, evidence: Record<string, EvidenceValue>): void;
  /** Resolves once the background has told this page the shop's profile, compiled. */
  controls(): Promise<Controls>;
  /**
   * Resolves once everything the MAIN-world hooks sent so far has reached the `onMain` listeners (a round trip
   * over the private port), or after a bound without an answer.
   */
  mainCaughtUp(): Promise<void>;
  /** Tells the MAIN world what only this world can see: where the focus went inside a closed shadow root. */
  sendToMain(message: ClosedFocusMessage | AmongMessage): void;
  /**
   * The MAIN world's word, at once, on who put this field where it is: the page's own code (the field unchanged
   * since), a stranger it names, or null when it cannot say (another world, a closed shadow root, no hooks).
   */
  placedBy(field: Element): PlacedBy | null;
  /** Subscribe to one kind of message from the MAIN-world hooks. */
  onMain<T extends MainToIsolatedMessage['t']>(type: T, listener: (message: MainMessageOf<T>) => void): void;
  /**
   * Events on the window, capture phase, whoever dispatched them: only those on purchase controls (and,
   * before the profile is known, every one), or with `anyTarget` every one.
   */
  onEvent(types: readonly string[], handler: EventHandler, anyTarget?: boolean): void;
  /**
   * The document's mutations: the attributes sensors asked for from document_start; the parsed document once
   * when parsing ends (`parsed`), then every element added. `among`: a selector list (constant, valid); the
   * handler then also gets the elements among the added subtrees that match it, each once, found in the
   * hub's one query for every sensor.
   */
  onMutations(attributes: readonly string[], handler: MutationHandler, among?: string): void;
}

export interface IsolatedSensor {
  id: string;
  install(context: IsolatedSensorContext): void;
}
