/** The contract every MAIN-world sensor implements (one file per sensor, listed in main/index.ts). */
import type { Actor, EvidenceValue, FindingKind } from '../../shared/findings.ts';
import type { MainToIsolatedMessage } from '../../shared/page-protocol.ts';
import type { Attribution } from './attribution.ts';
import type { Natives } from './natives.ts';
import type { Patcher } from './patch.ts';

export interface MainSensorContext {
  signal: AbortSignal;
  natives: Natives;
  attribution: Attribution;
  patcher: Patcher;
  /** The page's own origin: frames from it are the page's own code. */
  pageOrigin: string;
  report(kind: FindingKind, actor: Actor, evidence: Record<string, EvidenceValue>): void;
  send(message: MainToIsolatedMessage): void;
}

export interface MainSensor {
  id: string;
  install(context: MainSensorContext): void;
}
