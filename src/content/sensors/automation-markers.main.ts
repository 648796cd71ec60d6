/**
 * Traces that browser-automation drivers leave in the page: `navigator.webdriver` (Selenium,
 * Puppeteer with --enable-automation), ChromeDriver's `cdc_…` globals (and their deletion by a stealth
 * patch), Playwright's bindings, Puppeteer/Playwright evaluation frames in the stacks the other hooks
 * capture, and natives that "stealth" plugins replace to hide all this (a navigator getter whose source
 * is not native code, properties put on the navigator object itself, a deleted `webdriver`).
 * Driver globals are checked at document_start and again after load, when stealth code has run; natives
 * once after load, when the page is idle. DevTools being open is not looked for: a person debugging the
 * shop is not a bot.
 */
import { getOwnPropertyDescriptor, isNativeCode, listen, whenIdle } from '../main/natives.ts';
import type { MainSensor } from '../main/sensor.ts';

const DRIVER_GLOBAL = /^\$?cdc_|^\$wdc_|^__webdriver|^__selenium|^_Selenium_IDE|^callPhantom$|^__nightmare$|^__playwright|^__pw/;
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

function driverGlobals(): string[] {
  return [window, document].flatMap((object) => Object.getOwnPropertyNames(object).filter((name) => DRIVER_GLOBAL.test(name)));
}

/** Natives that stealth plugins patch, when they are not what the browser shipped. */
function patchedNatives(): string[] {
  const found = Object.getOwnPropertyNames(navigator).map((name) => `navigator.${name}`);
  if (!('webdriver' in Navigator.prototype)) found.push('Navigator.prototype.webdriver (deleted)');
  const check = (owner: object | undefined, name: string, key: string, slot: 'get' | 'value'): void => {
    const fn = owner && getOwnPropertyDescriptor(owner, key)?.[slot];
    if (fn && !isNativeCode(fn)) found.push(`${name}.prototype.${key}`);
  };
  for (const key of NAVIGATOR_GETTERS) check(Navigator.prototype, 'Navigator', key, 'get');
  check(globalThis.Permissions?.prototype, 'Permissions', 'query', 'value');
  check(globalThis.WebGLRenderingContext?.prototype, 'WebGLRenderingContext', 'getParameter', 'value');
  return found;
}

export const automationMarkersSensor: MainSensor = {
  id: 'automation-markers',
  install(context, _realm, top) {
    if (!top) return;
    const seen = new Set<string>();
    const report = (marker: string, name: string, phase: string): void => {
      if (seen.has(marker + name)) return;
      seen.add(marker + name);
      context.report('automation-marker', { actor: { type: 'automation' } }, { marker, name: name.slice(0, 128), phase });
    };
    const check = (phase: string, before: string[]): string[] => {
      try {
        // Read after load only: drivers set it from the browser's start, and checking late lets any
        // document_start code (a stealth patch) show itself in the native checks below first.
        if (phase === 'load' && navigator.webdriver) report('webdriver', 'navigator.webdriver', phase);
      } catch {
        // A throwing getter is a stealth patch gone wrong; the checks below still run.
      }
      const names = driverGlobals();
      for (const name of names) if (!before.includes(name)) report(/__p/.test(name) ? 'playwright-binding' : 'cdc-global', name, phase);
      for (const name of before) if (!names.includes(name)) report('cdc-removed', name, phase);
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
        // Natives once, after load when the page is idle: stealth code patches them before then and leaves
        // them so, and reading them makes the browser build interface objects (WebGL, Permissions: ms).
        whenIdle(() => {
          for (const name of patchedNatives()) report('native-patched', name, 'load');
        }, 1000);
      },
      { once: true, signal: context.signal },
    );
  },
};
