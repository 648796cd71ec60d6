/**
 * A JavaScript call stack, as text, read into frames: the part of attribution that is only string work.
 *
 * Frame formats (Chromium 156, Firefox ESR 153; tests/unit/content/stack-frames.test.ts has one case per
 * format, tests/e2e/sensors-main-*.e2e.ts produce them in real browsers):
 * - a script file, or a parser-inserted inline script (the document's URL): Chrome
 *   `at fn (https://host/a.js:1:2)` (Saq writes it `at https://host/a.js:0:0`: v8-call-sites.ts), Firefox
 *   `fn@https://host/a.js:1:2`;
 * - code with no URL — an inline script inserted after the parse, the console, a `javascript:` URL, a
 *   string timer: Chrome `at <anonymous>:1:5`; Firefox `… line 4 > injectedScript:1:6`,
 *   `debugger eval code:1:1`, `javascript:…:1:6`. Firefox's injected script is named after the document it was
 *   put in and the line of the innermost code that inserted it — with Saq's hooks, always Saq's wrapper: it says
 *   nothing of who inserted it (`injectedUrl` below);
 * - eval / new Function: Chrome `at eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1)` (a
 *   Function body starts on line 3), Firefox `https://host/a.js line 3 > eval:1:6` (or `> Function`);
 * - Puppeteer/Playwright evaluations: `pptr:…`, `__puppeteer_evaluation_script__`, `__playwright…`;
 * - extension code in the MAIN world: Chrome `chrome-extension://<id>/file.js:1:2`; Firefox shows every
 *   MAIN-world extension script, Saq's included, as `<anonymous code>`: Saq's own frames there end at
 *   its wrapper (`w@`, or a Proxy trap), and a later `<anonymous code>` frame is another extension's.
 *
 * Everything is read with natives captured at document_start (RegExp exec, String indexOf/slice) and
 * plain loops, never with the String and Array methods page code shares: a page that replaces
 * `String.prototype.split` or `Array.prototype.find` must not rewrite what Saq reads out of a stack
 * (tests/e2e/hostile/getters.ts; the previous reader used them, and such a page passed a helper off as the shop).
 */
import { safeList, type SafeList } from './safe-collections.ts';
import { indexOf, regExpExec, sliceString, startsWith } from './strings.ts';

/**
 * Every field is always set: a frame is an object of the page's realm, and a field left out would be read
 * from the page's `Object.prototype` (`Object.prototype.extension = true` made every actor another extension).
 */
export interface Frame {
  /** '' for code with no URL. */
  url: string;
  /** Another extension's MAIN-world code (Firefox, where it has no URL). */
  extension: boolean;
  /** Inside eval'd code; `url` is the script that ran the eval. */
  evaled: boolean;
}

export interface ParsedStack {
  /** The frames that say something, innermost first (builtins, Saq's own and the `Error` header left out). */
  frames: SafeList<Frame>;
  /** The first Puppeteer/Playwright evaluation mark in the stack, if any. */
  automation: string | null;
}

const AUTOMATION = /pptr:|__puppeteer_evaluation_script__|__playwright_evaluation_script__/;
/**
 * Chrome `at name (location)` / `at location`, Firefox `name@location`. `s`: a line terminator inside a
 * frame (a crafted sourceURL can hold one) must not make the frame unreadable.
 */
const FRAME = /^\s*(?:at (?:.*? \()?(.*?)\)?|([^@]*)@(.*))$/s;
const POSITION = /:\d+(?::\d+)?$/;
const FIREFOX_DYNAMIC = / line \d+ > (eval|Function)$/;
const INJECTED = / line \d+ > injectedScript:\d/;
/** What is left of a Firefox dynamic frame's address once its ` line N > eval` is taken off, when made by an injected script. */
const INJECTED_BASE = / line \d+ > injectedScript$/;
const CHROME_EVAL = /^eval at .*?\(((?:https?|blob|data|chrome-extension|moz-extension):\S+?):\d+:\d+\), <anonymous>:(\d+)|^eval at /s;
const NO_URL = /^(?:<anonymous>:|debugger eval code|javascript:)/;
const FIREFOX_EXTENSION_CODE = '<anonymous code>';
// A Firefox frame's function name before `@`; `Async*w`: Firefox names an async parent frame by its cause
// (when it records async stacks: DevTools open, a WebDriver session). Saq's hooked setTimeout shows up so.
// `scheduled`: the wrapper of a scheduled callback (main/scheduled.ts).
const FIREFOX_WRAPPER = /^\s*(?:[^*@]*\*)?(?:w|apply|construct|scheduled)@/;
const SAQ_MADE = /^<anonymous code> line \d+ > (?:Function|eval)/;
const HAS_SCHEME = /^[a-z][\w+.-]*:/i;
const EXTENSION_BASE = /(?:chrome|moz)-extension:\/\/[^/]+\//;
const EXTENSION_ID = /^(?:chrome|moz)-extension:\/\/([^/]+)/;

