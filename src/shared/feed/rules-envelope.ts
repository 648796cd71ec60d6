/**
 * The rules role's payload: a header plus an opaque `body` (the rule set, whose schema the rules
 * engine owns). This module only checks what the feed needs: schema major, minimum client.
 */
import { z } from 'zod';
import { FeedError } from './errors.ts';
import type { JsonObject, JsonValue } from './strict-json.ts';
import { dateSchema, feedIdSchema, isJsonObject, parsePayload, readHeader, versionSchema } from './payload.ts';
import type { PayloadHeader } from './payload.ts';

const semver = /^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;

const rulesSchema = z.strictObject({
  _type: z.literal('rules'),
  feed_id: feedIdSchema,
  version: versionSchema,
  issued: dateSchema,
  expires: dateSchema,
  schema: z.number().int().min(1).max(1000),
  min_client: z.string().regex(semver).optional(),
  body: z.record(z.string(), z.unknown()),
});

export interface RulesPayload extends PayloadHeader {
  schema: number;
  minClient: string | undefined;
  body: JsonObject;
}

export function parseRulesPayload(doc: JsonValue, feedId: string): RulesPayload {
  const p = parsePayload(doc, 'rules', 'rules', feedId, rulesSchema);
  // Keep the strict parser's object itself (zod's copy is typed `unknown`).
  const body = isJsonObject(doc) ? doc.body : undefined;
  if (!isJsonObject(body)) throw new FeedError('BAD_PAYLOAD', 'body must be an object', '$.body');
  return { ...readHeader(p), schema: p.schema, minClient: p.min_client, body };
}

/** Numeric semver comparison: negative when a < b. Both already match the strict pattern. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Refuse rules this client cannot understand, before they replace rules it can. */
export function checkRulesCompatible(r: RulesPayload, supportedSchemas: readonly number[], clientVersion: string): void {
  if (!supportedSchemas.includes(r.schema)) {
    throw new FeedError('UNSUPPORTED_SCHEMA', `rules schema ${r.schema} not supported (have ${supportedSchemas.join(', ')})`, '$.schema');
  }
  if (r.minClient !== undefined && semver.test(clientVersion) && compareVersions(clientVersion, r.minClient) < 0) {
    throw new FeedError('CLIENT_TOO_OLD', `rules need client ${r.minClient}, this is ${clientVersion}`, '$.min_client');
  }
}
