/**
 * The evidence report a person can hand to the police or the bank: when, on which page, what Saq saw,
 * which scripts (URL and SHA-256), where data went, which extensions. Pure, so the privacy promise is
 * tested in Node: no cookies, passwords or form values (tests/unit/ui/evidence.test.ts feeds it a
 * stolen password and checks it is nowhere in the output).
 */
import type { Actor, EvidenceValue, Finding, Severity, Verdict } from '../shared/findings.ts';
import { severityRank } from '../shared/findings.ts';
import { LABEL_LIST, SEGMENT_LIST } from '../shared/secret-parts.ts';
import { wellFormed } from '../shared/well-formed.ts';
import { ruleText } from './explain.ts';
import { timesSeen } from './group-verdicts.ts';
import { namedPartsByAddress, type NamedParts } from './secret-parts.ts';
import type { Translate } from './translate.ts';

export const REPORT_FORMAT = 'saq-evidence-report/1';

export interface ReportFinding {
  /** When it was last judged: the finding whose evidence is shown. */
  at: string;
  /** When it was first judged, if more than once (null: once, at `at`). */
  firstAt: string | null;
  /** How many times it was judged on the page (the popup's "seen N times"). */
  seen: number;
  ruleId: string;
  severity: Severity;
  messageKey: string;
  kind: Finding['kind'];
  frameUrl: string | null;
  actor: Actor;
  evidence: Record<string, EvidenceValue>;
  /** Evidence fields left out because they could hold personal data (named, never copied). */
  withheld: string[];
  references: string[];
}

export interface EvidenceReport {
  format: typeof REPORT_FORMAT;
  createdAt: string;
  saqVersion: string;
  rulesVersion: string;
  browser: string;
  pageUrl: string | null;
  /** When the tab left that page for another site (Saq kept the alarm past it), or null while it shows it. */
  leftAt: string | null;
  severity: Severity | null;
  /** How many facts the sensors reported on this page, judged or not. */
  observationCount: number;
  findings: ReportFinding[];
  /**
   * Each script once, by its role: one that acted (a finding's actor) and one that was put in the page (an
   * inserted script's address or text hash) are different scripts, never paired in one entry.
   */
  scripts: ReportScript[];
  destinations: string[];
  extensionIds: string[];
  /** An earlier shop page in the tab whose alarm the tab still showed (a helper may reload the page after acting). */
  earlier: PageEvidence | null;
}

/** One page's part of the report. */
export interface ReportScript {
  role: 'acted' | 'inserted';
  url: string | null;
  sha256: string | null;
}

export type PageEvidence = Pick<
  EvidenceReport,
  'pageUrl' | 'leftAt' | 'severity' | 'observationCount' | 'findings' | 'scripts' | 'destinations' | 'extensionIds'
>;

export interface ReportInput {
  pageUrl: string | null;
  findingCount: number;
  verdicts: readonly Verdict[];
  /** When the tab left the page (ms since the epoch), if it did. */
  leftAt?: number | null;
  earlier?: (Omit<ReportInput, 'earlier'> & { leftAt: number }) | null;
}

export interface ReportContext {
  now: number;
  saqVersion: string;
  rulesVersion: string;
  browser: string;
}

/**
 * Evidence strings are copied only for keys known to hold facts about code and traffic (what, where,
 * which API, which control), never what a person typed or stored. An unknown string key is left out
 * and named in `withheld`: a new sensor field stays private until someone decides it is safe here
 * (tests/unit/ui/evidence.test.ts checks every string field of the evidence contract in rules/README.md
 * is either listed here or in WITHHELD_KEYS).
 */
export const FACT_KEYS: ReadonlySet<string> = new Set([
  'api',
  'asksFor',
  'change',
  'channel',
  'control',
  'endpoint',
  'event',
  'eventType',
  'extensionId',
  'field',
  'host',
  'how',
  'id',
  'installType',
  'marker',
  'method',
  'name',
  'phase',
  'pointer',
  'replacement',
  'requestType',
  'role',
  'scope',
  'secretLabels',
  'secretSegments',
  'seenBy',
  'sentTo',
  'sha256',
  'source',
  'src',
  'srcSecretLabels',
  'srcSecretSegments',
  'target',
  'url',
  'via',
  'what',
  'world',
]);
/** Contract fields that carry what the page or the person wrote (script and code text): never copied. */
export const WITHHELD_KEYS: ReadonlySet<string> = new Set(['text']);
/** Keys whose value is an address even when it comes without a scheme. */
const URL_KEYS: ReadonlySet<string> = new Set(['url', 'src', 'sentTo', 'host']);
/** Numbers and flags are facts (counts, rates, limits) unless the key names a secret (a PIN, a card number). */
const SECRET_KEY = /cookie|pass|pwd|secret|token|otp|sms|card|cvv|cvc|pin$|iin|phone|email|value|body|payload/i;
const MAX_STRING = 256;
/** A scheme followed by `//`: the address has an authority (host) part. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * Characters that change how the text around them reads without showing themselves: direction overrides and
 * isolates (U+202E turns "zk.knablanoitan.snioczak//:sptth" into the shop's address), zero-width marks.
 */