/**
 * One stack line; null for frames that say nothing (builtins, Saq's own — `own` is its base URL —, the header).
 * `injectedUrl`: the address Firefox's injected inline scripts' frames (and code they eval) are read at — '' (code
 * with no URL, a stranger's) unless the caller knows every such script is the shop's side's (page-inline.ts).
 */
export function parseFrame(line: string, own: string, injectedUrl = ''): Frame | null {
  const match = regExpExec(FRAME, line);
  const location = match?.[1] ?? match?.[3] ?? '';
  const evalAt = regExpExec(CHROME_EVAL, location);
  const mine = (url: string): boolean => own !== '' && startsWith(url, own);
  // Code made by Saq's Function hook on the page's behalf: the frames below it name its maker.
  if ((evalAt && mine(evalAt[1] ?? '')) || regExpExec(SAQ_MADE, location)) return null;
  // new Function bodies start on line 3 of their synthetic source, eval'd code on line 1.
  if (evalAt) return { url: evalAt[1] ?? '', extension: false, evaled: +(evalAt[2] ?? 1) < 3 };
  // An injected inline script runs under its inserter's location, but nobody shipped it with the page.
  if (regExpExec(NO_URL, location)) return { url: '', extension: false, evaled: false };
  if (regExpExec(INJECTED, location)) return { url: injectedUrl, extension: false, evaled: false };
  if (startsWith(location, FIREFOX_EXTENSION_CODE)) {
    // Saq's own wrapper deeper in the stack (a hooked call that led to another): not an extension's code.
    if (regExpExec(FIREFOX_WRAPPER, line)) return null;
    return { url: '', extension: true, evaled: false };
  }
  const position = regExpExec(POSITION, location);
  let url = position ? sliceString(location, 0, position.index) : location;
  if (!regExpExec(HAS_SCHEME, url) || mine(url)) return null;
  // Code made by code made by code (`a.js line 3 > eval line 1 > Function`): the script at the bottom made it all.
  const dynamic = regExpExec(FIREFOX_DYNAMIC, url);
  for (let made = dynamic; made !== null; made = regExpExec(FIREFOX_DYNAMIC, url)) url = sliceString(url, 0, made.index);
  // Eval'd by an injected inline script: that script's code, not the document's (read as the shop's file before).
  if (dynamic && regExpExec(INJECTED_BASE, url)) url = injectedUrl;
  return { url, extension: false, evaled: dynamic?.[1] === 'eval' };
}

/**
 * A frame of a stack read off V8's call sites (v8-call-sites.ts): a script file's own address, given apart, or
 * the frame's text as V8 writes it after `at ` for everything else (eval'd code, code with no file, automation
 * evaluations).
 */
export type SiteEntry = string | { file: string };

/** The marks automation drivers put in the names of the code they evaluate (the literals of AUTOMATION). */
const AUTOMATION_MARKS = ['pptr:', '__puppeteer_evaluation_script__', '__playwright_evaluation_script__'] as const;

/** Whether a URL starts with a scheme (HAS_SCHEME), by a loop: no expression to compile in every document. */
function hasScheme(url: string): boolean {
  const first = url.charCodeAt(0) | 0x20;
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = 1; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3a) return true; // ':'
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (!letter && !(c >= 0x30 && c <= 0x39) && c !== 0x5f && c !== 0x2b && c !== 0x2e && c !== 0x2d) return false;
  }
  return false;
}

/**
 * A script file's frame from its address, as the browser reports it (Chromium's call sites). The text reader
 * found that address inside a frame's text, and an address with ` (` in it — a `data:` URL script's code —
 * lost its start to the function-name part there: the frame read as no URL at all, and was skipped.
 */
