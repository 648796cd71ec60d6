/**
 * Traces that browser-automation drivers leave in the page: `navigator.webdriver` (Selenium,
 * Puppeteer with --enable-automation), ChromeDriver's `cdc_…` globals (and their deletion by a stealth
 * patch), Playwright's bindings, Puppeteer/Playwright evaluation frames in the stacks the other hooks
 * capture, and natives that "stealth" plugins replace to hide all this (a navigator getter that is not the
 * one the browser shipped, properties put on the navigator object itself, a deleted `webdriver`).
 * Driver globals are checked at document_start and again after load, when stealth code has run; natives
 * once, a second after load. DevTools being open is not looked for: a person debugging the
 * shop is not a bot.
 *
 * Cost (npm run bench, page load): the window's globals are read with Object.keys — its enumerable own
 * names, ~220 — not all ~980: the full list took 1–3 ms per read on the product page, the enumerable ones
 * 0.1–0.4 ms. Drivers create their globals by assignment or CDP's Runtime.addBinding, both enumerable
 * (checked for Playwright's binding); a driver global defined non-enumerable is not seen (docs/security.md).
 * WebGL's natives are not read: the interface object is built on first touch (1.1–2.6 ms per page load),
 * and a WebGL spoof comes in every stealth kit with the navigator patches that are read.
 * The globals are read and compared with natives captured at document_start and plain loops: by load, page
 * code has had its chance to replace Object.keys, RegExp.prototype.test or Array methods to hide a driver.
 *
 * The same for the natives stealth plugins patch: their getters and functions are captured when the sensor is
 * installed (document_start, before page code), `navigator.webdriver` is read through the captured getter,
 * and a patch is told by identity — a property that no longer holds what was captured. Source text cannot
 * tell: a Proxy of the native getter (`new Proxy(get, { apply: () => false })`) is "[native code]" to
 * toString, and hid both the driver and itself. The source is still read for what was captured, which a
 * patch made before Saq started (another extension's document_start script) would be.
 */
import {
  after,
  getOwnPropertyDescriptor,
  getOwnPropertyNames,
  includes,
  isNativeCode,
  objectKeys,
  reflectApply,
  regExpExec,
  sliceString,
} from '../main/natives.ts';
import { ownDescriptor } from '../main/descriptors.ts';
import { append, safeList, SafeSet, type SafeList } from '../main/safe-collections.ts';
import type { MainSensor } from '../main/sensor.ts';
import { listenLasting } from '../main/lasting-listeners.ts';

/**
 * Playwright's own globals are `__playwright…` and `__pw` followed by a capital or an underscore (`__pwInitScripts`):
 * a bare `__pw` prefix took a shop's `__pwaInstallPrompt` (a PWA's install prompt kept for its button) for a driver.
 */
const DRIVER_GLOBAL =
  /^\$?cdc_|^\$wdc_|^__webdriver|^__selenium|^_Selenium_IDE|^callPhantom$|^__nightmare$|^__playwright|^__pw(?:[A-Z_]|$)/;
const PLAYWRIGHT = /__p/;
const NAVIGATOR_GETTERS = [
  'webdriver',
  'plugins',
  'mimeTypes',
  'languages',
  'platform',
  'userAgent',
  'vendor',
  'hardwareConcurrency',
  'deviceMemory',
];

/** Driver globals on the window (enumerable: see above) and the document (a handful of own names: all read). */
function driverGlobals(): SafeList<string> {
  const found = safeList<string>();
  const pick = (names: string[]): void => {
    for (let i = 0; i < names.length; i++) if (regExpExec(DRIVER_GLOBAL, names[i]!)) append(found, names[i]!);
  };
  pick(objectKeys(window));
  pick(getOwnPropertyNames(document));
  return found;
}

function has(list: ArrayLike<string>, name: string): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === name) return true;
  return false;
}

/** A native stealth plugins patch, as it was when the sensor was installed. */
interface Shipped {
  owner: object;
  key: string;
  slot: 'get' | 'value';
  /** `Navigator.prototype.webdriver`: how it is named in evidence (and by rule SAQ-AUT-006). */
  label: string;
  fn: unknown;
}

