/**
 * Exit codes by failure class, so CI and release scripts can react to the kind of failure (an
 * expiring feed wants a re-sign, a conflict wants a version bump) without parsing messages.
 */
import { isFeedError } from '../../src/shared/feed/errors.ts';
import type { FeedErrorCode } from '../../src/shared/feed/errors.ts';
import { RuleSetError } from '../../src/shared/rules/errors.ts';
import { EXTENSION_VERSION } from './extension-version.ts';

export const EXIT = {
  ok: 0,
  usage: 1,
  input: 2,
  verification: 3,
  expiry: 4,
  conflict: 5,
  io: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  usage error (unknown verb or option, missing argument, an argument the verb does not read)
  2  input invalid (JSON, schema, lint or rule test failure, issued in the future; the message names the file and field)
  3  verification failed (signature threshold, wrong role or feed, hash/length/version mismatch, rollback,
     rules whose min_client is above the extension's own version)
  4  expiry (a document expired or expires within the margin; status: within --days)
  5  conflict (version not above the published one, a different immutable file already there,
     a mirror serving a root above the committed one, sign --out onto an envelope of another payload,
     build --out onto a signed envelope, timestamp refresh --out onto one other than a pointer,
     root sign --out onto one other than its draft)
  6  I/O error (read, write, or mirror read-back failed)`;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT.usage, message);
export const inputError = (message: string): CliError => new CliError(EXIT.input, message);

const VERIFICATION_CODES: ReadonlySet<FeedErrorCode> = new Set([
  'THRESHOLD_NOT_MET',
  'WRONG_TYPE',
  'WRONG_FEED',
  'ROLLBACK',
  'EQUIVOCATION',
  'VERSION_MISMATCH',
  'LENGTH_MISMATCH',
  'HASH_MISMATCH',
  'UNSUPPORTED_SCHEMA',
  'CLIENT_TOO_OLD',
  'BAD_BASELINE',
  'STORED_INVALID',
]);

/** The CLI checks rules as this checkout's extension would (common.ts verifyContext): what that refusal means. */
const CLIENT_TOO_OLD_HINT = `; ${EXTENSION_VERSION} is the version manifest.json gives the extension this checkout builds, so no installed client would accept these rules: build them with a lower --min-client (or none), or publish them once an extension that new is released`;

/** Any error → CliError; `file` names the document the verifier was looking at. */
export function toCliError(e: unknown, file?: string): CliError {
  if (e instanceof CliError) return e;
  const where = file === undefined ? '' : `${file}: `;
  if (isFeedError(e)) {
    const code: ExitCode =
      e.code === 'EXPIRED' || e.code === 'ROOT_EXPIRED'
        ? EXIT.expiry
        : VERIFICATION_CODES.has(e.code)
          ? EXIT.verification
          : e.code === 'STORAGE' || e.code === 'NETWORK' || e.code === 'TIMEOUT' || e.code === 'HTTP_STATUS'
            ? EXIT.io
            : EXIT.input;
    return new CliError(code, `${where}${e.message}${e.code === 'CLIENT_TOO_OLD' ? CLIENT_TOO_OLD_HINT : ''}`);
  }
  if (e instanceof RuleSetError) return new CliError(EXIT.input, `${where}${e.message}`);
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err?.code === 'string' && /^E[A-Z]+$/.test(err.code)) return new CliError(EXIT.io, `${where}${String(err.message)}`);
  return new CliError(EXIT.input, `${where}${e instanceof Error ? e.message : String(e)}`);
}
