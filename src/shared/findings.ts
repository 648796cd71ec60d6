/**
 * A finding is a fact a sensor observed in the page — never a judgment.
 * Severity is decided later by the rules engine in the background, so that
 * maintainers can tune it with a feed update (see docs/architecture.md).
 */

/** What kind of behaviour was observed. One sensor may report several kinds. */
export const FINDING_KINDS = [
  'script-inserted', // a <script> element entered the document after the page's own parse
  'dynamic-code', // eval / new Function / string timer
  'untrusted-activation', // isTrusted === false click/keypress/submit on a purchase control
  'purchase-cadence', // trusted purchase actions at an inhuman rate or regularity
  'page-request', // a request the page world made (fetch/XHR/beacon/WebSocket/form); the background derives the two below
  'cart-request', // a request to a cart/order endpoint (from hooks or the network observer)
  'unhooked-cart-request', // the network saw a cart request the page hooks did not
  'exfiltration', // a request from the shop page to a host that is neither the shop nor trusted
  'sensitive-read', // a foreign script read cookies / storage / sensitive field values
  'keylogger', // a foreign key listener on a sensitive field
  'quantity-tamper', // quantity above the limit, options added by script
  'checkout-tamper', // payment form action rewritten, delivery changed, fake overlay
  'reload-storm', // many reloads of shop pages in a short time
  'automation-marker', // navigator.webdriver, cdc_ globals, automation stack frames
  'defence-tamper', // the warning removed, hooks overridden, pristine-iframe tricks
  'extension-inventory', // an installed extension that can reach the shop (opt-in)
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Who acted. Attribution comes from the call stack at the hooked call, or from the browser. */
export const ACTOR_TYPES = [
  'page', // the shop's own parser-inserted or first-party scripts
  'script', // a script with a URL (url, and sha256 of its text when it could be read)
  'inline', // an inline script inserted by someone (sha256 of its text)
  'extension', // another extension (id when known)
  'anonymous', // console, bookmarklet, eval'd code: stack frames without a URL
  'automation', // a driver (webdriver, CDP evaluation frames)
  'unknown', // the action was seen but its author could not be told
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export interface Actor {
  type: ActorType;
  /** Script URL, extension URL, or page URL for type 'page'. */
  url?: string;
  /** Hex SHA-256 of the script's text, where it could be read. */
  sha256?: string;
  /** Another extension's id, when the browser tells it. */
  extensionId?: string;
  /**
   * The parts of `url` that carry one of the page's secrets (shared/secret-parts.ts), named by the ISOLATED world
   * for a stranger's script: a helper that loads its next script from `https://collector/<cookie>/x.js` has the
   * cookie in the address Saq names it by. Only the report and the popup read these, to show `…` there.
   */
  secretSegments?: string;
  secretLabels?: string;
}

/** Evidence values are flat and primitive: easy to validate, safe to render, cheap to store. */
export type EvidenceValue = string | number | boolean;

export interface Finding {
  kind: FindingKind;
  actor: Actor;
  evidence: Record<string, EvidenceValue>;
  /** Milliseconds since the epoch (Date.now in the reporting context). */
  at: number;
  /** URL of the frame where it happened, as the browser stamped the sender. Set by the background. */
  frameUrl?: string;
}

/** Ordered from harmless to worst; the badge and the popup headline use the maximum. */
export const SEVERITIES = ['info', 'warning', 'danger', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** A finding the engine matched to a rule: what the UI shows. */
export interface Verdict {
  ruleId: string;
  severity: Severity;
  /** i18n message key explaining the rule, present in kk, ru and en. */
  messageKey: string;
  references: string[];
  finding: Finding;
  /**
   * Set by the background's tab record, which keeps one verdict per rule, actor and subject (the latest):
   * how many times it was judged on this page, and when first. Absent: once, at `finding.at`.
   */
  seen?: number;
  firstAt?: number;
}
