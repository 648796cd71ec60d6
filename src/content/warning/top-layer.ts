/**
 * What the page put in the top layer above the warning since it was last shown there. The warning is
 * shown last (hidePopover + showPopover), so whatever was open at that moment paints below it; anything
 * the page opens later paints above. A toggle event usually says so (warning.ts), but the page can stop
 * those, and a hit test (elementFromPoint) passes through a cover styled `pointer-events: none`: the
 * person sees the page's cover while the click reaches the warning. So this looks at the top layer
 * itself, or, where the engine can say it, at what is painted over the warning:
 * - Chromium: its IntersectionObserver with `trackVisibility` reports the warning occluded by anything
 *   painted over it, whatever its pointer-events, in a closed shadow root too (and the warning's own
 *   opacity, transform or filter). No need to search the document there.
 * - Elsewhere (Firefox): a popover the document can find open that was not open when the warning was
 *   last shown, or a fullscreen element that was not, has opened above it. Modal dialogs need no search:
 *   their `open` attribute is observed (warning.ts). Searched once a second: `[popover]`, which Firefox
 *   answers in microseconds however large the page (docs/performance.md), then `:popover-open` on those.
 * What Firefox does not see (docs/security.md): a see-through cover in a closed shadow root, and one the
 * page hides and shows again in the same task, with its toggle events stopped, after the warning returns.
 * It also finds the modals no observer announces (the fullscreen element, a dialog in a closed shadow
 * root), which the warning must sit inside, not above: unannouncedModal.
 */
import { focusedInsideClosed } from '../isolated/closed-roots.ts';

/** Chromium's shortest delay between visibility checks: each one hit-tests the warning's box. */
const VISIBILITY_DELAY_MS = 100;

type VisibilityInit = IntersectionObserverInit & { trackVisibility?: boolean; delay?: number };
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };

export interface TopLayerWatch {
  /** The warning was just shown at the top of the top layer: everything open now paints below it. */
  raised(): void;
  /** An element opened in the top layer after the warning was last shown, that the document can find (engines without occlusion reports only). */
  openedAbove(): Element | null;
  disconnect(): void;
}

/** Open popovers and the fullscreen element, as far as the document can find them, the warning's host excepted. */
function openNow(host: HTMLElement): Element[] {
  const open = Array.from(document.querySelectorAll('[popover]')).filter((element) => element.matches(':popover-open'));
  const fullscreen = document.fullscreenElement;
  if (fullscreen && !open.includes(fullscreen)) open.push(fullscreen);
  return open.filter((element) => element !== host);
}

/**
 * `onOccluded`: Chromium saw something painted over the warning after it was last shown (never called in
 * engines without `trackVisibility`).
 */
export function watchTopLayer(host: HTMLElement, onOccluded: () => void): TopLayerWatch {
  let below = new Set<Element>();
  /** When the warning was last shown: a visibility report computed before that is about an older order. */
  let raisedAt = 0;

  let visibility: IntersectionObserver | null = null;
  try {
    const init: VisibilityInit = { trackVisibility: true, delay: VISIBILITY_DELAY_MS };
    visibility = new IntersectionObserver((entries) => {
      const last = entries.at(-1) as VisibilityEntry | undefined;
      if (last?.isIntersecting && last.isVisible === false && last.time > raisedAt) onOccluded();
    }, init);
    // Engines without the option ignore it and report no `isVisible`; no need to watch there.
    if ((visibility as IntersectionObserver & { trackVisibility?: boolean }).trackVisibility === true) visibility.observe(host);
    else visibility = null;
  } catch {
    visibility = null;
  }

  const search = visibility === null;
  return {
    raised() {
      raisedAt = performance.now();
      if (search) below = new Set(openNow(host));
    },
    openedAbove() {
      if (!search) return null;
      const open = openNow(host);
      const above = open.find((element) => !below.has(element));
      // Forget what has closed since: shown again later, it paints above the warning.
      if (!above && open.length !== below.size) below = new Set(open);
      return above ?? null;
    },
    disconnect() {
      visibility?.disconnect();
    },
  };
}

/**
 * A modal dialog in a closed shadow root, found by the focus it takes when it opens (the document's
 * observers and searches cannot reach it). Everything outside it is inert, the warning too, and a hit
 * test never reaches an inert element: the warning must move into it, as into any modal (warning.ts).
 * Asked only when the hit test fails (asking Chromium for a closed root is an extension API call).
 */
function focusedClosedModal(): Element | null {
  const active = document.activeElement;
  const dialog = (active && focusedInsideClosed(active))?.closest('dialog');
  return dialog?.matches(':modal') ? dialog : null;
}

/**
 * A modal no observer announced, that the warning must move into: the fullscreen element (`:modal` in both
 * engines: Chromium makes everything outside it inert, and announces it only by an event the page can
 * stop), or a dialog in a closed shadow root.
 */
export function unannouncedModal(): Element | null {
  const fullscreen = document.fullscreenElement;
  return fullscreen?.matches(':modal') ? fullscreen : focusedClosedModal();
}

/** What the document's hit test answers for an element: itself, or the outermost shadow host it sits in. */
export function asTheDocumentSees(element: Element): Element {
  let outer = element;
  for (let root = outer.getRootNode(); root instanceof ShadowRoot; root = outer.getRootNode()) outer = root.host;
  return outer;
}
