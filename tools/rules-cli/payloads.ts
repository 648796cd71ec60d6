/**
 * The signed payloads, serialised deterministically: fixed field order, compact JSON, keys and
 * keyids sorted. Identical input ⇒ identical bytes ⇒ identical hash, so `build` is reproducible
 * and a rules blob's content address is stable across machines.
 */
import { formatFeedDate } from '../../src/shared/feed/dates.ts';
import { rulesPath } from '../../src/shared/feed/pointer.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import type { RoleName } from '../../src/shared/feed/payload.ts';
import { ROLE_NAMES } from '../../src/shared/feed/payload.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Feed dates have whole seconds. */
export function feedDate(ms: number): string {
  return formatFeedDate(Math.floor(ms / 1000) * 1000);
}

export interface RootDraft {
  feedId: string;
  version: number;
  issued: number;
  expires: number;
  keys: Record<string, { keytype: string; public: string }>;
  roles: Record<RoleName, { keyids: string[]; threshold: number }>;
}

export function rootPayload(d: RootDraft): JsonObject {
  const keys: JsonObject = {};
  for (const id of Object.keys(d.keys).sort()) keys[id] = { keytype: d.keys[id]!.keytype, public: d.keys[id]!.public };
  const roles: JsonObject = {};
  for (const r of ROLE_NAMES) roles[r] = { keyids: [...d.roles[r].keyids].sort(), threshold: d.roles[r].threshold };
  return { _type: 'root', feed_id: d.feedId, version: d.version, issued: feedDate(d.issued), expires: feedDate(d.expires), keys, roles };
}

export interface RulesSpec {
  feedId: string;
  version: number;
  issued: number;
  expires: number;
  schema: number;
  minClient?: string;
  body: JsonObject;
}

export function rulesPayload(s: RulesSpec): JsonObject {
  const p: JsonObject = {
    _type: 'rules',
    feed_id: s.feedId,
    version: s.version,
    issued: feedDate(s.issued),
    expires: feedDate(s.expires),
    schema: s.schema,
  };
  if (s.minClient !== undefined) p.min_client = s.minClient;
  p.body = s.body;
  return p;
}

export interface PointerSpec {
  feedId: string;
  version: number;
  issued: number;
  expires: number;
  rules: { version: number; length: number; sha256: string };
  minIntervalS?: number;
}

export function pointerPayload(s: PointerSpec): JsonObject {
  const p: JsonObject = {
    _type: 'timestamp',
    feed_id: s.feedId,
    version: s.version,
    issued: feedDate(s.issued),
    expires: feedDate(s.expires),
    rules: { version: s.rules.version, length: s.rules.length, sha256: s.rules.sha256, path: rulesPath(s.rules.version, s.rules.sha256) },
  };
  if (s.minIntervalS !== undefined) p.min_interval_s = s.minIntervalS;
  return p;
}
