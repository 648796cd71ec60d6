import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRevision } from '../../../bench/lib/revision-build.ts';

/** A checkout exported without its history has no commit to resolve. */
const inGitCheckout = existsSync(resolve(import.meta.dirname, '../../../.git'));

// `--against` takes git revisions from the command line: a wrong one is named in the error, and nothing that
// git would read as an option gets through.
describe('bench --against revisions', () => {
  it.skipIf(!inGitCheckout)('resolves a revision to its full commit', () => {
    expect(resolveRevision('HEAD')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names a revision that is no commit here', () => {
    expect(() => resolveRevision('no-such-branch-of-saq')).toThrow('--against=no-such-branch-of-saq: no such commit');
  });

  it('refuses what git would read as an option, or what is no revision at all', () => {
    expect(() => resolveRevision('--output=/tmp/x')).toThrow('--against=--output=/tmp/x: not a git revision');
    expect(() => resolveRevision('HEAD; rm -rf /')).toThrow('not a git revision');
  });
});
