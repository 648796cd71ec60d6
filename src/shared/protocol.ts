/**
 * Every runtime message between extension contexts, one zod schema each, named by direction
 * (CStoBG: content script → background; PopupToBG: popup/options → background; BGtoCS: background →
 * content script). Parsed at the receiving end; content scripts import only the types (no zod there).
 */
import { z } from 'zod';
import { ACTOR_TYPES, FINDING_KINDS, SEVERITIES } from './findings.ts';
import { MAX_CODE_TEXT, MAX_STRING } from './page-protocol.ts';

const shortString = z.string().max(MAX_STRING);

export const ActorSchema = z.strictObject({
  type: z.enum(ACTOR_TYPES),
  url: shortString.optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  extensionId: z.string().max(128).optional(),
  // Any short text: the report reads a list it cannot parse as "the whole part" (ui/evidence.ts), and a batch is
  // not refused for one field only the report reads.
  secretSegments: shortString.optional(),
  secretLabels: shortString.optional(),
});

export const FindingSchema = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  actor: ActorSchema,
  evidence: z
    .record(z.string().max(64), z.union([z.string().max(MAX_CODE_TEXT), z.number().finite(), z.boolean()]))
    .refine((evidence) => Object.keys(evidence).length <= 24, 'at most 24 evidence fields')
    // Only `text` holds more than MAX_STRING: a flood's code texts folded into one finding (page-protocol.ts).
    .refine(
      (evidence) =>
        Object.entries(evidence).every(([key, value]) => key === 'text' || typeof value !== 'string' || value.length <= MAX_STRING),
      `evidence fields other than text hold at most ${MAX_STRING} characters`,
    ),
  // A time a Date can hold (±8.64e15 ms): the saved evidence report writes each as a date, and one outside
  // that range threw there, every time, for the whole tab.
  at: z.number().finite().min(-8.64e15).max(8.64e15),
});

/** What a page needs of the site profile: selectors and patterns, never code. */
export const SiteProfileForPageSchema = z.strictObject({
  purchaseControlSelectors: z.array(shortString),
  quantitySelectors: z.array(shortString),
  sensitiveFieldSelectors: z.array(shortString),
  paymentFormSelectors: z.array(shortString),
  /** Where the shop states the per-buyer limit ("2 per buyer"): the quantity sensor reads the number. */
  limitMessageSelectors: z.array(shortString),
  /** The profile's per-buyer limit, 0 when the profile does not state one. */
  perBuyerLimit: z.number().int().nonnegative(),
  /** Origins of the shop and of the providers it loads itself: the MAIN-world attribution skips their frames. */
  firstPartyOrigins: z.array(shortString),
  trustedOrigins: z.array(shortString),
  /**
   * Literal beginnings of the cart/order URL patterns (path `/api/cart/` or URL `https://…/`): a cheap,
   * coarse pre-filter that lets the page hooks skip the stack capture for the shop's other requests.
   */
  requestPrefixes: z.array(shortString),
});
export type SiteProfileForPage = z.infer<typeof SiteProfileForPageSchema>;

export const HelloCStoBG = z.strictObject({
  type: z.literal('hello/cs-to-bg'),
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
});

/** The extension run the hello reply named (src/background/run-id.ts): absent until the reply came. */
const runId = z
  .string()
  .regex(/^[0-9a-f-]{36}$/)
  .optional();

export const FindingsCStoBG = z.strictObject({
  type: z.literal('findings/cs-to-bg'),
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
  runId,
  findings: z.array(FindingSchema).max(64),
});

/**
 * The top frame's MAIN-world hooks opened their private channel: from now on a request to the shop that
 * the hooks did not report came from a world Saq cannot hook (src/background/network-crosscheck.ts).
 */
export const HooksReadyCStoBG = z.strictObject({
  type: z.literal('hooks-ready/cs-to-bg'),
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
  runId,
  /** When the channel opened (ms since the epoch): requests that started earlier are not cross-checked. */
  at: z.number().finite().nonnegative(),
});
export type HooksReadyCStoBG = z.infer<typeof HooksReadyCStoBG>;

export const TabReportPopupToBG = z.strictObject({
  type: z.literal('tab-report/popup-to-bg'),
  tabId: z.number().int().nonnegative(),
});

/** The person dismisses the alarm an earlier page left in the tab's view (reply: TabReport after). */
export const DismissEarlierPopupToBG = z.strictObject({
  type: z.literal('dismiss-earlier/popup-to-bg'),
  tabId: z.number().int().nonnegative(),
});
export type DismissEarlierPopupToBG = z.infer<typeof DismissEarlierPopupToBG>;

/** "Check now" for the rules feed (reply: FeedStatusReply after the check). */
export const FeedCheckNowPopupToBG = z.strictObject({
  type: z.literal('feed-check-now/popup-to-bg'),
});

/** The rules feed's status for the popup and options page (reply: FeedStatusReply). */
export const FeedStatusPopupToBG = z.strictObject({
  type: z.literal('feed-status/popup-to-bg'),
});
export type FeedStatusPopupToBG = z.infer<typeof FeedStatusPopupToBG>;
/** Version, issued, expiry, last check and success, last error, stale reasons (src/shared/feed/refresh.ts). */
export type FeedStatusReply = import('./feed/refresh.ts').FeedStatus;

