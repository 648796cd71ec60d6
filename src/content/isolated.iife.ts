/**
 * ISOLATED-world entry: accepts the private channel from the MAIN world, installs the DOM sensors,
 * relays every finding to the background. Installed at document_start in every shop frame. The in-page
 * warning is not here: the background injects it when a verdict calls for it (src/content/warning.iife.ts).
 */
import type { Finding } from '../shared/findings.ts';
import type { HelloCStoBG, HelloReply, HooksReadyCStoBG, SiteProfileForPage } from '../shared/protocol.ts';
import type { MainToIsolatedMessage } from '../shared/page-protocol.ts';
import { acceptChannel } from './isolated/channel.ts';
import { createRelay } from './isolated/relay.ts';
import { sendToBackground } from './isolated/runtime.ts';
import type { IsolatedSensorContext } from './isolated/sensor.ts';
import { ISOLATED_SENSORS } from './sensors/isolated-list.ts';

(() => {
  const controller = new AbortController();
  const pageId = crypto.randomUUID();
  const relay = createRelay(pageId);
  const mainListeners: Array<(message: MainToIsolatedMessage) => void> = [];

  const report = (finding: Finding): void => relay(finding);
  const toMain = acceptChannel(
    controller.signal,
    (message) => {
      if (message.t === 'finding') report(message.finding);
      for (const listener of mainListeners) listener(message);
    },
    // Only page code can post a second hello: the channel is being spoofed (its author is not visible here).
    (what) =>
      report({ kind: 'defence-tamper', actor: { type: 'unknown' }, evidence: { what: 'channel-spoofed', target: what }, at: Date.now() }),
    // The background cross-checks the network against the hooks only once it knows they are installed.
    () => void sendToBackground({ type: 'hooks-ready/cs-to-bg', pageId } satisfies HooksReadyCStoBG),
  );

  const hello: HelloCStoBG = { type: 'hello/cs-to-bg', pageId };
  const EMPTY_PROFILE: SiteProfileForPage = {
    purchaseControlSelectors: [],
    quantitySelectors: [],
    sensitiveFieldSelectors: [],
    paymentFormSelectors: [],
    limitMessageSelectors: [],
    perBuyerLimit: 0,
    firstPartyOrigins: [],
    trustedOrigins: [],
    requestPrefixes: [],
  };
  const profile = sendToBackground<HelloReply>(hello).then((reply) => {
    const p = reply?.profile;
    // Without a profile the MAIN world keeps watching everything: it is only a filter for its hot paths.
    if (p)
      toMain({
        t: 'profile',
        profile: {
          firstPartyOrigins: p.firstPartyOrigins,
          trustedOrigins: p.trustedOrigins,
          requestPrefixes: p.requestPrefixes,
          controlSelectors: [...p.purchaseControlSelectors, ...p.quantitySelectors, ...p.paymentFormSelectors],
          sensitiveFieldSelectors: p.sensitiveFieldSelectors,
        },
      });
    return p ?? EMPTY_PROFILE;
  });

  const context: IsolatedSensorContext = {
    signal: controller.signal,
    report: (kind, actor, evidence) => report({ kind, actor, evidence, at: Date.now() }),
    profile: () => profile,
    onMain: (listener) => mainListeners.push(listener),
  };
  for (const sensor of ISOLATED_SENSORS) {
    try {
      sensor.install(context);
    } catch {
      // Keep the other sensors running.
    }
  }
})();
