/**
 * ISOLATED-world entry: accepts the private channel from the MAIN world, installs the DOM sensors,
 * relays every finding to the background. Installed at document_start in every shop frame. The in-page
 * warning is not here: the background injects it when a verdict calls for it (src/content/warning.iife.ts).
 */
import type { Finding } from '../shared/findings.ts';
import type { HelloCStoBG, HelloReply, HooksReadyCStoBG } from '../shared/protocol.ts';
import { acceptChannel } from './isolated/channel.ts';
import { CAN_ASK_CLOSED } from './isolated/closed-roots.ts';
import { compileControls } from './isolated/controls.ts';
import { createHub } from './isolated/hub.ts';
import { listenLasting, watchReopening } from './isolated/lasting-listeners.ts';
import { currentSecrets } from './isolated/page-secrets.ts';
import { createRelay } from './isolated/relay.ts';
import { markSecretSend } from './isolated/secret-sends.ts';
import { createScriptAddressMarker } from './isolated/script-addresses.ts';
import { typedSecrets, watchFocusedFields, watchSecretFields } from './isolated/typed-secrets.ts';
import { sendToBackground } from './isolated/runtime.ts';
import { ISOLATED_SENSORS } from './sensors/isolated-list.ts';

(() => {
  const controller = new AbortController();
  // Before any listener: this world's window and document listeners come back after a `document.open()`.
  watchReopening(controller.signal);
  const pageId = crypto.randomUUID();
  /** The extension run the hello reply named: sent back with every later message (src/background/run-id.ts). */
  let runId: string | undefined;
  const ofThisRun = <T extends object>(message: T): T => (runId ? { ...message, runId } : message);
  const relay = createRelay(pageId, (message) => sendToBackground(ofThisRun(message)));

  /** Hosts that are neither the shop nor its providers (every other host until the profile is known). */
  let known: readonly string[] = [];
  const isStranger = (origin: string): boolean => origin !== location.origin && !known.includes(origin);
  const markScriptAddresses = createScriptAddressMarker(isStranger, currentSecrets, typedSecrets);
  /** Every finding, the MAIN world's and this world's, with a stranger's script address's secret parts named. */
  const report = (finding: Finding, urgent = false): void => relay(markScriptAddresses(finding), urgent);
  /** The MAIN world's hooks said they are installed (said again if the page comes back from the cache). */
  let hooksReady = false;
  const sayHooksReady = (): void =>
    void sendToBackground(ofThisRun({ type: 'hooks-ready/cs-to-bg', pageId, at: Date.now() } satisfies HooksReadyCStoBG));
  const mainWorld = acceptChannel(
    controller.signal,
    (message, urgent) => {
      if (message.t === 'finding') report(markSecretSend(message.finding, isStranger, currentSecrets, typedSecrets), urgent);
      hub.fromMain(message);
    },
    // Only page code can post a second hello: the channel is being spoofed (its author is not visible here).
    (what) =>
      report({ kind: 'defence-tamper', actor: { type: 'unknown' }, evidence: { what: 'channel-spoofed', target: what }, at: Date.now() }),
    // The background cross-checks the network against the hooks only once it knows they are installed.
    () => {
      hooksReady = true;
      sayHooksReady();
    },
    // Chromium: an observer here pays a second wrapper for every record and node; the MAIN world's does not.
    CAN_ASK_CLOSED ? (element, detail) => hub.handedOver(element, detail) : undefined,
  );

  const hello: HelloCStoBG = { type: 'hello/cs-to-bg', pageId };
  const controls = sendToBackground<HelloReply>(hello).then((reply) => {
    if (typeof reply?.runId === 'string' && /^[0-9a-f-]{36}$/.test(reply.runId)) runId = reply.runId;
    const p = reply?.profile;
    // No profile: the background is gone, so there is nothing to match against and nowhere to report to.
    // The MAIN world then keeps watching everything: the profile is only a filter for its hot paths.
    if (!p) return new Promise<never>(() => undefined);
    known = [...p.firstPartyOrigins, ...p.trustedOrigins];
    mainWorld.send({
      t: 'profile',
      profile: {
        firstPartyOrigins: p.firstPartyOrigins,
        trustedOrigins: p.trustedOrigins,
        requestPrefixes: p.requestPrefixes,
        controlSelectors: [...p.purchaseControlSelectors, ...p.quantitySelectors, ...p.paymentFormSelectors],
        sensitiveFieldSelectors: p.sensitiveFieldSelectors,
      },
    });
    return compileControls(p);
  });
  void controls.then((compiled) => watchSecretFields(compiled.sensitive));
  watchFocusedFields(controller.signal);

  // Back from the back-forward cache: the background cleared this page's record when the tab left it (or kept
  // it, marked left, for an alarm), and takes what the page sends only after it is told the page is back
  // (src/background/tab-pages.ts).
  listenLasting<PageTransitionEvent>(
    window,
    'pageshow',
    (event) => {
      if (!event.persisted) return;
      void sendToBackground(hello);
      if (hooksReady) sayHooksReady();
    },
    { signal: controller.signal },
  );

  const hub = createHub(
    {
      signal: controller.signal,
      report: (kind, actor, evidence) => report({ kind, actor, evidence, at: Date.now() }),
      mainCaughtUp: mainWorld.caughtUp,
      sendToMain: mainWorld.send,
      placedBy: mainWorld.placedBy,
    },
    controls,
    CAN_ASK_CLOSED,
  );
  for (const sensor of ISOLATED_SENSORS) {
    try {
      sensor.install(hub.context);
    } catch {
      // Keep the other sensors running.
    }
  }
  hub.start();
})();
