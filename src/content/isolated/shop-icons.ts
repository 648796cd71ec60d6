/**
 * The tab's icons as the shop's own markup names them: the one load in Firefox's timeline that looks like a
 * beacon and is not one.
 *
 * Firefox times a beacon — from another extension's content script too, which no hook of Saq's sees — as
 * `initiatorType: 'other'`, and it times the tab's icon the same way. With the shop's icon on a host the site
 * profile does not list (its CDN: the profile is incomplete by design, docs/threat-model), every page of the shop
 * was SAQ-EXF-001 in Firefox. An `other` load is the icon, not a send, when all of these hold:
 * - a `<link rel~=icon>` of the parsed document names that address, and still did when the parser finished;
 * - no script of any world has changed that link's `href` since (a MutationObserver sees every world's writes);
 * - it is the first such load of that address in this document: a browser loads a tab's icon once, so a
 *   second load of the same address is judged as any send is.
 *
 * A link a script inserts after parsing is never the shop's icon here. Not told apart: a link another extension
 * inserts while the document is still being parsed (the parsed document is read once, when parsing ends, as
 * foreign-world-scripts.isolated.ts reads its scripts) — docs/security.md.
 */
import type { IsolatedSensorContext } from './sensor.ts';

/** `rel` is a token list, matched case-insensitively: `icon`, `shortcut icon`, `ICON`. */
const ICON_LINKS = 'link[rel~="icon" i]';
/** A shop names a few icons (sizes, formats); a page with more gets the first ones. */
const MAX_ICONS = 16;

export interface ShopIcons {
  /**
   * Whether a load of `url` (no fragment) is the tab's icon the shop's markup names, taken once per address.
   * Asked only after the parsed document was read (`parsed`).
   */
  claim(url: string): boolean;
  /** Resolves once the parsed document's icons are known. */
  parsed: Promise<void>;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

export function watchShopIcons(context: Pick<IsolatedSensorContext, 'onMutations'>): ShopIcons {
  /** Each parsed icon link with the address it named when parsing ended. */
  const icons = new Map<HTMLLinkElement, string>();
  /** Links whose `href` a script changed (before the parser finished, too). */
  const rewritten = new WeakSet<Element>();
  const claimed = new Set<string>();
  let markParsed: () => void = () => undefined;
  const parsed = new Promise<void>((resolve) => (markParsed = resolve));

  context.onMutations(
    ['href'],
    ({ attributes, parsed: isParsed }, found) => {
      for (const { target, name } of attributes) if (name === 'href') rewritten.add(target);
      if (!isParsed) return;
      for (const link of found) {
        if (icons.size >= MAX_ICONS) break;
        if (link instanceof HTMLLinkElement && !rewritten.has(link) && link.href) icons.set(link, withoutFragment(link.href));
      }
      markParsed();
    },
    ICON_LINKS,
  );

  return {
    parsed,
    claim(url) {
      if (claimed.has(url)) return false;
      for (const [link, named] of icons) {
        // Still the parser's link, in the document, naming the same address (a `<base>` put in later moves it).
        if (named !== url || rewritten.has(link) || !link.isConnected || withoutFragment(link.href) !== url) continue;
        claimed.add(url);
        return true;
      }
      return false;
    },
  };
}
