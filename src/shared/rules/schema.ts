/**
 * The rule-set body (schema 1): site profile, indicators, thresholds and rules — data only.
 * Strict everywhere: an unknown field is a typo or a newer format, and either way the set is refused
 * rather than half-understood. The one planned exception: a rule whose `kind` this client does not
 * know is skipped when it says `"optional": true` (feed-design row 57).
 */
import { z } from 'zod';
import { ACTOR_TYPES, FINDING_KINDS, SEVERITIES, type FindingKind } from '../findings.ts';
import { FindingSchema } from '../protocol.ts';
import { parseFeedDate } from '../feed/dates.ts';
import { RuleSetError, formatPath } from './errors.ts';
import { ORIGIN_CLASSES } from './url.ts';

export const RULE_SET_SCHEMA_VERSION = 1;

const SNAKE = /^[a-z][a-z0-9_]*$/;
const HOST = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

const text = (max: number) => z.string().min(1).max(max);
const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);

const HostSchema = z.string().regex(HOST, 'must be a lower-case host name like api.telegram.org');
const OriginSchema = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an origin like https://host[:port], with no path');
// Longer than the pattern budget on purpose: compilePattern reports the budget with a clearer message.
const PatternSourceSchema = text(65_536);
const SelectorSchema = text(512);
const RuleIdSchema = text(64);
const UtcSchema = z.string().refine((value) => {
  try {
    parseFeedDate(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a UTC time YYYY-MM-DDTHH:MM:SSZ');
const HttpsUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && value.startsWith('https://'), 'must be an https:// URL');

export const SiteProfileSchema = z.strictObject({
  shop_hosts: z.array(HostSchema).min(1),
  first_party_origins: z.array(OriginSchema).min(1),
  trusted_third_party_origins: list(OriginSchema),
  cart_url_patterns: list(PatternSourceSchema),
  order_url_patterns: list(PatternSourceSchema),
  checkout_url_patterns: list(PatternSourceSchema),
  purchase_control_selectors: list(SelectorSchema),
  quantity_selectors: list(SelectorSchema),
  limit_message_selectors: list(SelectorSchema),
  sensitive_field_selectors: list(SelectorSchema),
  payment_form_selectors: list(SelectorSchema),
  per_buyer_limit: z.number().int().positive().optional(),
});
export type SiteProfile = z.infer<typeof SiteProfileSchema>;

/** Each indicator group belongs to one rule, which says in its `when` which indicator types it uses. */
const group = <T extends z.ZodType>(value: T) => z.strictObject({ rule: RuleIdSchema, values: z.array(value).min(1) });
export const INDICATOR_TYPES = ['host', 'host_suffix', 'url_pattern', 'sha256', 'code_token', 'extension_id'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const IndicatorsSchema = z.strictObject({
  hosts: list(group(HostSchema)),
  host_suffixes: list(group(HostSchema)),
  url_patterns: list(group(PatternSourceSchema)),
  sha256: list(group(z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'))),
  code_tokens: list(group(text(256))),
  extension_ids: list(group(z.string().regex(/^[A-Za-z0-9@._{}-]{1,128}$/, 'must be an extension id'))),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;
/** Which `indicators` list holds each indicator type. */
export const INDICATOR_LIST: Record<IndicatorType, keyof Indicators> = {
  host: 'hosts',
  host_suffix: 'host_suffixes',
  url_pattern: 'url_patterns',
  sha256: 'sha256',
  code_token: 'code_tokens',
  extension_id: 'extension_ids',
};

const PrimitiveSchema = z.union([z.string().max(2048), z.number(), z.boolean()]);
const ThresholdRefSchema = z.strictObject({ threshold: z.string().regex(SNAKE, 'threshold names are snake_case') });
const BoundSchema = z.union([z.number(), ThresholdRefSchema]);
const OriginClassSchema = z.enum(ORIGIN_CLASSES);
const FieldNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'evidence field names are camelCase');

/** Tests on one evidence field; every test given must hold. */
export const FieldTestSchema = z
  .strictObject({
    exists: z.boolean().optional(),
    equals: PrimitiveSchema.optional(),
    in: z.array(PrimitiveSchema).min(1).max(64).optional(),
    not_in: z.array(PrimitiveSchema).min(1).max(64).optional(),
    gte: BoundSchema.optional(),
    lte: BoundSchema.optional(),
    /** Greater than another numeric evidence field (quantity > limit). */
    gt_field: FieldNameSchema.optional(),
    /** The field is a URL (resolved against the page URL); its origin class. */
    url_origin: z.array(OriginClassSchema).min(1).optional(),
    url_origin_not: z.array(OriginClassSchema).min(1).optional(),
    url_scheme: z
      .array(z.string().regex(/^[a-z][a-z0-9+.-]*$/))
      .min(1)
      .optional(),
    url_pattern: z.array(PatternSourceSchema).min(1).max(64).optional(),
    url_profile: z
      .array(z.enum(['cart', 'order', 'checkout']))
      .min(1)
      .optional(),
    /** The field matches one of this rule's indicators of these types. */
    in_indicators: z.array(z.enum(INDICATOR_TYPES)).min(1).optional(),
  })
  .refine((test) => Object.keys(test).length > 0, 'a field test needs at least one condition');
export type FieldTest = z.infer<typeof FieldTestSchema>;

/** All conditions given must hold (AND). Alternatives are separate rules with their own ids. */
export const WhenSchema = z.strictObject({
  actor_type: z.array(z.enum(ACTOR_TYPES)).min(1).optional(),
  actor_type_not: z.array(z.enum(ACTOR_TYPES)).min(1).optional(),
  actor_origin: z.array(OriginClassSchema).min(1).optional(),
  actor_origin_not: z.array(OriginClassSchema).min(1).optional(),
  /** The actor (url host / url / sha256 / extension id) matches one of this rule's indicators. */
  actor_in_indicators: z
    .array(z.enum(['host', 'host_suffix', 'url_pattern', 'sha256', 'extension_id']))
    .min(1)
    .optional(),
  evidence: z.record(FieldNameSchema, FieldTestSchema).optional(),
});
export type When = z.infer<typeof WhenSchema>;

export const SampleFindingSchema = FindingSchema.extend({ frameUrl: z.string().max(2048).optional() });

export const RuleSchema = z
  .strictObject({
    id: RuleIdSchema,
    kind: z.enum(FINDING_KINDS),
    severity: z.enum(SEVERITIES),
    message: text(128),
    references: z.array(HttpsUrlSchema).max(16),
    when: WhenSchema,
    allow: z.literal(true).optional(),
    expires: UtcSchema.optional(),
    /** Allow rules only: the rule ids they silence; absent = every verdict for the finding. */
    suppresses: z.array(RuleIdSchema).min(1).optional(),
    optional: z.boolean().optional(),
    samples: z.strictObject({
      positive: z.array(SampleFindingSchema).min(1).max(32),
      negative: z.array(SampleFindingSchema).min(1).max(32),
    }),
  })
  .superRefine((rule, ctx) => {
    if (rule.allow && rule.expires === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'an allow rule must expire (a frozen allowlist is an attack)' });
    }
    if (!rule.allow && rule.expires !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'only allow rules expire' });
    }
    if (!rule.allow && rule.suppresses !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['suppresses'], message: 'only allow rules suppress' });
    }
  });
export type Rule = z.infer<typeof RuleSchema>;

/** The body with `rules` left raw: each rule is checked on its own so optional unknown kinds can be skipped. */
const BodyShellSchema = z.strictObject({
  schema: z.literal(RULE_SET_SCHEMA_VERSION),
  site_profile: SiteProfileSchema,
  indicators: IndicatorsSchema.default(IndicatorsSchema.parse({})),
  thresholds: z.record(z.string().regex(SNAKE, 'threshold names are snake_case'), z.number().nonnegative()).default({}),
  rules: z.array(z.unknown()),
});

export interface RuleSetBody {
  schema: typeof RULE_SET_SCHEMA_VERSION;
  site_profile: SiteProfile;
  indicators: Indicators;
  thresholds: Record<string, number>;
  rules: Rule[];
}

export interface ParsedRuleSet {
  body: RuleSetBody;
  /** Rules skipped because their kind is unknown here and they are marked optional. */
  skipped: { path: string; id: string; kind: string }[];
}

function fail(error: z.ZodError, prefix: readonly PropertyKey[]): never {
  const issue = error.issues[0];
  const path = formatPath([...prefix, ...(issue?.path ?? [])]);
  throw new RuleSetError(path, issue?.message ?? 'invalid');
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(FINDING_KINDS);

export function isKnownKind(kind: unknown): kind is FindingKind {
  return typeof kind === 'string' && KNOWN_KINDS.has(kind);
}

/** Validates shape only (no budgets, no cross-references: see compile.ts). Throws RuleSetError. */
export function parseRuleSetBody(input: unknown): ParsedRuleSet {
  const shell = BodyShellSchema.safeParse(input);
  if (!shell.success) fail(shell.error, []);
  const rules: Rule[] = [];
  const skipped: ParsedRuleSet['skipped'] = [];
  shell.data.rules.forEach((raw, index) => {
    const prefix = ['rules', index];
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const { kind, optional, id } = raw as Record<string, unknown>;
      if (typeof kind === 'string' && !isKnownKind(kind)) {
        if (optional === true) {
          skipped.push({ path: formatPath(prefix), id: String(id), kind });
          return;
        }
        throw new RuleSetError(
          formatPath([...prefix, 'kind']),
          `unknown finding kind "${kind}"; a newer rule may say "optional": true so older clients skip it`,
        );
      }
    }
    const rule = RuleSchema.safeParse(raw);
    if (!rule.success) fail(rule.error, prefix);
    rules.push(rule.data);
  });
  return { body: { ...shell.data, rules }, skipped };
}