export function fileFrame(url: string, own: string): Frame | null {
  // Prefixes the text reader takes for code with no URL (NO_URL), and Firefox's forms (never a Chromium
  // script's address, whose spaces are escaped): read as text, as before.
  if (!hasScheme(url) || startsWith(url, 'javascript:') || indexOf(url, ' line ') >= 0) return parseFrame(`at ${url}:0:0`, own);
  if (own !== '' && startsWith(url, own)) return null;
  return { url, extension: false, evaled: false };
}

const BUILTIN_END = ' (<anonymous>)';
/**
 * A builtin's frame (`NodeList.forEach (<anonymous>)`, `new Promise (<anonymous>)`): its location is `<anonymous>`
 * with no position, which only a builtin has (code with no file is at `<anonymous>:line:column`). The text reader
 * says nothing of it either; asked, it compiled its expressions for it — 0.8 ms on the product page, whose
 * captcha widget inserts its script from a `forEach` (the stack's only frame that is not a script file).
 */
const isBuiltin = (text: string): boolean =>
  text === '<anonymous>' || (text.length > BUILTIN_END.length && startsWith(text, BUILTIN_END, text.length - BUILTIN_END.length));

/** A stack read off V8's call sites: each file frame from its address, the rest from its text. */
export function readSites(sites: ArrayLike<SiteEntry>, own: string): ParsedStack {
  const frames = safeList<Frame>();
  let automation: string | null = null;
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const text = typeof site === 'string' ? site : site.file;
    for (let m = 0; automation === null && m < AUTOMATION_MARKS.length; m++)
      if (indexOf(text, AUTOMATION_MARKS[m]!) >= 0) automation = regExpExec(AUTOMATION, text)?.[0] ?? null;
    if (typeof site === 'string' && isBuiltin(site)) continue;
    const frame = typeof site === 'string' ? parseFrame(`at ${site}`, own) : fileFrame(site.file, own);
    if (frame) frames[frames.length] = frame;
  }
  return { frames, automation };
}

/** The base URL of the extension whose code took a stack read off call sites: its innermost frame's file. */
export function siteBase(sites: ArrayLike<SiteEntry>): string {
  const first = sites[0];
  return first === undefined || typeof first === 'string' ? '' : (regExpExec(EXTENSION_BASE, first.file)?.[0] ?? '');
}

/** The whole stack: its frames and the first automation mark. `injectedUrl`: as for parseFrame. */
export function parseStack(raw: string, own: string, injectedUrl = ''): ParsedStack {
  const lines = safeList<string>();
  for (let from = 0; ;) {
    const end = indexOf(raw, '\n', from);
    lines[lines.length] = sliceString(raw, from, end < 0 ? raw.length : end);
    if (end < 0) break;
    from = end + 1;
  }
  // Firefox: Saq's own leading frames end at its wrapper (or, outside a hook, with the leading run).
  let leading = 0;
  let ownUntil = -1;
  for (; leading < lines.length && indexOf(lines[leading]!, FIREFOX_EXTENSION_CODE) >= 0; leading++)
    if (regExpExec(FIREFOX_WRAPPER, lines[leading]!)) ownUntil = leading;
  const frames = safeList<Frame>();
  let automation: string | null = null;
  for (let i = (ownUntil < 0 ? leading - 1 : ownUntil) + 1; i < lines.length; i++) {
    automation ??= regExpExec(AUTOMATION, lines[i]!)?.[0] ?? null;
    const frame = parseFrame(lines[i]!, own, injectedUrl);
    if (frame) frames[frames.length] = frame;
  }
  return { frames, automation };
}

/**
 * The base URL of the extension whose code took a stack (`chrome-extension://<id>/`), or '' (Firefox shows
 * MAIN-world extension code with no URL). Only the innermost frame is read — the first two lines, Chrome's
 * first being the `Error` header: frames further down may be another extension's.
 */
export function extensionBase(stack: string): string {
  const first = indexOf(stack, '\n');
  const second = first < 0 ? -1 : indexOf(stack, '\n', first + 1);
  return regExpExec(EXTENSION_BASE, second < 0 ? stack : sliceString(stack, 0, second))?.[0] ?? '';
}

/** The extension id in an extension URL, or null for other URLs. */
export const extensionIdOf = (url: string): string | null => regExpExec(EXTENSION_ID, url)?.[1] ?? null;
