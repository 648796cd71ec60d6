/**
 * Keyloggers: key and input listeners that code other than the shop's puts on secret fields
 * (password, SMS code, certificate password, card), on an element around one (the form, the app's
 * root), or on the document or window — where every keystroke passes. A listener on a secret field is
 * reported when it is added; any other when a keystroke in a secret field reaches it (our capture
 * listener sees the event first), since the field may not exist yet when the listener is added.
 * Both `addEventListener` and the `on…` handler properties count.
 *
 * A password manager's autofill types into the same fields from its own world and adds no page-world
 * listeners: it never appears here.
 */
import type { Attributed } from '../main/attribution.ts';
import {
  composedPath,
  documentBody,
  documentElement,
  eventCurrentTarget,
  eventPhase,
  eventTarget,
  eventTimeStamp,
  eventType,
  nodeName,
  nodeType,
  parentNode,
  regExpExec,
  shadowActiveElement,
  shadowRootHost,
  shadowRootMode,
} from '../main/natives.ts';
import { append, safeList, SafeSet, SafeWeakMap, type SafeList } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor } from '../main/sensor.ts';
import { onListenerAdded } from '../main/listeners-added.ts';
import { listenLasting } from '../main/lasting-listeners.ts';

const KEY_EVENTS = ['keydown', 'keyup', 'keypress', 'input'];
/**
 * Compared, not matched with a RegExp: every listener the page adds passes here. In Firefox the native
 * `exec` (through the captured, uncurried method) made the hook cost ~1–2 µs a call more than a hook with
 * no observer at all; compared, it costs what that empty hook costs (Firefox A/B builds, 5 rounds of 100,000
 * calls each; the page's own rounds spread by ±1 µs).
 */
const isKeyEvent = (type: unknown): type is string => type === 'keydown' || type === 'keyup' || type === 'keypress' || type === 'input';

/** Foreign listeners on the document or window, waiting for a keystroke in a secret field. */
const listening = safeList<{ who: Attributed; on: string; scope: string }>();
/**
 * Foreign listeners on other elements, by element: a keystroke in a secret field looks each of its
 * ancestors up, so a page cannot push one out by adding many elsewhere (the document's list is capped).
 */
const onElements = new SafeWeakMap<object, SafeList<{ who: Attributed; on: string }>>();
let elementsWatched = false;
/** Form controls hold no field: a listener on one (a search box's) is the page's ordinary business, not named. */
const HOLDS_NO_FIELD = /^(?:INPUT|TEXTAREA|SELECT|BUTTON|OPTION)$/;
const MAX_PER_ELEMENT = 8;
const reported = new SafeSet<string>();
/** Closed shadow roots by host, from attachShadow: the page sees none of their inside, nor does an event's path. */
const closedRoots = new SafeWeakMap<object, ShadowRoot>();
let closedRootsMade = false;
/** Nesting followed into closed roots, and nodes walked up from the field: bounds for a page built to loop. */
const MAX_DEPTH = 256;
/**
 * Closed roots the parser made (`<template shadowrootmode="closed">`, setHTMLUnsafe) never pass attachShadow.
 * The ISOLATED world can look into them: it names each focus event that went into one (by timeStamp) and the
 * secret the focused element holds (onClosedFocus). Only the latest focus counts: `lastFocus`, the element a
 * person's focus last went to, while its word is on the way; then `closedFocus`, that host with the secret
 * field focused inside, if any — keystrokes at that host are typed in that field until the focus moves.
 */
let lastFocus: { at: number; host: EventTarget } | null = null;
let closedFocus: { host: EventTarget; field: string } | null = null;
/**
 * A person's keystrokes at the host while its word is on the way, judged when it comes: Chromium runs input
 * before posted messages, so keys typed at once come before the word.
 */
const keysBeforeWord = safeList<{ type: string; path: ArrayLike<EventTarget> }>();
/** The top window's key listener, and the last event it heard: a keystroke stopped before it is judged at the stop. */
let keyStopped: ((event: Event) => void) | null = null;
let lastKeyEvent: Event | null = null;
const MAX_KEYS_BEFORE_WORD = 32;

