/**
 * Every runtime message between extension contexts, one zod schema each, named by direction
 * (CStoBG: content script → background; PopupToBG: popup/options → background; BGtoCS: background →
 * content script). Parsed at the receiving end; content scripts import only the types (no zod there).
 */
import { z } from 'zod';
import { ACTOR_TYPES, FINDING_KINDS, SEVERITIES } from './findings.ts';

const shortString = z.string().max(2048);

export const ActorSchema = z.strictObject({
  type: z.enum(ACTOR_TYPES),
  url: shortString.optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  extensionId: z.string().max(128).optional(),
});

export const FindingSchema = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  actor: ActorSchema,
  evidence: z
    .record(z.string().max(64), z.union([shortString, z.number().finite(), z.boolean()]))
    .refine((evidence) => Object.keys(evidence).length <= 24, 'at most 24 evidence fields'),
  at: z.number().finite(),
});

/** What a page needs of the site profile: selectors and patterns, never code. */
export const SiteProfileForPageSchema = z.strictObject({
  purchaseControlSelectors: z.array(shortString),
  quantitySelectors: z.array(shortString),
  sensitiveFieldSelectors: z.array(shortString),
  paymentFormSelectors: z.array(shortString),
});
export type SiteProfileForPage = z.infer<typeof SiteProfileForPageSchema>;

export const HelloCStoBG = z.strictObject({
  type: z.literal('hello/cs-to-bg'),
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
});

export const FindingsCStoBG = z.strictObject({
  type: z.literal('findings/cs-to-bg'),
  pageId: z.string().regex(/^[0-9a-f-]{36}$/),
  findings: z.array(FindingSchema).max(64),
});

export const TabReportPopupToBG = z.strictObject({
  type: z.literal('tab-report/popup-to-bg'),
  tabId: z.number().int().nonnegative(),
});

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

/**
 * Background → the top frame's ISOLATED script: show the in-page warning with these texts, already in
 * the person's language (the content script carries no locale files). The content script checks the
 * shape by hand (no zod there) with src/content/warning/command.ts.
 */
export const WarningBGtoCS = z.strictObject({
  type: z.literal('warning/bg-to-cs'),
  severity: z.enum(['warning', 'danger', 'critical']),
  lang: z.enum(['kk', 'ru', 'en']),
  label: shortString,
  title: shortString,
  detail: shortString,
  hint: shortString,
  dismiss: shortString,
});
export type WarningBGtoCS = z.infer<typeof WarningBGtoCS>;

export const ContentMessage = z.discriminatedUnion('type', [HelloCStoBG, FindingsCStoBG]);
export const ExtensionPageMessage = z.discriminatedUnion('type', [
  TabReportPopupToBG,
  FeedCheckNowPopupToBG,
  FeedStatusPopupToBG,
  EvidenceReportPopupToBG,
]);

export type HelloCStoBG = z.infer<typeof HelloCStoBG>;
export type FindingsCStoBG = z.infer<typeof FindingsCStoBG>;
export type TabReportPopupToBG = z.infer<typeof TabReportPopupToBG>;
export type FeedCheckNowPopupToBG = z.infer<typeof FeedCheckNowPopupToBG>;

/** Reply to hello: the profile the page sensors need. */
export interface HelloReply {
  profile: SiteProfileForPage;
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
}
