/**
 * What a failed rules update means in a person's words: each of the feed's fixed error codes
 * (src/shared/feed/errors.ts) names one message key, so the sentence comes from Saq's own text, never from
 * the feed's bytes. Codes a person cannot tell apart share a sentence (four ways a file can be malformed are
 * one "damaged"); a code this list does not know reads as the generic sentence.
 */
import type { FeedErrorCode } from '../shared/feed/errors.ts';

/** A Record over every code: a new code in errors.ts without a sentence here does not compile. */
const SENTENCE_KEYS: Record<FeedErrorCode, string> = {
  BAD_JSON: 'feed_error_damaged',
  BAD_ENCODING: 'feed_error_damaged',
  BAD_ENVELOPE: 'feed_error_damaged',
  BAD_PAYLOAD: 'feed_error_damaged',
  BAD_ROOT: 'feed_error_bad_keys',
  WRONG_TYPE: 'feed_error_wrong_kind',
  WRONG_FEED: 'feed_error_wrong_feed',
  THRESHOLD_NOT_MET: 'feed_error_unsigned',
  ROLLBACK: 'feed_error_rollback',
  EQUIVOCATION: 'feed_error_equivocation',
  VERSION_MISMATCH: 'feed_error_version_mismatch',
  EXPIRED: 'feed_error_expired',
  ROOT_EXPIRED: 'feed_error_keys_expired',
  TOO_LARGE: 'feed_error_too_large',
  LENGTH_MISMATCH: 'feed_error_swapped',
  HASH_MISMATCH: 'feed_error_swapped',
  UNSUPPORTED_SCHEMA: 'feed_error_needs_newer_saq',
  CLIENT_TOO_OLD: 'feed_error_needs_newer_saq',
  COMPILE_FAILED: 'feed_error_not_loaded',
  TOO_MANY_ROTATIONS: 'feed_error_many_key_changes',
  TIMEOUT: 'feed_error_timeout',
  HTTP_STATUS: 'feed_error_server_error',
  REDIRECT: 'feed_error_redirect',
  NETWORK: 'feed_error_network',
  STORAGE: 'feed_error_storage',
  STORED_INVALID: 'feed_error_stored_invalid',
  BAD_BASELINE: 'feed_error_bad_baseline',
};

/** The sentence for anything else: an old background's answer, a stored record from another version. */
export const GENERIC_SENTENCE_KEY = 'feed_error_other';

export function isFeedErrorCode(code: unknown): code is FeedErrorCode {
  return typeof code === 'string' && Object.hasOwn(SENTENCE_KEYS, code);
}

export function feedErrorSentenceKey(code: string | null): string {
  return isFeedErrorCode(code) ? SENTENCE_KEYS[code] : GENERIC_SENTENCE_KEY;
}