const INVISIBLE_FORMAT = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * A page's string as the report shows it: well-formed (a cut can split a surrogate pair, and the file would
 * not save) and with every invisible format character written out as its code (`\u202E`).
 */
export function readable(text: string): string {
  return wellFormed(text).replace(INVISIBLE_FORMAT, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * An address reduced to scheme, host and path: the query and fragment (where helpers put stolen values
 * and session tokens) and any user:password part are dropped. The path stays: for a Telegram bot it
 * names the fraudster's bot, which is what the police need. data:, blob: and javascript: addresses
 * keep only their scheme (the rest is content).
 */
export function safeUrl(value: string): string {
  return readable(addressPart(value, true));
}

/**
 * An address the finding says carries one of the page's secrets (a cookie or stored token, found in it by
 * content/isolated/secrets-in-url.ts): a helper puts the stolen value in the path as easily as in the query
 * (`https://collector/c/<session cookie>`), so only the scheme and host are kept.
 */
function secretFreeUrl(value: string): string {
  return readable(addressPart(value, false));
}

/** The finding's own word that its address may hold a secret: `carriesSecret`, or the network timeline's `afterSensitiveRead`. */
function addressCarriesSecret(evidence: Record<string, EvidenceValue>): boolean {
  return evidence.carriesSecret === true || (evidence.via === 'network' && evidence.afterSensitiveRead === true);
}

/**
 * Which evidence field names the secret parts of which address field (content/isolated/secret-sends.ts,
 * network-timeline.isolated.ts, script-addresses.ts): a request's `url` and `host`, an inserted script's `src`.
 */
const SEGMENTS_OF: Readonly<Record<string, string>> = { url: 'secretSegments', src: 'srcSecretSegments' };
const LABELS_OF: Readonly<Record<string, string>> = { url: 'secretLabels', host: 'secretLabels', src: 'srcSecretLabels' };

/**
 * The finding's address field `key` as the report may show it. Where the ISOLATED world named the path segments
 * that carry a secret — a cookie, or what the person typed into a password or SMS-code field, which no other field
 * tells (content/isolated/secret-segments.ts) — those become `…` and the rest stays: the bot in
 * `https://api.telegram.org/bot<token>/sendMessage/<password>` is what the police need. None named (`''`: the
 * secret was in the query or the body) keeps the whole path. A whole path named (`*`) or a list the report cannot
 * read keeps only the scheme and host; so does an address the finding says carries a secret with no word on its
 * segments (a finding stored before they were named). Named host labels become `…` too.
 */
function reportedAddress(value: string, evidence: Record<string, EvidenceValue>, key: string): string {
  return withoutLabels(addressWithoutSecretPath(value, evidence, key), namedPart(evidence, LABELS_OF[key]));
}

function namedPart(evidence: Record<string, EvidenceValue>, key: string | undefined): EvidenceValue | undefined {
  return key === undefined ? undefined : evidence[key];
}

/**
 * A script's address as the report and the popup show it: scheme, host and path (safeUrl), with the parts named as
 * carrying a secret (`parts`: for the page, every part any of its findings named: ui/secret-parts.ts) as `…`.
 */
export function shownScriptAddress(url: string, parts: NamedParts): string {
  return withoutLabels(pathShown(url, parts.segments, false), parts.labels);
}

/** An address as the report shows it (`scheme://host/path`, `scheme:`, or a bare host): scheme, host, the rest. */
const SHOWN_PARTS = /^([a-z][a-z0-9+.-]*:(?:\/\/)?)?([^/]*)(.*)$/is;

/**
 * The address with each host label the ISOLATED world named (content/isolated/secret-segments.ts, `secretLabels`) as
 * `…`: a helper that puts the cookie or the password in a subdomain of its own (`<cookie>.collector.test`) gets the
 * rest of its name in the report, not the secret. A list the report cannot read, or `*`, leaves out the whole host.
 */
function withoutLabels(shown: string, named: EvidenceValue | undefined): string {
  if (named === undefined) return shown;
  const [, scheme = '', host = '', rest = ''] = SHOWN_PARTS.exec(shown) ?? [];
  if (typeof named !== 'string' || !LABEL_LIST.test(named) || named === '*') return `${scheme}…${rest}`;
  const left = new Set(named.split(',').map(Number));
  return `${scheme}${host
    .split('.')
    .map((label, index) => (left.has(index) ? '…' : label))
    .join('.')}${rest}`;
}

function addressWithoutSecretPath(value: string, evidence: Record<string, EvidenceValue>, key: string): string {
  return pathShown(value, namedPart(evidence, SEGMENTS_OF[key]), addressCarriesSecret(evidence));
}

/** `value` with the `named` path segments as `…`; none named: the whole path, or none when it `carries` a secret. */
function pathShown(value: string, named: EvidenceValue | undefined, carries: boolean): string {
  if (named === undefined) return carries ? secretFreeUrl(value) : safeUrl(value);
  const masked = typeof named === 'string' && SEGMENT_LIST.test(named) ? withoutSegments(value, named) : null;
  return masked ?? secretFreeUrl(value);
}

/** An address with each named path segment replaced by `…`, or null when it is not one with a host. */
function withoutSegments(value: string, named: string): string | null {
  const kept = addressPart(value, true);
  if (!AUTHORITY.test(kept)) return null;
  const url = new URL(kept);
  const left = new Set(named === '' ? [] : named.split(',').map(Number));
  const path = url.pathname
    .split('/')
    .map((segment, index) => (left.has(index) && segment !== '' ? '…' : segment))
    .join('/');
  return readable(`${url.protocol}//${url.host}${path}`.slice(0, MAX_STRING));
}

function addressPart(raw: string, withPath: boolean): string {
  // As the URL parser reads it: leading and trailing controls and spaces dropped, tabs and newlines removed
  // anywhere — or " data:…" and "ja\tvascript:…" would keep their content past the scheme check.
  // eslint-disable-next-line no-control-regex -- the C0 controls are exactly what the URL parser strips
  const value = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'data' || scheme === 'blob' || scheme === 'javascript') return `${scheme}:…`;
  try {
    const url = new URL(value.startsWith('//') ? `https:${value}` : value);
    // An address with no authority part (a WebRTC server's `turn:relay.example:3478`) is written as one.
    if (url.host === '' && !AUTHORITY.test(value) && !value.startsWith('//'))
      return withPath ? `${url.protocol}${url.pathname}`.slice(0, MAX_STRING) : url.protocol;
    return `${url.protocol}//${url.host}${withPath ? url.pathname : ''}`.slice(0, MAX_STRING);
  } catch {
    // Not an address: cut at the first sign of a query so "host/path?secret" cannot slip through.
    const head = value.split(/[?#]/)[0]!;
    return (withPath ? head : head.split('/')[0]!).slice(0, MAX_STRING);
  }
}

function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//');
}

export function safeEvidence(evidence: Record<string, EvidenceValue>): { evidence: Record<string, EvidenceValue>; withheld: string[] } {
  const out: Record<string, EvidenceValue> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (typeof value === 'string') {
      if (!FACT_KEYS.has(key)) withheld.push(key);
      else if (looksLikeUrl(value) || URL_KEYS.has(key)) {
        const kept = safeUrl(value);
        const pathShown = addressWithoutSecretPath(value, evidence, key);
        const shown = reportedAddress(value, evidence, key);
        out[key] = shown;
        // Said when a path was there to leave out ("https://host/" has none), or a part of it; and a part of the host.
        if (pathShown.includes('…') && !kept.includes('…')) withheld.push(`${key} (part of path)`);
        else if (pathShown !== kept && `${pathShown}/` !== kept) withheld.push(`${key} (path)`);
        if (shown !== pathShown) withheld.push(`${key} (part of host)`);
      } else out[key] = readable(value.slice(0, MAX_STRING));
    } else if (SECRET_KEY.test(key) && !/(Length|Count|Size)$/.test(key)) {
      withheld.push(key);
    } else {
      out[key] = value;
    }
  }
  return { evidence: out, withheld };
}

function safeActor(actor: Actor, partsOf: (address: string) => NamedParts): Actor {
  const out: Actor = { type: actor.type };
  if (actor.url) out.url = shownScriptAddress(actor.url, partsOf(actor.url));
  if (actor.sha256) out.sha256 = actor.sha256;
  if (actor.extensionId) out.extensionId = actor.extensionId;
  return out;
}

/** An inserted script's `src` with every part the page's findings named for that address (ui/secret-parts.ts). */
function withPageParts(evidence: Record<string, EvidenceValue>, partsOf: (address: string) => NamedParts): Record<string, EvidenceValue> {
  if (typeof evidence.src !== 'string' || evidence.src === '') return evidence;
  const { segments, labels } = partsOf(evidence.src);
  if (segments === undefined && labels === undefined) return evidence;
  return {
    ...evidence,
    ...(segments !== undefined ? { srcSecretSegments: segments } : {}),
    ...(labels !== undefined ? { srcSecretLabels: labels } : {}),
  };
}

function destinationOf(finding: Finding): string | null {
  if (finding.kind !== 'exfiltration' && !(finding.kind === 'sensitive-read' && finding.evidence.sentTo)) return null;
  const key = ['url', 'sentTo', 'host'].find((name) => finding.evidence[name] !== undefined);
  const target = key === undefined ? undefined : finding.evidence[key];
  if (typeof target !== 'string' || !target) return null;
  return reportedAddress(target, finding.evidence, key!);
}

/** A stored time a Date can hold (storage is read as given). */
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15;

export function buildEvidenceReport(input: ReportInput, context: ReportContext): EvidenceReport {
  return {
    format: REPORT_FORMAT,
    createdAt: new Date(context.now).toISOString(),
    saqVersion: context.saqVersion,
    rulesVersion: context.rulesVersion,
    browser: context.browser,
    ...pageEvidence(input),
    earlier: input.earlier ? pageEvidence(input.earlier) : null,
  };
}

function pageEvidence(input: ReportInput): PageEvidence {
  const ordered = [...input.verdicts].sort((a, b) => a.finding.at - b.finding.at);
  const partsOf = namedPartsByAddress(ordered.map((verdict) => verdict.finding));
  const scripts = new Map<string, ReportScript>();
  const noteScript = (role: ReportScript['role'], url: string | null, sha256: string | null): void => {
    if (url || sha256) scripts.set(`${role}|${url}|${sha256}`, { role, url, sha256 });
  };
  const destinations = new Set<string>();
  const extensionIds = new Set<string>();
  let worst: Severity | null = null;
  const findings = ordered.map((verdict): ReportFinding => {
    const { finding } = verdict;
    if (worst === null || severityRank(verdict.severity) > severityRank(worst)) worst = verdict.severity;
    const actor = safeActor(finding.actor, partsOf);
    const { evidence, withheld } = safeEvidence(withPageParts(finding.evidence, partsOf));
    noteScript('acted', actor.url || null, actor.sha256 || null);
    if (finding.kind === 'script-inserted')
      noteScript(
        'inserted',
        (typeof evidence.src === 'string' && evidence.src) || null,
        (typeof evidence.sha256 === 'string' && evidence.sha256) || null,
      );
    const destination = destinationOf(finding);
    if (destination) destinations.add(destination);
    if (actor.extensionId) extensionIds.add(actor.extensionId);
    if (typeof finding.evidence.extensionId === 'string') extensionIds.add(finding.evidence.extensionId);
    const seen = timesSeen(verdict);
    return {
      at: new Date(finding.at).toISOString(),
      firstAt: seen > 1 && isTime(verdict.firstAt) && verdict.firstAt <= finding.at ? new Date(verdict.firstAt).toISOString() : null,
      seen,
      ruleId: verdict.ruleId,
      severity: verdict.severity,
      messageKey: verdict.messageKey,
      kind: finding.kind,
      frameUrl: finding.frameUrl ? safeUrl(finding.frameUrl) : null,
      actor,
      evidence,
      withheld,
      references: verdict.references.map(safeUrl),
    };
  });
  return {
    pageUrl: input.pageUrl ? safeUrl(input.pageUrl) : null,
    leftAt: typeof input.leftAt === 'number' ? new Date(input.leftAt).toISOString() : null,
    severity: worst,
    observationCount: input.findingCount,
    findings,
    scripts: [...scripts.values()],
    destinations: [...destinations],
    extensionIds: [...extensionIds],
  };
}

/** A file name that sorts by time and says what it is, e.g. saq-report-2026-11-02T10-15-00Z.json. */
export function reportFileName(report: EvidenceReport, extension: 'json' | 'html'): string {
  return `saq-report-${report.createdAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.${extension}`;
}

/** The JSON copy: the report plus each finding's explanation in the person's language. */
type ExplainedFinding = ReportFinding & { explanation: string };

export interface ExplainedReport extends EvidenceReport {
  language: string;
  findings: ExplainedFinding[];
  earlier: (PageEvidence & { findings: ExplainedFinding[] }) | null;
}

export function explainReport(report: EvidenceReport, t: Translate, language: string): ExplainedReport {
  const explained = (findings: readonly ReportFinding[]): ExplainedFinding[] =>
    findings.map((finding) => ({ ...finding, explanation: ruleText(t, finding.messageKey, finding.ruleId) }));
  return {
    ...report,
    language,
    findings: explained(report.findings),
    earlier: report.earlier ? { ...report.earlier, findings: explained(report.earlier.findings) } : null,
  };
}

export function reportJson(report: EvidenceReport, t: Translate, language: string): string {
  return JSON.stringify(explainReport(report, t, language), null, 2) + '\n';
}
