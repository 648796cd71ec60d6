/**
 * MAIN-world entry, injected at document_start in every shop frame before the page's first script
 * (a self-contained IIFE bundle: an async loader would install the hooks after page scripts run).
 * Order matters: natives first, then the channel, then the sensors.
 */
import { createAttribution } from './main/attribution.ts';
import { openChannel } from './main/channel.ts';
import { captureNatives } from './main/natives.ts';
import { createPatcher } from './main/patch.ts';
import type { MainSensorContext } from './main/sensor.ts';
import { MAIN_SENSORS } from './sensors/main-list.ts';

(() => {
  const natives = captureNatives();
  const send = openChannel(natives);
  // The page-world hooks live as long as the document; the signal lets a sensor stop reporting.
  const controller = new AbortController();
  const context: MainSensorContext = {
    signal: controller.signal,
    natives,
    attribution: createAttribution(natives),
    patcher: createPatcher(natives),
    pageOrigin: location.origin,
    report(kind, actor, evidence) {
      send({ t: 'finding', finding: { kind, actor, evidence, at: natives.dateNow() } });
    },
    send,
  };
  for (const sensor of MAIN_SENSORS) {
    try {
      sensor.install(context);
    } catch {
      // One sensor failing to install (an API missing in this browser) must not take the others down.
    }
  }
})();
