/**
 * What the MAIN world knows of the shop, from the site profile the ISOLATED world forwards. It only
 * filters hot paths and picks which stack frame names the actor: the background judges every finding
 * against the full profile again. Until the profile arrives (the first few milliseconds of a load)
 * nothing is filtered out: every request and activation gets its actor.
 */
import type { PageProfile } from '../../shared/page-protocol.ts';
import { closest, getAttribute, includes, NativeURL, NativeWeakMap, pageDocument, pageHref, regExpExec, startsWith } from './natives.ts';

export type OriginClass = 'first' | 'trusted' | 'foreign';

/** Secret fields on any site; the profile adds the shop's own (SMS code, certificate password). */
const SECRET_FIELDS = 'input[type=password],input[autocomplete=one-time-code],input[autocomplete^=cc-]';
/** Which secret, from the field's markup (name, id, autocomplete, data-role). */
const FIELD_HINTS: [RegExp, string][] = [
  [/cert|eds|ecp|p12|pfx/i, 'cert-password'],
  [/sms|otp|one-time|code/i, 'sms-code'],
  [/cc-|card|cvc|cvv/i, 'card'],
];
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

export function createSite(pageOrigin: string) {
  let first = [pageOrigin];
  let trusted: string[] = [];
  let prefixes: string[] | null = null;
  let controls: string | null = null;
  let secrets = SECRET_FIELDS;
  let kinds = new NativeWeakMap<object, string>();
  let isControlCache = new NativeWeakMap<object, boolean>();

  const under = (url: string, origins: string[]): boolean => origins.some((origin) => url === origin || startsWith(url, origin + '/'));

  /** Drops selectors this browser cannot parse, so one bad entry in the feed cannot disable a list. */
  const valid = (selectors: string[]): string[] =>
    selectors.filter((selector) => {
      try {
        pageDocument.createDocumentFragment().querySelector(selector);
        return true;
      } catch {
        return false;
      }
    });

  const originOf = (url: string): OriginClass => (under(url, first) ? 'first' : under(url, trusted) ? 'trusted' : 'foreign');

  return {
    update(profile: PageProfile): void {
      first = [pageOrigin, ...profile.firstPartyOrigins];
      trusted = profile.trustedOrigins;
      prefixes = profile.requestPrefixes.filter(Boolean);
      controls = valid(profile.controlSelectors).join() || null;
      secrets = [SECRET_FIELDS, ...valid(profile.sensitiveFieldSelectors)].join();
      kinds = new NativeWeakMap();
      isControlCache = new NativeWeakMap();
    },

    /** For an absolute URL; extension, blob: and data: URLs are foreign (code nobody shipped to the shop). */
    originOf,

    /**
     * Whether a request needs its author named: it leaves the shop and its providers, or it may be a
     * cart or order call. The shop's other requests (stock polling, its assets) pass with no stack capture.
     */
    needsActor(raw: string): boolean {
      let url = raw;
      if (startsWith(raw, '/') && !startsWith(raw, '//')) url = pageOrigin + raw;
      else if (!regExpExec(ABSOLUTE, raw))
        try {
          url = new NativeURL(raw, pageHref()).href;
        } catch {
          return false; // the request itself will fail
        }
      // Coarse on purpose: a false "maybe" costs one stack capture, a false "no" would hide a cart call.
      return (
        prefixes === null ||
        prefixes.some((prefix) => (startsWith(prefix, '/') ? includes(url, prefix) : startsWith(url, prefix))) ||
        originOf(url) === 'foreign'
      );
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

    /** What secret a field holds ('' for an ordinary field): password, sms-code, cert-password or card. */
    fieldKind(field: unknown): string {
      let kind = kinds.get(field as object);
      if (kind !== undefined) return kind;
      kind = '';
      try {
        if (closest(field as Element, secrets) === field) {
          const hint = ['name', 'id', 'autocomplete', 'data-role'].map((name) => getAttribute(field as Element, name)).join();
          kind = FIELD_HINTS.find(([pattern]) => regExpExec(pattern, hint))?.[1] ?? 'password';
        }
        kinds.set(field as object, kind);
      } catch {
        // Not an element: not a field.
      }
      return kind;
    },
  };
}

export type Site = ReturnType<typeof createSite>;
