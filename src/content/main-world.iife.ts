/**
 * MAIN-world entry, injected at document_start in every shop frame before the page's first script
 * (a self-contained IIFE bundle: an async loader would install the hooks after page scripts run).
 * Order matters: natives first (natives.ts captures them as the bundle starts), then the channel, then
 * the sensors — in this realm and, when page code creates one, in every same-origin frame's realm
 * (else a "pristine" fetch from a fresh iframe would bypass the hooks).
 */
import type { Actor } from '../shared/findings.ts';
import type { ClosedFocusMessage } from '../shared/page-protocol.ts';
import { createAttribution } from './main/attribution.ts';
import { createChildLists } from './main/child-lists.ts';
import { bare, setOwn } from './main/descriptors.ts';
import { openChannel } from './main/channel.ts';
import { createHasher } from './main/hasher.ts';
import { hookReopening, listenAgain } from './main/lasting-listeners.ts';
import { clampActor, clampEvidence } from './main/clamp.ts';
import { dateNow, isNativeCode, pageHref, queueTask, windowEvent } from './main/natives.ts';
import { append, safeList, SafeMap, SafeWeakSet } from './main/safe-collections.ts';
import { createPatcher } from './main/patch.ts';
import { createScheduling, SCHEDULER_FRAMES } from './main/scheduled.ts';
import { stackNow } from './main/stack-capture.ts';
import { createTextFolds } from './main/text-folds.ts';
import { tokenBucket } from '../shared/token-bucket.ts';
import {
  HASH_BURST,
  HASHES_PER_SECOND,
  MAX_HASH_BUDGETS,
  REPEATS_PER_TASK,
  actorKey,
  inlineTextOf,
  undecidedSideOf,
  type MainSensorContext,
  type Realm,
  type Ticket,
} from './main/sensor.ts';
import { createShopFields } from './main/shop-fields.ts';
import { createSite } from './main/site.ts';
import { MAIN_SENSORS } from './sensors/main-list.ts';

