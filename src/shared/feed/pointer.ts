/**
 * The timestamp role's pointer: a small, short-lived document naming the current rules blob by
 * version, exact length and SHA-256. Its short expiry is what turns a frozen feed into a visible
 * "stale" instead of silently old rules.
 */
import { z } from 'zod';
import { FeedError } from './errors.ts';
import type { JsonValue } from './strict-json.ts';
import { dateSchema, feedIdSchema, hex64Schema, parsePayload, readHeader, versionSchema } from './payload.ts';
import type { PayloadHeader } from './payload.ts';

export const MAX_POINTER_BYTES = 8 * 1024;
export const MAX_RULES_BYTES = 4 * 1024 * 1024;

const pointerSchema = z.strictObject({
  _type: z.literal('timestamp'),
  feed_id: feedIdSchema,
  version: versionSchema,
  issued: dateSchema,
  expires: dateSchema,
  rules: z.strictObject({
    version: versionSchema,
    length: z.number().int().min(1).max(MAX_RULES_BYTES),
    sha256: hex64Schema,
    path: z.string(),
  }),
  min_interval_s: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export interface Pointer extends PayloadHeader {
  rules: { version: number; length: number; sha256: string; path: string };
  /** Server-requested minimum refresh interval, in seconds, before clamping. */
  minIntervalS: number | undefined;
}

/** Content-addressed blob path; the pointer must name exactly this, so it cannot point elsewhere. */
export function rulesPath(version: number, sha256: string): string {
  return `rules/${version}.${sha256}.rules.json`;
}

export function parsePointerPayload(doc: JsonValue, feedId: string): Pointer {
  const p = parsePayload(doc, 'timestamp', 'timestamp', feedId, pointerSchema);
  if (p.rules.path !== rulesPath(p.rules.version, p.rules.sha256)) {
    throw new FeedError('BAD_PAYLOAD', 'rules.path must be rules/<version>.<sha256>.rules.json', '$.rules.path');
  }
  return { ...readHeader(p), rules: { ...p.rules }, minIntervalS: p.min_interval_s };
}
