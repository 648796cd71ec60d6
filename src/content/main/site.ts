/**
 * What the MAIN world knows of the shop, from the site profile the ISOLATED world forwards. It only
 * filters hot paths and picks which stack frame names the actor: the background judges every finding
 * against the full profile again. Until the profile arrives (the first few milliseconds of a load)
 * nothing is filtered out: every request and activation gets its actor.
 */
import type { PageProfile } from '../../shared/page-protocol.ts';
import { DELIVERY_FIELDS } from '../../shared/delivery-fields.ts';
import { SECRET_FIELDS, secretKind } from '../../shared/secret-fields.ts';
import {
  baseUri,
  closest,
  fragmentQuerySelectorAll,
  getAttribute,
  includes,
  NativeRegExp,
  pageDocument,
  resolveUrl,
  regExpExec,
  startsWith,
} from './natives.ts';
import { append, safeList, SafeWeakMap, type SafeList } from './safe-collections.ts';

export type OriginClass = 'first' | 'trusted' | 'foreign';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
/** After a leading `/`: what makes the URL parser read an authority (another host) rather than a path. */
const NOT_A_PATH = /^\/[\\/\t\n\r]/;
const MAX_WAITING = 64;

const NOTHING = /(?!)/;
const SPECIAL = '\\^$.*+?()[]{}|/';
/**
 * `items` (those `pick` accepts) as regular-expression alternatives, matched literally. Loops and captured
 * natives only: a page that replaced String.prototype.replace or Array.prototype.map by the time the
 * profile arrives must not be able to rewrite these filters.
 */
function alternatives(items: string[], pick: (item: string) => boolean = () => true): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!item || !pick(item)) continue;
    if (out) out += '|';
    for (let j = 0; j < item.length; j++) out += (includes(SPECIAL, item[j]!) ? '\\' : '') + item[j]!;
  }
  return out;
}
/** One expression for "equals one of these origins or is under one": a single exec per check. */
const originsPattern = (origins: string[], more: string[] = []): RegExp => {
  const one = alternatives(origins);
  const other = alternatives(more);
  const any = one && other ? `${one}|${other}` : one || other;
  return any ? new NativeRegExp(`^(?:${any})(?:/|$)`) : NOTHING;
};
const isPath = (prefix: string): boolean => startsWith(prefix, '/');

