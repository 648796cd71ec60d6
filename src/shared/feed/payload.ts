/**
 * What every signed payload shares (`_type`, `feed_id`, `version`, `issued`, `expires`) and the one
 * place schema failures become FeedErrors. Unknown top-level fields are rejected (v1 policy, the
 * same in client and CLI) so a field can never mean something to one and nothing to the other.
 */
import { z } from 'zod';
import { FeedError } from './errors.ts';
import { parseFeedDate } from './dates.ts';
import type { JsonObject, JsonValue } from './strict-json.ts';

export type RoleName = 'root' | 'timestamp' | 'rules';
export const ROLE_NAMES: readonly RoleName[] = ['root', 'timestamp', 'rules'];

/** DSSE payload types: bound into every signature by PAE, so an envelope cannot change role. */
export const PAYLOAD_TYPES: Record<RoleName, string> = {
  root: 'application/vnd.saq.root+json',
  timestamp: 'application/vnd.saq.timestamp+json',
  rules: 'application/vnd.saq.rules+json',
};

export const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
export const hex64Schema = z.string().regex(/^[0-9a-f]{64}$/);
export const feedIdSchema = z.string().regex(/^[a-z0-9][a-z0-9.:_-]{0,127}$/);

/** The common header, dates already converted to epoch milliseconds. */
export interface PayloadHeader {
  feedId: string;
  version: number;
  issued: number;
  expires: number;
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Check `_type` and `feed_id` first with their own codes (type confusion and cross-feed replay are
 * attacks worth naming), then the full schema.
 */
export function parsePayload<S extends z.ZodType>(
  doc: JsonValue,
  role: RoleName,
  expectedType: string,
  feedId: string,
  schema: S,
): z.infer<S> {
  if (!isJsonObject(doc)) throw new FeedError('BAD_PAYLOAD', 'payload must be an object', '$');
  if (doc._type !== expectedType) throw new FeedError('WRONG_TYPE', `expected _type ${expectedType} for ${role}`, '$._type');
  if (doc.feed_id !== feedId) throw new FeedError('WRONG_FEED', `expected feed_id ${feedId}`, '$.feed_id');
  const result = schema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue ? '$' + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '$';
    throw new FeedError('BAD_PAYLOAD', issue?.message ?? 'invalid payload', path);
  }
  return result.data;
}

export function readHeader(p: { feed_id: string; version: number; issued: string; expires: string }): PayloadHeader {
  const issued = parseFeedDate(p.issued, '$.issued');
  const expires = parseFeedDate(p.expires, '$.expires');
  if (expires <= issued) throw new FeedError('BAD_PAYLOAD', 'expires must be after issued', '$.expires');
  return { feedId: p.feed_id, version: p.version, issued, expires };
}
