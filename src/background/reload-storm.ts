/**
 * Reload storms: how many shop pages this tab loaded (top frame, counted by the network observer) in
 * `reload_window_ms`, stamped on the new page when it says hello. A person pressing F5 at sale start
 * loads a handful; a reload bot loads dozens. The rule holds the threshold; one load says nothing.
 */
import type { Finding } from '../shared/findings.ts';
import type { TabTraffic } from './network-traffic.ts';
import { inWindow } from './series.ts';
import type { SignalProfile } from './signal-profile.ts';

export function reloadStormFinding(traffic: TabTraffic, now: number, profile: SignalProfile): Finding | null {
  const windowMs = profile.threshold('reload_window_ms');
  const reloads = inWindow(traffic.loads, now, windowMs).length;
  if (reloads < 2) return null;
  return { kind: 'reload-storm', actor: { type: 'unknown' }, evidence: { what: 'reload', reloads, windowMs }, at: now };
}
