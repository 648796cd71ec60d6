/**
 * A root being prepared: an envelope file whose payload is the next root and whose signatures are
 * added one holder at a time (`root sign`). Editing the payload drops the signatures (they covered
 * the old bytes); an edit that leaves the payload byte for byte as it was leaves the file alone, so
 * a repeated or no-op edit does not cost the holders their signatures. Every edit is re-validated
 * with the client's own root parser, so a draft that no client would accept (threshold above the key
 * count, a key under two ids) is refused at once.
 */
import { parseFeedDate } from '../../src/shared/feed/dates.ts';
import { bytesEqual } from '../../src/shared/feed/encoding.ts';
import { PAYLOAD_TYPES, ROLE_NAMES } from '../../src/shared/feed/payload.ts';
import type { RoleName } from '../../src/shared/feed/payload.ts';
import { parseRootPayload } from '../../src/shared/feed/root.ts';
import type { Root } from '../../src/shared/feed/root.ts';
import { parseStrictJson } from '../../src/shared/feed/strict-json.ts';
import { inputError, toCliError, usageError } from './cli-error.ts';
import { decodeEnvelope, encodeEnvelope, payloadObject, unsignedEnvelope } from './envelope-file.ts';
import type { EnvelopeFile } from './envelope-file.ts';
import { display, fileExists, readBytes, writeBytes } from './files.ts';
import type { Io } from './io.ts';
import { rootPayload } from './payloads.ts';
import type { RootDraft } from './payloads.ts';
import type { RootChain } from './root-dir.ts';

export const DEFAULT_ROOT_EXPIRES_DAYS = 365;

export function roleName(value: string): RoleName {
  if (!(ROLE_NAMES as readonly string[]).includes(value)) throw usageError(`--role must be one of ${ROLE_NAMES.join(', ')}`);
  return value as RoleName;
}

/** The payload of a root envelope as an editable draft. */
export function draftFromEnvelope(env: EnvelopeFile, name: string): RootDraft {
  if (env.payloadType !== PAYLOAD_TYPES.root) throw inputError(`${name}: payloadType: not a root document`);
  const doc = payloadObject(env, name) as unknown as {
    feed_id: string;
    version: number;
    issued: string;
    expires: string;
    keys: RootDraft['keys'];
    roles: RootDraft['roles'];
  };
  try {
    return {
      feedId: doc.feed_id,
      version: doc.version,
      issued: parseFeedDate(doc.issued, '$.issued'),
      expires: parseFeedDate(doc.expires, '$.expires'),
      keys: { ...doc.keys },
      roles: structuredClone(doc.roles),
    };
  } catch (e) {
    throw toCliError(e, name);
  }
}

/** Check a draft the way a client will parse it (self-consistency only; signatures come later). */
export async function validateDraft(draft: RootDraft, name: string): Promise<Root> {
  try {
    return await parseRootPayload(parseStrictJson(JSON.stringify(rootPayload(draft))), draft.feedId);
  } catch (e) {
    throw toCliError(e, name);
  }
}

/**
 * Write `draft` unsigned to `path`, unless `existing` (the file as it was opened) already holds exactly
 * this payload: then the file stays as it is, signatures and all (`unchanged`).
 */
export async function writeDraft(
  io: Io,
  path: string,
  draft: RootDraft,
  existing: EnvelopeFile | null = null,
): Promise<{ root: Root; unchanged: boolean }> {
  const root = await validateDraft(draft, display(io, path));
  const next = unsignedEnvelope('root', rootPayload(draft));
  if (existing !== null && existing.payloadType === next.payloadType && bytesEqual(existing.payload, next.payload))
    return { root, unchanged: true };
  await writeBytes(io, path, encodeEnvelope(next));
  return { root, unchanged: false };
}

/**
 * The draft to edit: the file if it exists (returned as `existing`, whose signatures an edit that
 * changes the payload drops), else the next version after the latest committed root, with fresh dates.
 */
export async function openDraft(
  io: Io,
  path: string,
  chain: RootChain,
  expiresDays: number,
): Promise<{ draft: RootDraft; existing: EnvelopeFile | null }> {
  if (await fileExists(io, path)) {
    const env = decodeEnvelope(await readBytes(io, path), display(io, path));
    return { draft: draftFromEnvelope(env, display(io, path)), existing: env };
  }
  const latest = chain.files[chain.files.length - 1]!;
  const base = draftFromEnvelope(decodeEnvelope(latest.bytes, display(io, latest.path)), display(io, latest.path));
  const issued = io.now();
  return { draft: { ...base, version: base.version + 1, issued, expires: issued + expiresDays * 86_400_000 }, existing: null };
}
