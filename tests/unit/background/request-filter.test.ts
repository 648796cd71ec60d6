import { describe, expect, it } from 'vitest';
import { OBSERVED_TYPES, observedTypesFilter } from '../../../src/background/request-filter.ts';

// `webRequest.ResourceType` as the browsers list it (read from Chromium 150 and Firefox ESR 140).
const CHROMIUM_TYPES = {
  CSP_REPORT: 'csp_report',
  FONT: 'font',
  IMAGE: 'image',
  MAIN_FRAME: 'main_frame',
  MEDIA: 'media',
  OBJECT: 'object',
  OTHER: 'other',
  PING: 'ping',
  SCRIPT: 'script',
  STYLESHEET: 'stylesheet',
  SUB_FRAME: 'sub_frame',
  WEBBUNDLE: 'webbundle',
  WEBSOCKET: 'websocket',
  XMLHTTPREQUEST: 'xmlhttprequest',
};
const FIREFOX_TYPES = Object.fromEntries(
  ['main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'object', 'xmlhttprequest', 'xslt', 'ping', 'beacon']
    .concat(['xml_dtd', 'font', 'media', 'websocket', 'csp_report', 'imageset', 'web_manifest', 'speculative', 'json', 'other'])
    .map((type) => [type.toUpperCase(), type]),
);

describe('the webRequest filter asks only for the types the observer keeps', () => {
  it('names no type Chromium does not know (it rejects the whole filter otherwise): beacons are pings there', () => {
    expect(observedTypesFilter(CHROMIUM_TYPES)).toEqual(['main_frame', 'xmlhttprequest', 'ping', 'other']);
  });

  it('asks Firefox for beacons too', () => {
    expect(observedTypesFilter(FIREFOX_TYPES)).toEqual(['main_frame', 'xmlhttprequest', 'ping', 'beacon', 'other']);
  });

  it('never asks for the resources the shop loads by the dozen and the observer drops', () => {
    for (const types of [CHROMIUM_TYPES, FIREFOX_TYPES]) {
      const asked = observedTypesFilter(types)!;
      for (const dropped of ['script', 'stylesheet', 'image', 'font', 'sub_frame', 'media']) expect(asked).not.toContain(dropped);
      expect(asked.every((type) => OBSERVED_TYPES.has(type))).toBe(true);
    }
  });

  it('asks for every type where the browser lists none it can match (the handlers filter then)', () => {
    expect(observedTypesFilter(undefined)).toBeUndefined();
    expect(observedTypesFilter(null)).toBeUndefined();
    expect(observedTypesFilter('main_frame')).toBeUndefined();
    expect(observedTypesFilter({})).toBeUndefined();
    expect(observedTypesFilter({ A: 'document', B: 42 })).toBeUndefined();
  });
});