/** The popup asks for a tab's evidence report (reply: EvidenceReport from src/ui/evidence.ts). */
export const EvidenceReportPopupToBG = z.strictObject({
  type: z.literal('evidence-report/popup-to-bg'),
  tabId: z.number().int().nonnegative(),
});
export type EvidenceReportPopupToBG = z.infer<typeof EvidenceReportPopupToBG>;

/** The options page asks what Saq keeps (reply: StoredDataSummary). */
export const StoredDataPopupToBG = z.strictObject({ type: z.literal('stored-data/popup-to-bg') });
export type StoredDataPopupToBG = z.infer<typeof StoredDataPopupToBG>;
/** The options page deletes the person's data: settings, hidden-warning pages, findings of open tabs (reply: StoredDataSummary after). */
export const ClearDataPopupToBG = z.strictObject({ type: z.literal('clear-data/popup-to-bg') });
export type ClearDataPopupToBG = z.infer<typeof ClearDataPopupToBG>;
export interface StoredDataSummary {
  tabsWithFindings: number;
}

/**
 * Background → the in-page warning script it injected into the top frame's ISOLATED world: show the
 * warning with these texts, already in the person's language (the content script carries no locale files). The content script checks the
 * shape by hand (no zod there) with src/content/warning/command.ts.
 */
export const WarningBGtoCS = z.strictObject({
  type: z.literal('warning/bg-to-cs'),
  /** The page the verdicts are about: the warning's own tamper reports (banner-removed) go to it. */
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
  /**
   * Where that page was loaded, as the browser said when it first spoke ('' if only a frame of it did): the
   * key its dismissal is stored and checked under. Not the page's `location`, which its code can rewrite
   * (history.replaceState) to file the person's "hide" under another page, or show one hidden before.
   */
  pageUrl: shortString,
  severity: z.enum(['warning', 'danger', 'critical']),
  lang: z.enum(['kk', 'ru', 'en']),
  label: shortString,
  title: shortString,
  detail: shortString,
  hint: shortString,
  dismiss: shortString,
});
export type WarningBGtoCS = z.infer<typeof WarningBGtoCS>;

/**
 * The opt-in extension inventory (src/ui/InventoryPanel.tsx ↔ src/background/inventory.ts). The page
 * asks the browser for the optional `management` permission itself (a permission prompt needs the
 * person's click), then tells the background the person opted in or out. Reply: InventoryReply.
 */
export const InventoryPopupToBG = z.strictObject({
  type: z.literal('inventory/popup-to-bg'),
});
export type InventoryPopupToBG = z.infer<typeof InventoryPopupToBG>;

export const InventoryOptInPopupToBG = z.strictObject({
  type: z.literal('inventory-opt-in/popup-to-bg'),
  enabled: z.boolean(),
});
export type InventoryOptInPopupToBG = z.infer<typeof InventoryOptInPopupToBG>;

/** One installed extension that can reach the shop, or that a rule names, with what the rules say of it. */
export interface InventoryEntry {
  id: string;
  name: string;
  installType: string;
  enabled: boolean;
  shopAccess: boolean;
  /** The worst verdict's severity, null when no rule objects. */
  severity: import('./findings.ts').Severity | null;
  /** i18n keys of the rules' messages, worst first. */
  messageKeys: string[];
}

export interface InventoryReply {
  /** The browser granted the optional `management` permission. */
  granted: boolean;
  /** The person turned the check on (and has not turned it off). */
  optedIn: boolean;
  /** Empty unless both. Flagged extensions first. */
  extensions: InventoryEntry[];
}

export const ContentMessage = z.discriminatedUnion('type', [HelloCStoBG, FindingsCStoBG, HooksReadyCStoBG]);
export const ExtensionPageMessage = z.discriminatedUnion('type', [
  TabReportPopupToBG,
  DismissEarlierPopupToBG,
  FeedCheckNowPopupToBG,
  FeedStatusPopupToBG,
  EvidenceReportPopupToBG,
  StoredDataPopupToBG,
  ClearDataPopupToBG,
  InventoryPopupToBG,
  InventoryOptInPopupToBG,
]);

export type HelloCStoBG = z.infer<typeof HelloCStoBG>;
export type FindingsCStoBG = z.infer<typeof FindingsCStoBG>;
export type TabReportPopupToBG = z.infer<typeof TabReportPopupToBG>;
export type FeedCheckNowPopupToBG = z.infer<typeof FeedCheckNowPopupToBG>;

/** Reply to hello: the profile the page sensors need, and the extension run to name in later messages. */
export interface HelloReply {
  profile: SiteProfileForPage;
  runId?: string;
}

export const SeveritySchema = z.enum(SEVERITIES);

/** What the popup shows for a tab. */
export interface TabReport {
  tabId: number;
  pageUrl: string | null;
  verdicts: import('./findings.ts').Verdict[];
  severity: import('./findings.ts').Severity | null;
  findingCount: number;
  rulesVersion: string;
  /** When the tab left the page these verdicts are about (an alarm is kept past its page), or null. */
  leftAt: number | null;
  /** An earlier shop page's alarm the tab still shows (a helper may have reloaded or moved the page), or null. */
  earlier: EarlierReport | null;
}

export interface EarlierReport {
  pageUrl: string | null;
  /** When the tab left that page (ms since the epoch). */
  leftAt: number;
  verdicts: import('./findings.ts').Verdict[];
  severity: import('./findings.ts').Severity | null;
}
