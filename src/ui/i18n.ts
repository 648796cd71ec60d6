/**
 * Text lookup for extension pages. All visible text comes from public/_locales/<lang>/messages.json;
 * a missing key shows the key itself (and a test fails on it) instead of an empty string.
 */
import browser from '../platform/browser.ts';

export function t(key: string, substitutions?: string | string[]): string {
  const text = browser.i18n.getMessage(key, substitutions);
  return text || key;
}
