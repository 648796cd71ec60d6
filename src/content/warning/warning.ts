/**
 * The in-page warning for warning+ verdicts: a small box at the bottom-left corner (the shop's buy
 * controls sit in the middle and right of the page), inside a closed shadow root so page scripts cannot
 * read or edit it and page CSS cannot restyle it. If the page removes or restyles it, it comes back and
 * the removal is reported as a `defence-tamper` finding. It never blocks the shop: it covers only its
 * own corner, and the person can hide it for this page (stored per page in storage.local).
 *
 * The top layer (a modal `<dialog>`, a popover) paints above any z-index, so the warning lives there
 * too: a manual popover, shown again on top whenever the page puts something new in the top layer
 * (a `toggle` event, or a dialog's `open` attribute where dialogs fire no toggle). A modal dialog makes
 * everything outside it inert, the top layer included, so while one is open the warning sits inside it
 * (still on top, in its corner) and goes back to the root element when it closes; the page removing
 * its own dialog is no attack on the warning and is not reported. The fullscreen element is modal too, and a
 * dialog in a closed shadow root is out of the observers' sight: the check below finds both
 * (top-layer.ts, unannouncedModal).
 *
 * Toggle events can be stopped before they reach the warning: a page's capture listener on the window,
 * added before the warning's code was injected, runs first and can stop each one, and a popover's showing
 * changes no attribute an observer would see. So the warning also looks, on a timer, whether it is still
 * open, whether the page opened anything in the top layer after it (top-layer.ts: a hit test alone is
 * passed by a cover styled `pointer-events: none`) and whether a point at its centre still reaches it,
 * and goes back on top when not.
 */
import type { Severity } from '../../shared/findings.ts';
import type { WarningBGtoCS } from '../../shared/protocol.ts';
import { isDismissed, pageKeyOf, readDismissals } from '../../ui/dismissals.ts';
import { DISMISSALS_KEY } from '../../ui/storage-keys.ts';
import { listenLasting, watchReopening } from '../isolated/lasting-listeners.ts';
import { after } from '../timer.ts';
import { HOST_STYLE, SHADOW_CSS } from './styles.ts';
import { asTheDocumentSees, unannouncedModal, watchTopLayer, type TopLayerWatch } from './top-layer.ts';

declare const __SAQ_TEST_BUILD__: boolean;

export interface WarningDeps {
  signal: AbortSignal;
  /** Report that the page attacked the warning (`what`: banner-removed / banner-restyled). */
  reportTamper(what: string): void;
}

/**
 * After this many restorations (removed, restyled, out-stacked by a later element) within a second, the
 * warning comes back only after a pause, so a page — or a well-meaning extension that edits every
 * element — fighting it in a loop cannot make either side spin.
 */
const FAST_RESTORES = 5;
const FAST_WINDOW_MS = 1000;
const SLOW_RESTORE_MS = 2000;
const MAX_TAMPER_REPORTS = 3;
/**
 * "Hide" takes a click only once the warning has stood where it is this long. The page knows where the
 * warning will appear: it could put a button of its own there and raise a verdict as the person reaches
 * for it, or take the warning away and let it come back under the pointer, and the person's click would
 * hide the warning instead. Browsers arm their own permission prompts with a delay for the same reason.
 */
const ARM_MS = 800;
/** How often the warning checks it is still open in the top layer and not covered (see the header). */
const CHECK_ON_TOP_MS = 1000;

/** Attributes that would hide the warning from eyes, screen readers or the pointer despite its inline style. */
const HIDING_ATTRIBUTES = ['hidden', 'inert', 'aria-hidden'];
/** Browsers without popovers (Chrome < 114) keep the warning at the top of the z-index order only. */
const TOP_LAYER = typeof HTMLElement.prototype.showPopover === 'function';
const POPOVER = 'manual';

interface Parts {
  host: HTMLElement;
  shadow: ShadowRoot;
  box: HTMLElement;
  title: HTMLElement;
  detail: HTMLElement;
  hint: HTMLElement;
  dismiss: HTMLButtonElement;
}

