/** Git in this checkout, for the bench's record of what it measured and for building other revisions. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Git's output, trimmed; throws when git fails (its message on stderr is kept off the terminal). */
export function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The same, or '' where git cannot answer (a checkout exported without its history). */
export function gitOrEmpty(args: string[]): string {
  try {
    return git(args);
  } catch {
    return '';
  }
}
