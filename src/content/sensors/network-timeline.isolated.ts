/**
 * Requests to strangers that the page hooks did not report, from the document's own resource timeline.
 *
 * The background's webRequest observer only sees hosts Saq has permission for (the shop), so a request
 * from the shop tab to another host is visible to it only through the page hooks — which never see
 * another extension's content script or a user script. The page's resource timeline lists what the
 * document fetched whoever asked: in Firefox that includes other extensions' content-script requests
 * (in Chromium those stay out of the page's timeline; there the MAIN-world hooks and the extension
 * inventory are what see a helper extension). A fetch/XHR/beacon entry to a host that is neither the
 * shop nor a trusted provider, with no hook report of the same URL just before it started, becomes
 * `exfiltration` with `via: 'network'`.
 *
 * Every other load — an image, an SVG `<image>`, a CSS background, media, a font, a prefetch link — counts
 * only when its URL carries one of the page's secrets (a cookie value, a stored token: secrets-in-url.ts):
 * the shop's own markup may show pictures from anywhere and nothing here can tell whose a load is, but a
 * stranger host handed the shop's cookie is exfiltration whoever asked. That covers the channels no hook
 * wraps (the hooks see `img.src`, `srcset`, markup and Attr writes, not CSS, SVG, media, prefetch, or nodes
 * adopted from a separately parsed document). A URL with a secret
 * is reported `afterSensitiveRead` for any kind of load.
 *
 * A same-origin frame Saq's scripts do not run in (about:blank, srcdoc) has a timeline of its own: the MAIN world
 * reads it for every frame realm it adopts and sends its stranger-bound loads here (sensors/frame-timeline.main.ts),
 * judged the same way — but a script there is that frame's, never taken for an `import()` of this document's.
 *
 * A script load from a stranger host that no script element explains (isolated/script-sources.ts) is a
 * module loaded by `import()`: code from that host running with no element and no call a hook wraps. It
 * becomes `script-inserted` with `how: 'import'`; who imported it the timeline does not say.
 */
import type { SiteProfileForPage } from '../../shared/protocol.ts';
import { currentSecrets, keepStartingCookie } from '../isolated/page-secrets.ts';
import { noteScriptSource, scriptSourceSeen } from '../isolated/script-sources.ts';
import { secretPartFields, secretParts } from '../isolated/secret-segments.ts';
import { addressCarriesSecret, networkOrigin, plainlyOfOrigin } from '../isolated/secrets-in-url.ts';
import { beaconsTimedAsOther } from '../isolated/runtime.ts';
import { watchShopIcons } from '../isolated/shop-icons.ts';
import { typedSecrets } from '../isolated/typed-secrets.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';
import { after } from '../timer.ts';

/** Timeline initiator types of script-driven sends: the ones the page hooks report for the page world. */
const SCRIPT_SENDS = new Set(['fetch', 'xmlhttprequest', 'beacon']);
/**
 * `other` as well where the engine times a beacon so (Gecko: runtime.ts). In Chromium `other` is the tab's icon
 * or an EventSource, neither of which carries a body: judged like any element's load, by its URL. A shop whose
 * favicon is on its CDN was SAQ-EXF-001 on every page there (review of 2026-12-06). Gecko also times the icon and a
 * style sheet's font as `other`: there the icon the shop's markup names is told apart (isolated/shop-icons.ts); a
 * font stays a send, as a helper's beacon would pass for one.
 */
const sendTypes = (): ReadonlySet<string> => (beaconsTimedAsOther() ? new Set([...SCRIPT_SENDS, 'other']) : SCRIPT_SENDS);
/** A hook report is stamped when fetch() is called, a little before the entry's startTime. */
const REPORT_LEAD_MS = 400;
/** The hook report travels MAIN → ISOLATED through a port: wait for it before concluding. */
const REPORT_WAIT_MS = 1_000;
const MAX_REPORTS = 256;
/** How long an `other` load waits for the parsed document's icons before it is judged without them. */
const ICONS_WAIT_MS = 10_000;
/** Loads of the document, and of its frames, held until the profile comes (a few milliseconds after the page starts). */
const MAX_EARLY_LOADS = 1024;

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

