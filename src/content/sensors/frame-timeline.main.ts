/**
 * Loads made by the document of a same-origin frame Saq's scripts do not run in (about:blank, srcdoc), which no
 * timeline Saq reads lists: the frame's realm is adopted (pristine-frames.main.ts), but what its parser and its
 * style sheets load passes no hook — a srcdoc frame's `<img>` whose address carries the cookie left unseen. Each
 * adopted frame realm gets an observer of its own resource timeline (buffered: what it loaded before it was
 * adopted too), made and read with that realm's natives as adoption found them: page code that patches the
 * frame's `PerformanceEntry` afterwards changes nothing here. Stranger-bound entries go to the ISOLATED world's
 * network timeline (network-timeline.isolated.ts), which judges them as it judges its own document's.
 *
 * A document that reuses its frame's window (a srcdoc, or a same-origin page, after the first about:blank) keeps
 * the realm, so it is not adopted again; in Firefox it brings a new `performance` all the same, whose timeline the
 * first observer never sees. So at every frame load (pristine-frames.main.ts) the frame's current `performance`
 * is compared with the one observed, and a new one gets an observer of its own (`timelineLoaded`), as it does when
 * the frame's code clears or shrinks its timeline. Left: in Firefox, such a document whose own markup loads more than
 * the timeline holds (250 entries) before the one that matters — its buffer has dropped it by the load.
 *
 * A frame showing a shop page runs its own copy of Saq, whose ISOLATED world reads that frame's timeline; such
 * a realm is never adopted.
 */
import { MAX_FRAME_URL } from '../../shared/page-protocol.ts';
import { getter, listen, reflectConstruct, sliceString } from '../main/natives.ts';
import { bare } from '../main/descriptors.ts';
import { SafeWeakMap } from '../main/safe-collections.ts';
import { uncurryThis } from '../main/strings.ts';
import type { MainSensor } from '../main/sensor.ts';

/**
 * Address characters a frame realm's entries carry whole: past it (a flood of long addresses), each goes cut to
 * CUT_URL, marked `cut`, and the ISOLATED world takes it for one that carries a secret. Every entry is forwarded:
 * a cap on their number is what a helper floods past before its one load that matters.
 */
const URL_BUDGET = 8 * 1024 * 1024;
const CUT_URL = 1024;
const OBSERVED: PerformanceObserverInit = bare({ type: 'resource', buffered: true });

/** Per adopted frame window: looks at its current `performance` again (a new document may have brought one). */
const watchers = new SafeWeakMap<object, () => void>();

/** A frame's window after one of its loads: its timeline observed, if its document has a new one. */
export function timelineLoaded(win: unknown): void {
  try {
    watchers.get(win as object)?.();
  } catch {
    // A window gone, or not one: nothing loads there.
  }
}

export const frameTimelineSensor: MainSensor = {
  id: 'frame-timeline',
  install(context, realm, top) {
    // The page's own timeline is the ISOLATED world's to read.
    if (top) return;
    const { PerformanceObserver: Observer, PerformanceObserverEntryList: List, PerformanceEntry: Entry } = realm;
    if (typeof Observer !== 'function') return;
    const entriesOf = uncurryThis(List.prototype.getEntries);
    const nameOf = getter<string>(Entry.prototype, 'name');
    const startOf = getter<number>(Entry.prototype, 'startTime');
    const typeOf = getter<string>(realm.PerformanceResourceTiming.prototype, 'initiatorType');
    const timeOriginOf = getter<number>(realm.Performance.prototype, 'timeOrigin');
    // The window's own getter: a `performance` the page puts on the window later is not the one the browser fills.
    const performanceOf = getter<Performance>(realm, 'performance');
    const observe = uncurryThis(Observer.prototype.observe);
    const disconnect = uncurryThis(Observer.prototype.disconnect);
    let budget = URL_BUDGET;
    let watched: Performance | null = null;
    let observer: PerformanceObserver | null = null;

    const forward = (list: PerformanceObserverEntryList): void => {
      const entries = entriesOf(list);
      const origin = timeOriginOf(watched);
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        const url = nameOf(entry);
        if (context.site.originOf(url) !== 'foreign') continue;
        const cut = url.length > budget || url.length > MAX_FRAME_URL;
        if (!cut) budget -= url.length;
        const type = sliceString(typeOf(entry), 0, 64);
        context.send({ t: 'frame-resource', url: cut ? sliceString(url, 0, CUT_URL) : url, type, at: origin + startOf(entry), cut });
      }
    };
    const watch = (): void => {
      const current = performanceOf(realm);
      if (current === watched) return;
      if (observer !== null) disconnect(observer);
      watched = current;
      observer = reflectConstruct(Observer, [forward]) as PerformanceObserver;
      observe(observer, OBSERVED);
    };
    try {
      watch();
    } catch {
      return; // a browser without buffered resource observation: the hooks still see what this realm's code sends
    }
    watchers.set(realm, watch);
    // A document that reuses the window may empty its new timeline before its load, where Firefox's is first
    // looked at: whoever clears or shrinks it, the frame's current `performance` is observed first.
    const { patcher } = context;
    patcher.method(realm.Performance.prototype, 'clearResourceTimings', watch);
    patcher.method(realm.Performance.prototype, 'setResourceTimingBufferSize', watch);
    listen(context.signal, 'abort', () => observer !== null && disconnect(observer), { once: true });
  },
};
