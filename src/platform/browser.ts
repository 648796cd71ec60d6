/**
 * The one import of the WebExtension API for extension pages and the background.
 * webextension-polyfill is a no-op where `browser` exists (Firefox, Chrome 148+) and gives promise APIs
 * on older Chromium-based browsers this audience uses (Yandex Browser, Opera, older Edge).
 */
import browser from 'webextension-polyfill';

export default browser;
export type { Runtime, Tabs } from 'webextension-polyfill';