export const keyloggerSensor: MainSensor = {
  id: 'keylogger',
  install(context, realm, top) {
    const { patcher, attribution, site } = context;

    function report(who: Attributed, field: string, event: string, scope: string): void {
      const key = `${actorKey(who.actor)},${field},${event},${scope}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report('keylogger', who, { field, event, scope });
    }

    function listened(target: unknown, type: unknown): void {
      // The window's `document` cannot be redefined; its root and body are read with the captured getters.
      const { document } = realm;
      const scope =
        target === realm
          ? 'window'
          : target === document || target === documentElement(document) || target === documentBody(document)
            ? 'document'
            : '';
      const field = scope ? '' : site.fieldKind(target);
      const element = !scope && !field && mayHoldField(target);
      if (!scope && !field && !element) return;
      const who = attribution.attribute();
      if (isPageSide(who.actor, site)) return;
      if (field) report(who, field, type as string, 'field');
      else if (element) {
        let held = onElements.get(target as object);
        if (!held) onElements.set(target as object, (held = safeList()));
        if (held.length < MAX_PER_ELEMENT) append(held, { who, on: type as string });
        elementsWatched = true;
      } else if (listening.length < 64) append(listening, { who, on: type as string, scope });
    }

    /** An element other than a form control, or a shadow root (a component's sign-in form lives in one). */
    function mayHoldField(target: unknown): boolean {
      try {
        const type = nodeType(target as Node);
        return type === 11 || (type === 1 && !regExpExec(HOLDS_NO_FIELD, nodeName(target as Node)));
      } catch {
        return false; // not a node
      }
    }

    /**
     * The listeners kept on the field's ancestors: the rest of the event's path (up to the document and
     * window, which have their own list), through the shadow roots and hosts of a component's form.
     */
    function reportAncestors(field: string, path: ArrayLike<EventTarget>, type: string, from: number): void {
      for (let depth = from; depth < path.length; depth++) {
        const held = onElements.get(path[depth]!);
        for (let i = 0; held && i < held.length; i++) if (held[i]!.on === type) report(held[i]!.who, field, type, 'ancestor');
      }
    }

    /**
     * The path of a keystroke that happened inside closed shadow roots, or null. At the window its path stops
     * at the outermost host: the focused element inside each closed root is the field typed in (keys and
     * input go to the focused element), and its ancestors up to that host are walked with the captured getters.
     * The field's kind needs the inside too: a component's sign-in form is often built closed.
     */
    function intoClosedRoots(path: ArrayLike<EventTarget>): SafeList<EventTarget> | null {
      const host = path[0];
      let root = host === undefined ? undefined : closedRoots.get(host);
      if (!root) return null;
      let deepest: Element | null = null;
      for (let depth = 0; root && depth < MAX_DEPTH; depth++) {
        const active = shadowActiveElement(root);
        if (!active) break;
        deepest = active;
        root = closedRoots.get(active);
      }
      if (!deepest) return null;
      const inside = safeList<EventTarget>();
      let node: Node | null = deepest;
      for (let depth = 0; node && node !== host && depth < MAX_DEPTH; depth++) {
        append(inside, node);
        node = nodeType(node) === 11 ? shadowRootHost(node) : parentNode(node);
      }
      if (node !== host) return null; // not inside this host after all (moved in between): nothing to follow
      for (let i = 0; i < path.length; i++) append(inside, path[i]!);
      return inside;
    }

    // Every listener the page adds passes here: anything but a key or input listener leaves after four comparisons.
    // A type given as an object (`new String('input')`) or a function arrives as the text the browser makes of it.
    onListenerAdded(patcher, realm, (target, type) => {
      if (isKeyEvent(type)) listened(target, type);
    });
    // Loops by index: a same-origin frame's realm is hooked after page code could replace the array iterator.
    const targets = [realm.HTMLElement.prototype, realm.Document.prototype, realm];
    for (let i = 0; i < targets.length; i++)
      for (let j = 0; j < KEY_EVENTS.length; j++) {
        const type = KEY_EVENTS[j]!;
        patcher.accessor(targets[i]!, `on${type}`, undefined, (self, args) => {
          if (typeof args[0] === 'function') listened(self ?? realm, type); // no receiver: the window, as for addEventListener
        });
      }

    if (top)
      patcher.method(realm.Element.prototype, 'attachShadow', undefined, (self, _args, root) => {
        if (shadowRootMode(root) !== 'closed') return;
        closedRoots.set(self as object, root as ShadowRoot);
        closedRootsMade = true;
      });

    /**
     * A keystroke in a secret field reached the listeners on its path and the document-wide ones of its type.
     * The path starts at the field (its own listeners were reported when added), or at `from` 0 with its
     * first ancestor this world can see: the host of a closed root it never saw.
     */
    function caught(field: string, path: ArrayLike<EventTarget>, type: string, from = 1): void {
      if (elementsWatched) reportAncestors(field, path, type, from);
      // By index: the page's array iterator must not hide a listener.
      for (let i = 0; i < listening.length; i++) {
        const { who, on, scope } = listening[i]!;
        if (on === type) report(who, field, type, scope);
      }
    }

    if (top) {
      // A person's focus moving (isTrusted is the event's own, unforgeable): to an element that may host a
      // closed root, it waits for the ISOLATED world's word; anywhere else, a secret field behind a host is left.
      listenLasting(
        realm,
        'focusin',
        (event) => {
          if (!event.isTrusted) return;
          const path = composedPath(event);
          const start = path.length > 0 ? path[0]! : eventTarget(event);
          closedFocus = null;
          keysBeforeWord.length = 0;
          lastFocus = start && mayHoldField(start) ? { at: eventTimeStamp(event), host: start } : null;
        },
        { capture: true, signal: context.signal },
      );
      context.onClosedFocus(({ at, field }) => {
        // A word on an earlier focus is out of date: the focus has moved since, and its own word is coming.
        if (!lastFocus || lastFocus.at !== at) return;
        closedFocus = field ? { host: lastFocus.host, field } : null;
        lastFocus = null;
        for (let i = 0; field && i < keysBeforeWord.length; i++) caught(field, keysBeforeWord[i]!.path, keysBeforeWord[i]!.type, 0);
        keysBeforeWord.length = 0;
      });
    }

    if (top) {
      const onKey = (event: Event): void => {
        lastKeyEvent = event;
        if (listening.length === 0 && !elementsWatched) return;
        const type = eventType(event);
        // At the window the target of a keystroke in a shadow root is its host, no field: the path
        // starts at the field itself behind open roots, and is followed into closed ones (intoClosedRoots).
        let path: ArrayLike<EventTarget> = composedPath(event);
        let field = site.fieldKind(path.length > 0 ? path[0] : eventTarget(event));
        const inside = !field && closedRootsMade ? intoClosedRoots(path) : null;
        if (inside) {
          path = inside;
          field = site.fieldKind(inside[0]);
        }
        if (field) caught(field, path, type);
        // At the host of a closed root the parser made, with a secret field focused inside (onClosedFocus):
        // the host is the first of the path this world sees, and the field's own listeners are out of sight.
        else if (!inside && closedFocus && path.length > 0 && path[0] === closedFocus.host) caught(closedFocus.field, path, type, 0);
        else if (!inside && lastFocus && event.isTrusted && path.length > 0 && path[0] === lastFocus.host)
          if (keysBeforeWord.length < MAX_KEYS_BEFORE_WORD) append(keysBeforeWord, { type, path });
      };
      for (let j = 0; j < KEY_EVENTS.length; j++) listenLasting(realm, KEY_EVENTS[j]!, onKey, { capture: true, signal: context.signal });
      keyStopped = onKey;
    }
    // A listener of the page's that runs before this world's on the window — one added while `document.open()` erased
    // Saq's (a custom element's disconnected callback, a frame's pagehide, a script the written markup holds) — can
    // stop a keystroke there before Saq hears it: the stop itself is heard, and the keystroke judged first.
    patcher.method(realm.Event.prototype, 'stopImmediatePropagation', (self) => {
      if (keyStopped === null || self === lastKeyEvent || eventCurrentTarget(self as Event) !== window) return;
      const phase = eventPhase(self as Event);
      if ((phase === 1 || phase === 2) && isKeyEvent(eventType(self as Event))) keyStopped(self as Event);
    });
  },
};