export const networkTimelineSensor: IsolatedSensor = {
  id: 'network-timeline',
  install(context) {
    if (typeof PerformanceObserver === 'undefined') return;
    const sends = sendTypes();
    // Only where the icon is timed as a beacon is: elsewhere nothing asks, and the observer watches no `href`.
    const icons = sends.has('other') ? watchShopIcons(context) : null;
    let iconsKnown: Promise<unknown> | null = null;
    const whenIconsKnown = (): Promise<unknown> =>
      (iconsKnown ??= Promise.race([icons!.parsed, new Promise<void>((resolve) => after(ICONS_WAIT_MS, resolve))]));
    let profile: SiteProfileForPage | null = null;
    const reports: Array<{ url: string; at: number }> = [];
    context.onMain('finding', ({ finding }) => {
      // Code that is not the shop's read a secret: the value it got is kept now, for a load that carries it
      // after the shop renewed its session (a cookie the page held only between two of Saq's reads), or after
      // the shop emptied the password field it read.
      if (finding.kind === 'sensitive-read') return void (currentSecrets(), typedSecrets());
      if (finding.kind === 'script-inserted') return void noteScriptSource(String(finding.evidence.src ?? ''));
      if (finding.kind !== 'page-request') return;
      reports.push({ url: withoutFragment(String(finding.evidence.url ?? '')), at: finding.at });
      if (reports.length > MAX_REPORTS) reports.shift();
    });

    /**
     * A load: this document's timeline entry (read only as far as judging it needs, see `known`), or an adopted frame's load
     * (sensors/frame-timeline.main.ts). Its `startTime` counts from the `base` it is judged with: the document's time
     * origin, or 0 for a frame's load, whose time is since the epoch already.
     */
    interface Load {
      readonly name: string;
      readonly initiatorType: string;
      readonly startTime: number;
    }
    /**
     * Loads held until the profile says who is a stranger. The last ones kept: a flood before the profile came must
     * not push out the load after it.
     */
    const early: Array<[Load, number, boolean, boolean]> = [];
    const judge = (load: Load, base: number, inFrame: boolean, cut = false): void => {
      if (profile !== null) return consider(load, base, inFrame, cut);
      if (early.push([load, base, inFrame, cut]) > MAX_EARLY_LOADS) early.shift();
    };
    context.onMain('frame-resource', (load) => judge({ name: load.url, initiatorType: load.type, startTime: load.at }, 0, true, load.cut));

    /**
     * The shop's own origin and the profile's first-party and trusted ones; empty until the profile comes. An address
     * that plainly has one of them (plainlyOfOrigin) is not parsed, and nothing more of its entry is read: most of a
     * shop page's loads. In this world each read of an entry's field and each URL parsed cost a wrapper; the
     * observer's callbacks took ~1 ms of a product load (in-page timing, Chromium, stop 62).
     */
    let known: readonly string[] = [];

    /**
     * A load of this document's timeline, or of a same-origin frame's the MAIN world adopted (`inFrame`: a script
     * there is that frame's business, whose element this document does not hold).
     */
    const consider = (load: Load, base: number, inFrame: boolean, cut = false): void => {
      const name = load.name;
      const url = withoutFragment(name);
      if (plainlyOfOrigin(url, known)) return;
      const origin = networkOrigin(url);
      if (origin === null || known.includes(origin)) return;
      const initiatorType = load.initiatorType;
      const started = base + load.startTime;
      // An address the frame's budget cut (a flood of long ones) is taken for one that carries a secret.
      const secrets = currentSecrets();
      const found = addressCarriesSecret(url, secrets);
      const secret = cut || found;
      if (initiatorType === 'script' && !secret) {
        if (!inFrame) after(REPORT_WAIT_MS, () => judgeScript(name));
        return;
      }
      if (!secret && !sends.has(initiatorType)) return;
      after(REPORT_WAIT_MS, () => {
        const index = reports.findIndex(
          (report) => report.url === url && started - report.at <= REPORT_LEAD_MS && report.at - started <= 50,
        );
        if (index >= 0) {
          reports.splice(index, 1); // the hooks reported it: the background derives it from their report
          return;
        }
        // The tab's icon, in Firefox, once per address (isolated/shop-icons.ts); an address with a secret never is.
        if (icons && initiatorType === 'other' && !secret && !inFrame)
          return void whenIconsKnown().then(() => icons.claim(url) || reportSend(url, initiatorType, found, secret));
        reportSend(url, initiatorType, found, secret);
      });
    };

    const reportSend = (url: string, initiatorType: string, found: boolean, secret: boolean): void => {
      const reported = url.slice(0, 1024);
      // The path segments that carry a secret or what the person typed, for the evidence report to leave out;
      // none (`''`) where the secret was found elsewhere in the address, so the report keeps the path.
      const stored = currentSecrets();
      const typed = typedSecrets();
      const parts = secretParts(reported, stored, typed);
      parts.segments ??= found ? '' : null;
      context.report(
        'exfiltration',
        { type: 'unknown' },
        {
          url: reported,
          ...secretPartFields(parts, 'secretSegments', 'secretLabels'),
          via: 'network',
          method: '',
          bytes: 0,
          host: new URL(url).host,
          requestType: initiatorType,
          afterSensitiveRead: secret,
        },
      );
    };

    /** The element it came from (or the hooks' report of one) has had time to arrive: none means `import()`. */
    const judgeScript = (src: string): void => {
      if (scriptSourceSeen(src)) return;
      // An element the observer has not been handed yet (the parser's, before parsing ends).
      for (const script of document.scripts) if (script.src === src) return;
      noteScriptSource(src); // imported again, a module is not fetched again; one report
      context.report('script-inserted', { type: 'unknown' }, { src: src.slice(0, 1024), inline: false, how: 'import' });
    };

    // The cookie the page starts with: a renewed token later does not hide the first one.
    keepStartingCookie();
    // Observed from the start, judged once the profile says who is a stranger: page code that empties the
    // timeline, or floods it past what it holds (250 entries), before the profile comes hides nothing.
    const observer = new PerformanceObserver((list) => {
      const base = performance.timeOrigin;
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) judge(entry, base, false);
    });
    // buffered: what the document fetched before this script ran is judged too.
    observer.observe({ type: 'resource', buffered: true });
    context.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    void context.controls().then((loaded) => {
      profile = loaded.profile;
      known = [location.origin, ...profile.firstPartyOrigins, ...profile.trustedOrigins];
      for (const [load, base, inFrame, cut] of early.splice(0)) consider(load, base, inFrame, cut);
    });
  },
};