export function createSite(pageOrigin: string) {
  const pageRoot = pageOrigin + '/';
  let first = originsPattern([pageOrigin]);
  let trusted = NOTHING;
  // Request prefixes compiled to one expression each: paths match anywhere in a URL, the rest at its start.
  // null until the profile arrives: every request is named then.
  let paths: RegExp | null = null;
  let absolute = NOTHING;
  let controls: string | null = null;
  let secrets = SECRET_FIELDS;
  let kinds = new SafeWeakMap<object, string>();
  let isControlCache = new SafeWeakMap<object, boolean>();
  /** Decisions waiting for the profile (null once it came): see whenKnown. */
  let waiting: SafeList<() => void> | null = safeList();

  /**
   * One selector list of those this browser can parse (one bad entry in the feed cannot disable a list),
   * after `start`. Loops and captured natives: the profile arrives after page scripts may have replaced
   * Array.prototype.filter or querySelector.
   */
  const probe = pageDocument.createDocumentFragment();
  const validList = (selectors: string[], start = ''): string => {
    let list = start;
    for (let i = 0; i < selectors.length; i++) {
      const selector = selectors[i]!;
      try {
        fragmentQuerySelectorAll(probe, selector);
        list = list ? `${list},${selector}` : selector;
      } catch {
        // Not a selector this browser parses.
      }
    }
    return list;
  };

  const originOf = (url: string): OriginClass => (regExpExec(first, url) ? 'first' : regExpExec(trusted, url) ? 'trusted' : 'foreign');

  return {
    update(profile: PageProfile): void {
      first = originsPattern([pageOrigin], profile.firstPartyOrigins);
      trusted = originsPattern(profile.trustedOrigins);
      const pathPrefixes = alternatives(profile.requestPrefixes, isPath);
      const urlPrefixes = alternatives(profile.requestPrefixes, (prefix) => !isPath(prefix));
      paths = pathPrefixes ? new NativeRegExp(pathPrefixes) : NOTHING;
      absolute = urlPrefixes ? new NativeRegExp(`^(?:${urlPrefixes})`) : NOTHING;
      controls = validList(profile.controlSelectors) || null;
      secrets = validList(profile.sensitiveFieldSelectors, SECRET_FIELDS);
      kinds = new SafeWeakMap();
      isControlCache = new SafeWeakMap();
      const decide = waiting;
      waiting = null;
      for (let i = 0; decide && i < decide.length; i++)
        try {
          decide[i]!();
        } catch {
          // One decision failing does not stop the next.
        }
    },

    /**
     * Runs `decide` once the profile is known — at once when it is. For a decision that needs the shop's
     * providers (whose a script is) and can wait the few milliseconds the profile takes to arrive. Past
     * MAX_WAITING the rest decide at once, without it: a page cannot grow this list without end, and an
     * unfiltered report is the safe side.
     */
    whenKnown(decide: () => void): void {
      if (waiting === null || waiting.length >= MAX_WAITING) decide();
      else append(waiting, decide);
    },

    /** For an absolute URL; extension, blob: and data: URLs are foreign (code nobody shipped to the shop). */
    originOf,

    /**
     * Whether a request needs its author named: it leaves the shop and its providers, or it may be a
     * cart or order call. The shop's other requests (stock polling, its assets) pass with no stack capture.
     * A same-origin path (the common case) costs one expression match and no URL parse.
     */
    needsActor(raw: string): boolean {
      if (paths === null) return true;
      // Coarse on purpose: a false "maybe" costs one stack capture, a false "no" would hide a cart call.
      // `/\\host` and `/<tab>/host` are `//host` to the URL parser (a backslash is a slash, tabs and
      // newlines are dropped): only a path whose second character is none of those stays on the shop.
      // A `<base href>` elsewhere makes the path another host's: then it is resolved like any other address.
      if (startsWith(raw, '/') && !regExpExec(NOT_A_PATH, raw) && startsWith(baseUri(pageDocument), pageRoot))
        return regExpExec(paths, raw) !== null || (absolute !== NOTHING && regExpExec(absolute, pageOrigin + raw) !== null);
      let url = raw;
      if (!regExpExec(ABSOLUTE, raw))
        try {
          url = resolveUrl(raw);
        } catch {
          return false; // the request itself will fail
        }
      return regExpExec(paths, url) !== null || regExpExec(absolute, url) !== null || originOf(url) === 'foreign';
    },

    /** A purchase, quantity or payment control (anything, before the profile is known). Cached per element. */
    isControl(target: unknown): boolean {
      if (controls === null) return true;
      let answer = isControlCache.get(target as object);
      if (answer === undefined) {
        try {
          answer = closest(target as Element, controls) !== null;
        } catch {
          answer = false; // not an element
        }
        if (typeof target === 'object' && target !== null) isControlCache.set(target, answer);
      }
      return answer;
    },

    /** An address or pickup-branch field (shared/delivery-fields.ts). Asked only of input and change dispatches. */
    isDeliveryField(target: unknown): boolean {
      try {
        return closest(target as Element, DELIVERY_FIELDS) === target;
      } catch {
        return false; // not an element
      }
    },

    /** What secret a field holds ('' for an ordinary field): password, sms-code, cert-password or card. */
    fieldKind(field: unknown): string {
      let kind = kinds.get(field as object);
      if (kind !== undefined) return kind;
      kind = '';
      try {
        if (closest(field as Element, secrets) === field)
          kind = secretKind(
            (name) => getAttribute(field as Element, name),
            (pattern, text) => regExpExec(pattern, text) !== null,
          );
        kinds.set(field as object, kind);
      } catch {
        // Not an element: not a field.
      }
      return kind;
    },
  };
}

export type Site = ReturnType<typeof createSite>;
