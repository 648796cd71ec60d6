/**
 * Chromium only: the call stack written from V8's structured call sites, so that a URL code claims for
 * itself is not taken for the script it names. A `//# sourceURL=` comment at the end of eval'd code, of a
 * `Function` body or of an inserted inline script makes V8 print that URL as an ordinary frame — a helper
 * evals its code "as" one of the shop's scripts, and its later acts (from a timer) read as the shop's.
 * A call site tells the two apart: a script file (or the document, for its own inline scripts) has a file
 * name; code whose only name is its own comment has none. Such a frame is written as V8 writes code with
 * no URL (`<anonymous>:line:column`, in eval form when it was eval'd), so stack-frames.ts reads it as
 * anonymous code, never as the shop. A name in the automation drivers' form (`pptr:…`, which Puppeteer
 * sets by the same comment) is kept as V8 prints it, for the automation check.
 *
 * The call-site methods are captured at install: page code can reach their prototype through its own
 * `Error.prepareStackTrace` and make `getFileName` lie. Firefox has no call sites (`prepareStackTrace` is
 * V8's); there the claimed URL still reads as the shop's (docs/security.md, open gap).
 */
import { getOwnPropertyDescriptor, getPrototypeOf, reflectApply, regExpExec } from './natives.ts';
import { append, safeList, type SafeList } from './safe-collections.ts';
import { captureStack } from './stack-capture.ts';
import type { PageInline } from './page-inline.ts';
import type { SiteEntry } from './stack-frames.ts';

type Site = object;
type Method = (this: Site) => unknown;

const AUTOMATION_NAME = /^(?:pptr:|__puppeteer_evaluation_script__|__playwright_evaluation_script__)/;

export interface CallSiteReader {
  /** To install as `Error.prepareStackTrace` while Saq takes a stack: the stack's frames (stack-frames.ts, readSites). */
  prepare: (error: unknown, sites: ArrayLike<Site>) => SafeList<SiteEntry>;
  /** Whether a stack read back is the list `prepare` made last (not whatever else an error's `stack` held). */
  made: (stack: unknown) => stack is SafeList<SiteEntry>;
}

/**
 * The reader of V8's call sites for Saq's stack captures, or null outside V8. `pageInline`: the inline scripts the
 * shop's side inserted, whose frames (no file) are written as the document's, like its parsed inline scripts'.
 */
export function callSiteReader(pageInline?: { inserted: PageInline; url: () => string }): CallSiteReader | null {
  const proto = callSitePrototype();
  if (!proto) return null;
  const method = (name: string): Method | null => {
    const value = getOwnPropertyDescriptor(proto, name)?.value as unknown;
    return typeof value === 'function' ? (value as Method) : null;
  };
  const toText = method('toString');
  const fileName = method('getFileName');
  const claimedName = method('getScriptNameOrSourceURL');
  const isEval = method('isEval');
  const lineNumber = method('getLineNumber');
  const columnNumber = method('getColumnNumber');
  const scriptHash = method('getScriptHash');
  if (!toText || !fileName || !claimedName || !isEval || !lineNumber || !columnNumber) return null;
  const call = (fn: Method, site: Site): unknown => reflectApply(fn, site, []);

  function entry(site: Site): SiteEntry {
    // A script file's frame as its address alone: it is all stack-frames.ts reads of it, and it is read there
    // with no text made and parsed again (stack-frames.ts, fileFrame). A line and column (the call site's own
    // text holds them) make V8 parse the function's source again the first time they are asked for in a
    // document: a stack through a 260 KB script took 21 ms, against 0.4 ms without, in a tab no DevTools client
    // watches (docs/performance.md). And the file name is the script's real address, where the text shows the
    // URL a `//# sourceURL=` comment claims for it.
    const file = call(fileName!, site);
    if (typeof file === 'string' && file !== '' && !call(isEval!, site)) return { file };
    const text = call(toText!, site) as string;
    if (file) return text;
    const claimed = call(claimedName!, site);
    if (claimed === '' && pageInline && shopInserted(site)) return { file: pageInline.url() };
    if (typeof claimed !== 'string' || claimed === '' || regExpExec(AUTOMATION_NAME, claimed)) return text;
    const line = call(lineNumber!, site) as number;
    const position = `<anonymous>:${line}:${call(columnNumber!, site) as number}`;
    // V8 counts `new Function` bodies as eval code too; theirs start on line 3 (stack-frames.ts reads the
    // same): only eval'd code is written in eval form, for the dynamic-code sensor.
    return call(isEval!, site) && line < 3 ? `<anonymous> (eval at <anonymous>, ${position})` : position;
  }

  /** A frame of an inline script the shop's side inserted (page-inline.ts): no file, not eval'd, its hash noted. */
  function shopInserted(site: Site): boolean {
    if (!scriptHash || !pageInline!.inserted.any() || call(isEval!, site)) return false;
    const hash = call(scriptHash, site);
    return typeof hash === 'string' && pageInline!.inserted.has(hash);
  }

  let last: SafeList<SiteEntry> | null = null;
  return {
    prepare(_error, sites) {
      const entries = safeList<SiteEntry>();
      for (let i = 0; i < sites.length; i++) append(entries, entry(sites[i]!));
      return (last = entries);
    },
    made: (stack): stack is SafeList<SiteEntry> => stack !== null && stack === last,
  };
}

/** One capture with a one-frame stack, to reach V8's CallSite prototype before page code can. */
function callSitePrototype(): object | null {
  let proto: object | null = null;
  captureStack(1, (_error: unknown, sites: ArrayLike<object>) => {
    if (sites.length > 0) proto = getPrototypeOf(sites[0]) as object;
    return '';
  });
  return proto;
}
