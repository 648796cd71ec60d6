/**
 * One error type for the whole feed client, so the refresh loop, the UI and the maintainer CLI can
 * classify failures by a stable code instead of parsing messages.
 */
export const FEED_ERROR_CODES = [
  'BAD_JSON', // not strict JSON (duplicate key, float, unsafe integer, depth, BOM, lone surrogate)
  'BAD_ENCODING', // invalid UTF-8, base64 or hex
  'BAD_ENVELOPE', // DSSE envelope shape wrong (fields, types, > 8 signatures)
  'BAD_PAYLOAD', // payload fields missing, unknown, or of the wrong type/range
  'BAD_ROOT', // root is self-inconsistent (keyid ≠ sha256(pub), duplicate key, bad threshold)
  'WRONG_TYPE', // payloadType or `_type` is not the one expected here
  'WRONG_FEED', // `feed_id` belongs to another feed or channel
  'THRESHOLD_NOT_MET', // fewer distinct authorised keys verified than the role's threshold
  'ROLLBACK', // version below the high-water mark
  'EQUIVOCATION', // same version, different bytes
  'VERSION_MISMATCH', // version differs from what the referring document promised
  'EXPIRED', // pointer or rules past `expires` at t = max(now, timeFloor)
  'ROOT_EXPIRED', // the final trusted root is past `expires`
  'TOO_LARGE', // response body above the cap for its role
  'LENGTH_MISMATCH', // rules blob length differs from the pointer's
  'HASH_MISMATCH', // rules blob SHA-256 differs from the pointer's
  'UNSUPPORTED_SCHEMA', // rules schema major unknown to this client
  'CLIENT_TOO_OLD', // rules require a newer extension (`min_client`)
  'COMPILE_FAILED', // the rules compiler refused the body (budget, unknown kind, …)
  'TOO_MANY_ROTATIONS', // root chain longer than allowed in one refresh (informational)
  'TIMEOUT', // request deadline passed
  'HTTP_STATUS', // unexpected HTTP status
  'REDIRECT', // server tried to redirect (never followed)
  'NETWORK', // fetch rejected for another reason
  'STORAGE', // storage read or write failed
  'STORED_INVALID', // stored state failed re-verification (fell back to the baseline)
  'BAD_BASELINE', // the bundled baseline does not verify: a build error
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

export class FeedError extends Error {
  override readonly name = 'FeedError';
  readonly code: FeedErrorCode;
  /** JSON path or resource the error is about, e.g. `$.signatures[0].keyid` or `timestamp.json`. */
  readonly path: string | undefined;

  constructor(code: FeedErrorCode, message: string, path?: string) {
    super(path === undefined ? `${code}: ${message}` : `${code}: ${message} (at ${path})`);
    this.code = code;
    this.path = path;
  }
}

export function isFeedError(e: unknown): e is FeedError {
  return e instanceof FeedError;
}

/** Wrap anything thrown into a FeedError so callers only ever see stable codes. */
export function toFeedError(e: unknown, fallback: FeedErrorCode): FeedError {
  if (e instanceof FeedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FeedError(fallback, message);
}
