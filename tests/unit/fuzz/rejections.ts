/**
 * "Every rejection a specific error": a fuzzed module may refuse its input only with its own typed
 * error, carrying one of the codes expected at that layer and a path saying where. Anything else (a
 * TypeError from a missed case, a RangeError from recursion, a zod error leaking through) is a crash.
 */
import { FeedError } from '../../../src/shared/feed/errors.ts';
import type { FeedErrorCode } from '../../../src/shared/feed/errors.ts';
import { RuleSetError } from '../../../src/shared/rules/errors.ts';

function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : `non-Error thrown: ${String(e)}`;
}

/** Re-throws (failing the property) unless `e` is a FeedError with one of `allowed` codes and a path. */
export function expectFeedError(e: unknown, allowed: readonly FeedErrorCode[]): FeedError {
  if (!(e instanceof FeedError)) throw new Error(`crash instead of a FeedError: ${describeThrown(e)}`);
  if (!allowed.includes(e.code)) throw new Error(`unexpected code ${e.code} (allowed here: ${allowed.join(', ')}): ${e.message}`);
  if (!e.path) throw new Error(`FeedError ${e.code} without a path: ${e.message}`);
  return e;
}

export function expectRuleSetError(e: unknown): RuleSetError {
  if (!(e instanceof RuleSetError)) throw new Error(`crash instead of a RuleSetError: ${describeThrown(e)}`);
  if (!e.path || e.message === `${e.path}: `) throw new Error(`RuleSetError without a path or reason: ${e.message}`);
  return e;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function attemptAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}
