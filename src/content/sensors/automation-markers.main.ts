/**
 * Traces that browser-automation drivers leave in the page: `navigator.webdriver` (Selenium,
 * Puppeteer with --enable-automation), ChromeDriver's `cdc_…` globals, and automation frames in the
 * stacks the other hooks capture. Checked at document_start and once more after load, when stealth
 * plugins that delete the markers have run (a deletion is itself a trace).
 */
import type { MainSensor, MainSensorContext } from '../main/sensor.ts';

const CDC_GLOBAL = /^\$?cdc_|^\$wdc_|^__webdriver|^__selenium|^_Selenium_IDE|^callPhantom$|^__nightmare$/;

function markerNames(): string[] {
  const names: string[] = [];
  for (const name of Object.getOwnPropertyNames(window)) if (CDC_GLOBAL.test(name)) names.push(name);
  for (const name of Object.getOwnPropertyNames(document)) if (CDC_GLOBAL.test(name)) names.push(name);
  return names;
}

function check(context: MainSensorContext, phase: string, before: string[]): string[] {
  let webdriver = false;
  try {
    webdriver = navigator.webdriver === true;
  } catch {
    // A throwing getter is a stealth patch gone wrong; the markers below still count.
  }
  const names = markerNames();
  if (webdriver && before.length === 0 && phase === 'document-start')
    context.report('automation-marker', { type: 'automation' }, { marker: 'navigator.webdriver', phase });
  for (const name of names) {
    if (!before.includes(name))
      context.report('automation-marker', { type: 'automation' }, { marker: 'cdc-global', name: name.slice(0, 64), phase });
  }
  for (const name of before) {
    if (!names.includes(name))
      context.report('automation-marker', { type: 'automation' }, { marker: 'cdc-deleted', name: name.slice(0, 64), phase });
  }
  return names;
}

export const automationMarkersSensor: MainSensor = {
  id: 'automation-markers',
  install(context) {
    const early = check(context, 'document-start', []);
    window.addEventListener(
      'load',
      () => {
        const late = markerNames();
        // Only the differences matter after load: new markers or deleted ones.
        if (late.join() !== early.join()) check(context, 'load', early);
      },
      { once: true, signal: context.signal },
    );
  },
};
