/**
 * Hostile pages, end to end in Chromium and Firefox: pages that attack Saq itself, then run a helper.
 * One browser per browser kind for every group (each test closes its pages), to keep the suite's wall
 * time modest. The groups, each in tests/e2e/hostile/:
 *
 * - tamper.ts  — fetch/XHR/addEventListener/dispatchEvent/click/toString replaced before and after Saq's
 *                hooks; pristine functions from about:blank, srcdoc and sandboxed frames;
 * - channel.ts — fake messages on Saq's private channel, from the page and from another site;
 * - getters.ts — getters that throw where Saq might read, a lying Error.prototype.stack, isTrusted;
 * - flood.ts   — 10,000 findings; a quiet flood hiding an exfiltration;
 * - warning.ts — the in-page warning removed again and again, or covered from the top layer.
 *
 * Throughout: Saq keeps detecting, cannot be talked into a false "clean" or a false alarm, and never
 * breaks the page (no uncaught error; a person's trusted click still buys).
 */
import { describeEachBrowser } from './each-browser.ts';
import { hostileSuite } from './hostile-support.ts';
import { channelTests } from './hostile/channel.ts';
import { floodTests } from './hostile/flood.ts';
import { gettersTests } from './hostile/getters.ts';
import { tamperTests } from './hostile/tamper.ts';
import { warningTests } from './hostile/warning.ts';

describeEachBrowser('hostile pages', (context) => {
  const suite = hostileSuite(context);
  tamperTests(suite);
  channelTests(suite);
  gettersTests(suite);
  floodTests(suite);
  warningTests(suite);
});