(() => {
  const site = createSite(location.origin);
  /** Sensors told where the focus went in closed shadow roots only the ISOLATED world can look into. */
  const focusListeners = safeList<(message: ClosedFocusMessage) => void>();
  const shopFields = createShopFields();
  const childLists = createChildLists(
    () => channel.sendNow({ t: 'watching' }),
    () => channel.relisten(),
  );
  const channel = openChannel((message) => {
    if (message.t === 'profile') return site.update(message.profile);
    if (message.t === 'among') return childLists.among(message);
    if (message.t === 'listening') {
      // The ISOLATED world saw the document re-opened (or answers this world's ask): this world's listeners too.
      listenAgain();
      return childLists.redeliver();
    }
    if (message.t === 'lane') {
      shopFields.answerOn(message.ask);
      return childLists.ask(message.handover);
    }
    for (let i = 0; i < focusListeners.length; i++) focusListeners[i]!(message);
  });
  const { send } = channel;
  const patcher = createPatcher();
  const schedulings = createScheduling(
    () => stackNow(SCHEDULER_FRAMES),
    dateNow,
    () => windowEvent(window),
  );
  const attribution = createAttribution(site, schedulings);
  const realms = new SafeWeakSet<object>();

  const hashOf = createHasher();

  /**
   * Flood control before any work: findings of one shape (kind and actor) reported within one task past
   * REPEATS_PER_TASK are dropped before they are hashed or queued. The relay drops repeats past the same
   * number per flush anyway; dropping them here saves the page the hashing and the copy. A finding of a
   * new shape always passes, so a flood cannot hide a later act (tests/e2e/hostile-flood.e2e.ts).
   */
  const shapes = new SafeMap<string, number>();
  const folds = createTextFolds((ticket) => context.unsent(ticket));
  const clearShapes = (): void => {
    shapes.clear();
    folds.clear();
  };
  const DROPPED: Ticket = { batch: -1, evidence: bare({}) };

  /**
   * Hashing an inserted script's text (then a digest per text, each resolved in a task of its own; now
   * synchronous, main/sha256.ts) was most of what a flood of insertions cost the page: the flood's longest
   * task with Saq fell from ~100 ms to ~50 ms without it (npm run bench, Chromium). Per shape, HASH_BURST texts at once and HASHES_PER_SECOND
   * after that are hashed; past that budget a finding leaves at once with `sha256Skipped` — its text's
   * first 2 KB still reaches the code-token indicators, and the flood itself is reported.
   */
  const hashBudgets = new SafeMap<string, () => boolean>();
  const mayHash = (shape: string): boolean => {
    let take = hashBudgets.get(shape);
    if (!take) {
      // Shapes are few on a real page; a page inventing thousands only starts their budgets afresh.
      if (hashBudgets.size >= MAX_HASH_BUDGETS) hashBudgets.clear();
      take = tokenBucket(HASH_BURST, HASHES_PER_SECOND, dateNow);
      hashBudgets.set(shape, take);
    }
    return take();
  };

  const context: MainSensorContext = {
    // The page-world hooks live as long as the document; the signal lets a sensor stop reporting.
    signal: new AbortController().signal,
    attribution,
    schedulings,
    patcher,
    site,
    pageOrigin: location.origin,
    shopFields,
    childLists,
    secretReads: new SafeMap(),
    report(kind, who, evidence, hashText, at = dateNow()) {
      const shape = `${kind}|${actorKey(who.actor)}`;
      const count = shapes.get(shape) ?? 0;
      if (count >= REPEATS_PER_TASK) return DROPPED;
      if (shapes.size === 0) queueTask(clearShapes);
      shapes.set(shape, count + 1);
      // Past the budget the text is all the finding has for the rules: alike ones share a finding (text-folds.ts),
      // and one that joins another costs nothing more here. Not an inline actor's: the shape names no inline
      // script (its hash goes into the actor later), and one inline actor's texts would join another's finding.
      const skipped = hashText !== undefined && !mayHash(shape);
      const foldable = skipped && inlineTextOf(who) === undefined;
      if (skipped) setOwn(evidence, 'sha256Skipped', true);
      if (foldable) {
        const joined = folds.fold(shape, evidence);
        if (joined) return joined;
      }
      // Until the finding is queued (its hashes are being computed) it is in no batch yet: amendable.
      const ticket: Ticket = { batch: Infinity, evidence };
      const finish = (actor: Actor): void => {
        ticket.batch = send({ t: 'finding', finding: { kind, actor: clampActor(actor), evidence: clampEvidence(evidence), at } });
      };
      const withActor = (): void => context.actorOf(who, finish);
      if (hashText === undefined) withActor();
      else if (skipped) {
        withActor();
        // Queued at once: the next alike finding may join it.
        if (foldable && ticket.batch !== Infinity) folds.opened(shape, ticket);
      } else
        hashOf(hashText, (hex) => {
          setOwn(evidence, 'sha256', hex);
          withActor();
        });
      return ticket;
    },
    unsent: (ticket) => ticket.batch >= channel.posted(),
    actorOf(who, done) {
      const text = inlineTextOf(who);
      const named = (): void => {
        if (text === undefined) done(who.actor);
        else hashOf(text, (hex) => done({ ...who.actor, sha256: hex }));
      };
      // An inline script in its first run, inserted before the profile said whether the shop's side did: a tag
      // manager's tag (from the cache) reading its cookie was a stranger's SAQ-SEN-001, its `new Function` SAQ-DYN-001.
      const side = undecidedSideOf(who);
      if (side === undefined) return named();
      const url = pageHref();
      site.whenKnown(() => (side.page ? done({ type: 'page', url }) : named()));
    },
    send: (message) => void send(message),
    sendNow: channel.sendNow,
    onClosedFocus: (listener) => void append(focusListeners, listener),
    flushNow: channel.flushNow,
    adopt(win) {
      try {
        const functionPrototype = (win as Realm).Function.prototype; // throws for a cross-origin frame
        if (realms.has(functionPrototype)) return;
        realms.add(functionPrototype);
        // A shop page in a frame runs its own copy of Saq (all_frames): its realm is hooked already.
        if (isNativeCode(functionPrototype.toString)) patcher.untracked(() => install(win as Realm, false));
      } catch {
        // Cross-origin (or gone): its own content scripts, if it is the shop's, run there.
      }
    },
  };

  function install(realm: Realm, top: boolean): void {
    patcher.realm(realm.Function.prototype);
    hookReopening(patcher, realm, channel.relisten);
    // By index: a same-origin frame is adopted long after page code could replace the array iterator.
    for (let i = 0; i < MAIN_SENSORS.length; i++) {
      try {
        MAIN_SENSORS[i]!.install(context, realm, top);
      } catch {
        // One sensor failing to install (an API missing in this browser) must not take the others down.
      }
    }
  }

  realms.add(Function.prototype);
  install(window, true);
})();
