/**
 * ISOLATED-world entry: accepts the private channel from the MAIN world, installs the DOM sensors,
 * relays every finding to the background. Installed at document_start in every shop frame.
 */
import type { Finding } from '../shared/findings.ts';
import type { HelloCStoBG, HelloReply, SiteProfileForPage } from '../shared/protocol.ts';
import type { MainToIsolatedMessage } from '../shared/page-protocol.ts';
import { acceptChannel } from './isolated/channel.ts';
import { createRelay } from './isolated/relay.ts';
import { sendToBackground } from './isolated/runtime.ts';
import type { IsolatedSensorContext } from './isolated/sensor.ts';
import { ISOLATED_SENSORS } from './sensors/isolated-list.ts';
import { listenForWarning } from './warning/listen.ts';

(() => {
  const controller = new AbortController();
  const pageId = crypto.randomUUID();
  const relay = createRelay(pageId);
  const mainListeners: Array<(message: MainToIsolatedMessage) => void> = [];

  const report = (finding: Finding): void => relay(finding);
  acceptChannel(
    controller.signal,
    (message) => {
      if (message.t === 'finding') report(message.finding);
      for (const listener of mainListeners) listener(message);
    },
    (what) => report({ kind: 'defence-tamper', actor: { type: 'page' }, evidence: { tamper: 'forged-message', what }, at: Date.now() }),
  );

  const hello: HelloCStoBG = { type: 'hello/cs-to-bg', pageId };
  const EMPTY_PROFILE: SiteProfileForPage = {
    purchaseControlSelectors: [],
    quantitySelectors: [],
    sensitiveFieldSelectors: [],
    paymentFormSelectors: [],
  };
  const profile = sendToBackground<HelloReply>(hello).then((reply) => reply?.profile ?? EMPTY_PROFILE);

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
  try {
    // The page cannot tell who removed the warning, so the actor is unknown; the rule judges the act.
    listenForWarning({
      signal: controller.signal,
      reportTamper: (what) => report({ kind: 'defence-tamper', actor: { type: 'unknown' }, evidence: { what }, at: Date.now() }),
    });
  } catch {
    // The warning is best effort; the sensors keep running without it.
  }
})();