/** The navigator, its prototype and the natives checked for a patch, captured before page code runs (see above). */
function captureNatives() {
  const shipped = safeList<Shipped>();
  const keep = (owner: object | undefined, name: string, key: string, slot: 'get' | 'value'): void => {
    if (owner) append(shipped, { owner, key, slot, label: `${name}.prototype.${key}`, fn: ownDescriptor(owner, key)?.[slot] });
  };
  const prototype = Navigator.prototype;
  for (let i = 0; i < NAVIGATOR_GETTERS.length; i++) keep(prototype, 'Navigator', NAVIGATOR_GETTERS[i]!, 'get');
  keep(globalThis.Permissions?.prototype, 'Permissions', 'query', 'value');
  return { navigator, prototype, webdriver: ownDescriptor(prototype, 'webdriver')?.get, shipped };
}
type Captured = ReturnType<typeof captureNatives>;

/** Natives that stealth plugins patch, when they are not what the browser shipped. */
function patchedNatives({ navigator: nav, prototype, webdriver, shipped }: Captured): SafeList<string> {
  const found = safeList<string>();
  const own = getOwnPropertyNames(nav);
  for (let i = 0; i < own.length; i++) append(found, `navigator.${own[i]!}`);
  if (webdriver && !getOwnPropertyDescriptor(prototype, 'webdriver')) append(found, 'Navigator.prototype.webdriver (deleted)');
  for (let i = 0; i < shipped.length; i++) {
    const { owner, key, slot, label, fn } = shipped[i]!;
    const now = ownDescriptor(owner, key)?.[slot];
    // Replaced since document_start (whatever its source says; a getter made a data property or deleted
    // too), or not native even then. Neither then nor now: this browser has no such native.
    if (now !== fn || (now !== undefined && !isNativeCode(now))) append(found, label);
  }
  return found;
}

export const automationMarkersSensor: MainSensor = {
  id: 'automation-markers',
  install(context, _realm, top) {
    if (!top) return;
    const captured = captureNatives();
    const seen = new SafeSet<string>();
    const report = (marker: string, name: string, phase: string): void => {
      if (seen.has(marker + name)) return;
      seen.add(marker + name);
      context.report('automation-marker', { actor: { type: 'automation' } }, { marker, name: sliceString(name, 0, 128), phase });
    };
    const check = (phase: string, before: ArrayLike<string>): ArrayLike<string> => {
      try {
        // Read after load only: drivers set it from the browser's start, and checking late lets any
        // document_start code (a stealth patch) show itself in the native checks below first.
        if (phase === 'load' && captured.webdriver && reflectApply(captured.webdriver, captured.navigator, []))
          report('webdriver', 'navigator.webdriver', phase);
      } catch {
        // Not expected of the browser's own getter; the checks below still run.
      }
      const names = driverGlobals();
      for (let i = 0; i < names.length; i++)
        if (!has(before, names[i]!)) report(regExpExec(PLAYWRIGHT, names[i]!) ? 'playwright-binding' : 'cdc-global', names[i]!, phase);
      for (let i = 0; i < before.length; i++) if (!has(names, before[i]!)) report('cdc-removed', before[i]!, phase);
      return names;
    };
    context.attribution.listeners.automation = (frame) =>
      report(includes(frame, 'playwright') ? 'playwright-binding' : 'pptr-frame', frame, 'stack');
    const early = check('document-start', []);
    listenLasting(
      window,
      'load',
      () => {
        check('load', early);
        // Natives once, a second after load: stealth code patches them before then and leaves them so. On a
        // timer the page cannot clear (natives.ts `after`); an idle callback's id it could cancel.
        after(1000, () => {
          const patched = patchedNatives(captured);
          for (let i = 0; i < patched.length; i++) report('native-patched', patched[i]!, 'load');
        });
      },
      { once: true, signal: context.signal },
    );
  },
};
