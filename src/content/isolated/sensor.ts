/** The contract every ISOLATED-world sensor implements (listed in sensors/isolated-list.ts). */
import type { Actor, EvidenceValue, FindingKind } from '../../shared/findings.ts';
import type { SiteProfileForPage } from '../../shared/protocol.ts';
import type { MainToIsolatedMessage } from '../../shared/page-protocol.ts';

export interface IsolatedSensorContext {
  signal: AbortSignal;
  report(kind: FindingKind, actor: Actor, evidence: Record<string, EvidenceValue>): void;
  /** Resolves once the background has told this page the shop's profile (selectors, patterns). */
  profile(): Promise<SiteProfileForPage>;
  /** Subscribe to what the MAIN-world hooks saw. */
  onMain(listener: (message: MainToIsolatedMessage) => void): void;
}

export interface IsolatedSensor {
  id: string;
  install(context: IsolatedSensorContext): void;
}