function build(onDismiss: () => void): Parts {
  const host = document.createElement('div');
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox content scripts cannot always adopt a sheet made in their own compartment.
    const style = document.createElement('style');
    style.textContent = SHADOW_CSS;
    shadow.append(style);
  }
  const box = document.createElement('section');
  box.setAttribute('role', 'alert');
  const icon = document.createElement('div');
  icon.className = 'icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const text = document.createElement('div');
  text.className = 'text';
  const title = document.createElement('strong');
  title.className = 'title';
  const detail = document.createElement('p');
  const hint = document.createElement('p');
  hint.className = 'hint';
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  // Lasting: `document.open()` erases the listeners of the host's shadow tree too, and the host is put back after it.
  listenLasting(dismiss, 'click', (event) => {
    // Only the person can hide it; nothing in the page can reach into the closed root, but be sure.
    // Not while it waits to arm (see arm()).
    if (event.isTrusted && dismiss.getAttribute('aria-disabled') !== 'true') onDismiss();
  });
  text.append(title, detail, hint, dismiss);
  box.append(icon, text);
  shadow.append(box);
  return { host, shadow, box, title, detail, hint, dismiss };
}

export function createInPageWarning(deps: WarningDeps) {
  let parts: Parts | null = null;
  let shown: WarningBGtoCS | null = null;
  let dismissed = false;
  const recentRestores: number[] = [];
  let tamperReports = 0;
  /** A slow restore is pending (on a timer the page cannot clear: content/timer.ts). */
  let restoring = false;
  /** Counts armings: a timer from an earlier one does not arm the button for a later appearance. */
  let armings = 0;
  /** What the page opened in the top layer after the warning; made with the host. */
  let topLayer: TopLayerWatch | null = null;

  /**
   * Hide waits ARM_MS after each appearance, and after each time the warning comes back. Marked
   * aria-disabled, not disabled: a disabled button loses keyboard focus (Chromium moves it to the page's
   * body; Firefox keeps it there without a focus ring), and a keyboard user on Hide would be sent back to
   * the top of the page each time the warning is shown again — a new language, a worse verdict, the page
   * opening a dialog. The click handler refuses the click while it waits.
   */
  const arm = (dismiss: HTMLButtonElement): void => {
    const arming = ++armings;
    dismiss.setAttribute('aria-disabled', 'true');
    after(ARM_MS, () => {
      if (arming === armings) dismiss.removeAttribute('aria-disabled');
    });
  };

  const tamper = (what: string): void => {
    if (tamperReports++ < MAX_TAMPER_REPORTS) deps.reportTamper(what);
  };

  /** The page's modal dialog the warning sits in while it is open. */
  let modal: Element | null = null;
  const home = (): Node => {
    if (modal && !(modal.isConnected && modal.matches(':modal'))) modal = null;
    return modal ?? document.documentElement ?? document;
  };

  const attach = (): void => {
    if (!parts || dismissed || deps.signal.aborted) return;
    home().appendChild(parts.host);
  };

  /** Shows the warning at the top of the top layer: above every dialog and popover the page opened before. */
  const raise = (host: HTMLElement): void => {
    if (!TOP_LAYER || !host.isConnected) return;
    try {
      if (host.matches(':popover-open')) host.hidePopover();
      host.showPopover();
      topLayer?.raised();
    } catch {
      // Not a popover any more (the page edited it): the observer restores the attribute.
    }
  };

  /** Puts the warning back as it should be: attached, last (so it paints above later elements of equal z-index), its own style only, on top. */
  const restore = (): void => {
    if (!parts || dismissed || deps.signal.aborted) return;
    const { host, shadow, dismiss } = parts;
    // Moving the host (into a modal dialog and back) takes keyboard focus from Hide: given back below.
    const focused = shadow.activeElement === dismiss;
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    for (const name of HIDING_ATTRIBUTES) host.removeAttribute(name);
    if (TOP_LAYER && host.getAttribute('popover') !== POPOVER) host.setAttribute('popover', POPOVER);
    if (host.parentNode !== home() || host.nextElementSibling) attach();
    raise(host);
    arm(dismiss);
    if (focused && shadow.activeElement !== dismiss) dismiss.focus({ preventScroll: true });
    watch();
  };

  const isIntact = (host: HTMLElement): boolean =>
    host.parentNode === home() &&
    !host.nextElementSibling &&
    host.getAttribute('style') === HOST_STYLE &&
    (!TOP_LAYER || host.getAttribute('popover') === POPOVER) &&
    !HIDING_ATTRIBUTES.some((name) => host.hasAttribute(name));

  const withinFastBudget = (): boolean => {
    const now = Date.now();
    while (recentRestores.length > 0 && now - recentRestores[0]! > FAST_WINDOW_MS) recentRestores.shift();
    recentRestores.push(now);
    return recentRestores.length <= FAST_RESTORES;
  };

  /** Restores at once, or after a pause when the page keeps fighting. */
  const restoreSoon = (): void => {
    if (withinFastBudget()) return restore();
    observer.disconnect();
    restoring = true;
    after(SLOW_RESTORE_MS, () => {
      restoring = false;
      restore();
    });
  };

  const observer = new MutationObserver(() => {
    if (!parts || dismissed || restoring) return;
    const inModal = modal !== null;
    if (isIntact(parts.host)) return;
    if (!parts.host.isConnected) {
      if (!inModal) tamper('banner-removed');
    } else if (parts.host.parentNode === home()) tamper('banner-restyled');
    restoreSoon();
  });

  /**
   * Something entered or left the top layer. The page's own dialog or popover: the warning goes back on
   * top. The warning itself closed (the page called hidePopover on it): it opens again.
   */
  const onTopLayerChange = (target: EventTarget | null): void => {
    if (!TOP_LAYER || !parts || dismissed || restoring || !parts.host.isConnected) return;
    if (target === parts.host) {
      if (parts.host.matches(':popover-open')) return;
      tamper('banner-restyled');
    } else if (target instanceof Element && target.matches(':modal')) modal = target;
    else if (target !== modal && !(target instanceof Element && (target.matches(':popover-open') || target === document.fullscreenElement)))
      return;
    restoreSoon();
  };
  const dialogs = new MutationObserver((records) => {
    for (const record of records) onTopLayerChange(record.target);
  });

  /**
   * Watches the document, its root element and the host: enough to see removal, replacement or a later
   * sibling, without observing the whole subtree — except while the warning sits in a dialog, which the
   * page may remove from anywhere.
   */
  function watch(): void {
    observer.disconnect();
    if (!parts) return;
    observer.observe(document, { childList: true, subtree: home() !== document.documentElement });
    if (document.documentElement) observer.observe(document.documentElement, { childList: true });
    observer.observe(parts.host, { attributes: true });
    dialogs.disconnect();
    if (TOP_LAYER) dialogs.observe(document, { subtree: true, attributes: true, attributeFilter: ['open'] });
    // A modal in a shadow root (unannouncedModal): the document's observers do not see into it.
    const root = modal?.getRootNode();
    if (root instanceof ShadowRoot) {
      observer.observe(root, { childList: true, subtree: true });
      dialogs.observe(root, { subtree: true, attributes: true, attributeFilter: ['open'] });
    }
  }
  watchReopening(deps.signal);
  // Toggle events do not bubble, but a capture listener on the window sees them on the way down.
  listenLasting(window, 'toggle', (event) => onTopLayerChange(event.target), { capture: true, signal: deps.signal });

  /** Something a point at the warning's centre reaches instead of it (a cover the pointer does not pass through). */
  const hitElsewhere = (host: HTMLElement): boolean => {
    const rect = host.getBoundingClientRect();
    const hit = document.elementFromPoint((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2);
    return hit !== null && hit !== asTheDocumentSees(host);
  };
  /** Chromium saw the warning painted over: back on top, not reported (see checkOnTop). */
  const onOccluded = (): void => {
    if (parts && !dismissed && !restoring && !deps.signal.aborted && parts.host.isConnected) restoreSoon();
  };

  /**
   * Something the page opened above the warning without a toggle event Saq saw. Closed by the page
   * (hidePopover) is an attack; covered is not reported — the page's own popover over the corner may be
   * innocent — only undone.
   */
  let checking = false;
  const checkOnTop = (): void => {
    if (!parts || dismissed || deps.signal.aborted) {
      checking = false;
      return;
    }
    const { host } = parts;
    if (!restoring && host.isConnected) {
      if (!host.matches(':popover-open')) {
        tamper('banner-restyled');
        restoreSoon();
      } else {
        const above = topLayer?.openedAbove();
        if (above) onTopLayerChange(above);
        // Left in a modal that has closed (fullscreen left, its event stopped): back to the root element.
        else if (host.parentNode !== home()) restoreSoon();
        else if (hitElsewhere(host)) {
          const unannounced = unannouncedModal();
          if (unannounced && unannounced !== modal) onTopLayerChange(unannounced);
          else restoreSoon();
        }
      }
    }
    after(CHECK_ON_TOP_MS, checkOnTop);
  };
  const startChecking = (): void => {
    if (!TOP_LAYER || checking) return;
    checking = true;
    after(CHECK_ON_TOP_MS, checkOnTop);
  };

  const hide = (): void => {
    dismissed = true;
    observer.disconnect();
    dialogs.disconnect();
    parts?.host.remove();
    const severity: Severity = shown?.severity ?? 'critical';
    void chrome.storage.local
      .get(DISMISSALS_KEY)
      .then((stored) => {
        const dismissals = readDismissals(stored[DISMISSALS_KEY]);
        dismissals[pageKeyOf(shown?.pageUrl || location.href)] = { at: Date.now(), severity };
        return chrome.storage.local.set({ [DISMISSALS_KEY]: dismissals });
      })
      .catch(() => undefined);
  };

  deps.signal.addEventListener('abort', () => {
    observer.disconnect();
    dialogs.disconnect();
    topLayer?.disconnect();
    parts?.host.remove();
  });

  async function show(command: WarningBGtoCS): Promise<void> {
    const stored = await chrome.storage.local.get(DISMISSALS_KEY).catch(() => ({}) as Record<string, unknown>);
    // The page the background recorded, not `location` (protocol.ts, WarningBGtoCS.pageUrl).
    if (isDismissed(readDismissals(stored[DISMISSALS_KEY]), command.pageUrl || location.href, command.severity)) return;
    dismissed = false;
    shown = command;
    parts ??= build(hide);
    if (TOP_LAYER) topLayer ??= watchTopLayer(parts.host, onOccluded);
    parts.box.className = `box ${command.severity}`;
    parts.box.setAttribute('aria-label', command.label);
    parts.box.lang = command.lang;
    parts.title.textContent = command.title;
    parts.detail.textContent = command.detail;
    parts.hint.textContent = command.hint;
    parts.dismiss.textContent = command.dismiss;
    restore();
    startChecking();
  }

  /**
   * Test builds only: lets an end-to-end test read the closed root's text and layout through the
   * extension, never through the page. `overflow` lists text wider than its box and any part outside
   * the viewport; `onTop` says the warning, not something else, is what a click at its centre reaches.
   */
  function probe() {
    if (!parts?.host.isConnected || dismissed) return null;
    const overflow: string[] = [];
    for (const element of [parts.box, ...Array.from(parts.box.querySelectorAll<HTMLElement>('*'))]) {
      if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) overflow.push(element.className || element.tagName);
      const box = element.getBoundingClientRect();
      if (box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight)
        overflow.push(`${element.className || element.tagName} outside the viewport`);
    }
    const rect = parts.host.getBoundingClientRect();
    const dismissRect = parts.dismiss.getBoundingClientRect();
    const onTop = document.elementFromPoint((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2) === parts.host;
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const style = getComputedStyle(parts.host);
    const visible = style.display !== 'none' && style.visibility === 'visible' && style.opacity === '1';
    const focused = parts.shadow.activeElement;
    const ring = focused ? getComputedStyle(focused) : null;
    return {
      text: parts.box.innerText,
      lang: parts.box.lang,
      severity: shown?.severity ?? null,
      overflow,
      onTop,
      visible,
      rect: box(rect),
      dismissRect: box(dismissRect),
      armed: parts.dismiss.getAttribute('aria-disabled') !== 'true',
      /** The closed root's markup, for an accessibility check of a copy in an open page. */
      markup: parts.box.outerHTML,
      /** The warning's text size (it follows the browser's default size, not the page's). */
      fontSize: getComputedStyle(parts.box).fontSize,
      /** What has keyboard focus inside the warning, and whether a focus ring is drawn around it. */
      focus: focused
        ? { tag: focused.tagName.toLowerCase(), ring: ring!.outlineStyle !== 'none' && parseFloat(ring!.outlineWidth) >= 2 }
        : null,
    };
  }

  return { show, probe: typeof __SAQ_TEST_BUILD__ !== 'undefined' && __SAQ_TEST_BUILD__ ? probe : null };
}
