/**
 * Traces that browser-automation drivers leave in the page: `navigator.webdriver` (Selenium,
 * Puppeteer with --enable-automation), ChromeDriver's `cdc_…` globals (and their deletion by a stealth
 * patch), Playwright's bindings, Puppeteer/Playwright evaluation frames in the stacks the other hooks
 * capture, and natives that "stealth" plugins replace to hide all this (a navigator getter whose source
 * is not native code, properties put on the navigator object itself, a deleted `webdriver`).
 * Driver globals are checked at document_start and again after load, when stealth code has run; natives
 * once after load, when the page is idle. DevTools being open is not looked for: a person debugging the
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
 */
import { getOwnPropertyDescriptor, getOwnPropertyNames, isNativeCode, listen, objectKeys, regExpExec, whenIdle } from '../main/natives.ts';
import { append, safeList, SafeSet, type SafeList } from '../main/safe-collections.ts';
import type { MainSensor } from '../main/sensor.ts';

const DRIVER_GLOBAL = /^\$?cdc_|^\$wdc_|^__webdriver|^__selenium|^_Selenium_IDE|^callPhantom$|^__nightmare$|^__playwright|^__pw/;
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

/** Natives that stealth plugins patch, when they are not what the browser shipped. */
function patchedNatives(): SafeList<string> {
  const found = safeList<string>();
  const own = getOwnPropertyNames(navigator);
  for (let i = 0; i < own.length; i++) append(found, `navigator.${own[i]!}`);
  if (!('webdriver' in Navigator.prototype)) append(found, 'Navigator.prototype.webdriver (deleted)');
  const check = (owner: object | undefined, name: string, key: string, slot: 'get' | 'value'): void => {
    const fn = owner && getOwnPropertyDescriptor(owner, key)?.[slot];
    if (fn && !isNativeCode(fn)) append(found, `${name}.prototype.${key}`);
  };
  for (let i = 0; i < NAVIGATOR_GETTERS.length; i++) check(Navigator.prototype, 'Navigator', NAVIGATOR_GETTERS[i]!, 'get');
  check(globalThis.Permissions?.prototype, 'Permissions', 'query', 'value');
  return found;
}

export const automationMarkersSensor: MainSensor = {
  id: 'automation-markers',
  install(context, _realm, top) {
    if (!top) return;
    const seen = new SafeSet<string>();
    const report = (marker: string, name: string, phase: string): void => {
      if (seen.has(marker + name)) return;
      seen.add(marker + name);
      context.report('automation-marker', { actor: { type: 'automation' } }, { marker, name: name.slice(0, 128), phase });
    };
    const check = (phase: string, before: ArrayLike<string>): ArrayLike<string> => {
      try {
        // Read after load only: drivers set it from the browser's start, and checking late lets any
        // document_start code (a stealth patch) show itself in the native checks below first.
        if (phase === 'load' && navigator.webdriver) report('webdriver', 'navigator.webdriver', phase);
      } catch {
        // A throwing getter is a stealth patch gone wrong; the checks below still run.
      }
      const names = driverGlobals();
      for (let i = 0; i < names.length; i++)
        if (!has(before, names[i]!)) report(regExpExec(PLAYWRIGHT, names[i]!) ? 'playwright-binding' : 'cdc-global', names[i]!, phase);
      for (let i = 0; i < before.length; i++) if (!has(names, before[i]!)) report('cdc-removed', before[i]!, phase);
      return names;
    };
    context.attribution.listeners.automation = (frame) =>
      report(frame.includes('playwright') ? 'playwright-binding' : 'pptr-frame', frame, 'stack');
    const early = check('document-start', []);
    listen(
      window,
      'load',
      () => {
        check('load', early);
        // Natives once, after load when the page is idle: stealth code patches them before then and leaves them so.
        whenIdle(() => {
          const patched = patchedNatives();
          for (let i = 0; i < patched.length; i++) report('native-patched', patched[i]!, 'load');
        }, 1000);
      },
      { once: true, signal: context.signal },
    );
  },
};
